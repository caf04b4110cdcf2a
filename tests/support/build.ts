import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
/** The compiled admin command line that the tests run (as `npm run admin` does). */
export const COMPILED_CLI = path.join(ROOT, "dist/admin/admin.cli.js");

function newestSourceMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    const mtime = entry.isDirectory() ? newestSourceMtime(full) : entry.name.endsWith(".ts") ? statSync(full).mtimeMs : 0;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function builtMtime(): number {
  try {
    return statSync(COMPILED_CLI).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Builds dist/ (`tsc -p tsconfig.json`, as `npm run build`) when it is missing or older than any file under src/, so
 * that `npm test` on a fresh clone or after an edit runs the compiled code it tests. Called once by the global setup.
 */
export function ensureBuilt(): void {
  if (builtMtime() >= newestSourceMtime(path.join(ROOT, "src"))) return;
  const tsc = require.resolve("typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm run build failed, so the compiled admin command line cannot be tested:\n${run.stdout}${run.stderr}`);
}

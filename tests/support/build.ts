import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
/** The compiled admin command line that the tests run (as `npm run admin` does). */
export const COMPILED_CLI = path.join(ROOT, "dist/admin/admin.cli.js");
/** The declarations of the package's client (`customer-details-api/client`). */
const CLIENT_DECLARATIONS = path.join(ROOT, "dist/client/index.d.ts");

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
    return Math.min(statSync(COMPILED_CLI).mtimeMs, statSync(CLIENT_DECLARATIONS).mtimeMs);
  } catch {
    return 0;
  }
}

/**
 * Builds dist/ as `npm run build` does (`tsc -p tsconfig.json`, then the client's declarations with
 * tsconfig.client.json) when it is missing or older than any file under src/, so that `npm test` on a fresh clone or
 * after an edit runs the compiled code it tests. Called once by the global setup.
 */
export function ensureBuilt(): void {
  if (builtMtime() >= newestSourceMtime(path.join(ROOT, "src"))) return;
  const tsc = require.resolve("typescript/bin/tsc");
  for (const project of ["tsconfig.json", "tsconfig.client.json"]) {
    const run = spawnSync(process.execPath, [tsc, "-p", project], { cwd: ROOT, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`npm run build failed (${project}), so the compiled code cannot be tested:\n${run.stdout}${run.stderr}`);
  }
}

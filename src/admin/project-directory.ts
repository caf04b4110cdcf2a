import { existsSync, realpathSync } from "node:fs";
import path from "node:path";

/** The service's own directory (this file is src/admin/ or dist/admin/ inside it). */
export const PROJECT_DIRECTORY = path.resolve(__dirname, "..", "..");

/**
 * Why the command line must not run here, or null. The embedded default (`file:./data/db`) is relative to the
 * working directory: run from anywhere else, a command would open (and migrate) a new, empty database there instead
 * of the service's.
 */
export function misplacedEmbeddedDatabase(databaseUrl: string, cwd = process.cwd()): string | null {
  const target = databaseUrl.slice("file:".length);
  if (!databaseUrl.startsWith("file:") || path.isAbsolute(target)) return null;
  if (sameDirectory(cwd, PROJECT_DIRECTORY) || existsSync(path.resolve(cwd, target))) return null;
  return [
    `No embedded database at ${path.resolve(cwd, target)}: the admin command line runs in the service's directory.`,
    `Run it there:  cd ${PROJECT_DIRECTORY} && npm run --silent admin -- <command>`,
    `or from here:  npm --prefix ${PROJECT_DIRECTORY} run --silent admin -- <command>`,
    "(or set DATABASE_URL to the database to use).",
  ].join("\n");
}

function sameDirectory(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

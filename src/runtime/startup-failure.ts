import { JwtSecretError } from "../auth/jwt-secret";
import { ConfigError } from "../config";
import { MigrationError } from "../db/migrations";
import { isDatabaseUnavailable } from "../errors/database-unavailable";

/**
 * What the service says when it cannot start: one line a user can act on. A stack trace only in development, and
 * only for what nobody foresaw.
 */
export function startupFailure(error: unknown, env: NodeJS.ProcessEnv): string {
  if (error instanceof ConfigError || error instanceof JwtSecretError || error instanceof MigrationError) return error.message;
  if (isDatabaseUnavailable(error)) {
    const url = redacted(env.DATABASE_URL);
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return `Cannot reach the database at DATABASE_URL=${url} (${reason}). Start it, or point DATABASE_URL at one (unset: the embedded database in ./data/db).`;
  }
  const development = (env.NODE_ENV ?? "development") === "development";
  if (error instanceof Error) return development ? (error.stack ?? error.message) : `Could not start: ${error.message}`;
  return `Could not start: ${String(error)}`;
}

/** The URL without its password. */
function redacted(url: string | undefined): string {
  if (url === undefined || url === "") return "(unset)";
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}

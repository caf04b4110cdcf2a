import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { isHmacAlgorithm, type Config } from "../config";

/** The file in the data directory that keeps the generated development secret. */
export const GENERATED_SECRET_FILE = "jwt-secret";

export class JwtSecretError extends Error {
  override name = "JwtSecretError";
}

/**
 * The configuration with the HMAC secret tokens are signed and verified with. A configured JWT_SECRET (required in
 * production, and off the loopback interface: config.ts) is used as it is. Without one, outside production, a random
 * secret is generated once and kept in the data directory (mode 0600), so that demo tokens keep working across
 * restarts and the admin command line signs with the same secret as the service. No secret is ever written in the
 * source. Public-key algorithms need no secret (nor does a service that accepts only identity providers' tokens).
 */
export async function withJwtSecret(config: Config): Promise<Config> {
  const hmac = config.jwt.algorithms.some(isHmacAlgorithm);
  let resolved = config;
  if (hmac && !config.jwt.secret) {
    if (config.env === "production") throw new JwtSecretError("JWT_SECRET must be set in production.");
    resolved = { ...config, jwt: { ...config.jwt, secret: await generatedSecret(config.dataDir) } };
  }
  // The history's cursor key, unless configured: derived from the JWT secret, or (public-key tokens and no
  // HISTORY_CURSOR_SECRET) random for this process.
  if (!resolved.historyCursorSecret) {
    const secret = resolved.jwt.secret ? `history-cursor:${resolved.jwt.secret}` : randomBytes(32).toString("base64url");
    resolved = { ...resolved, historyCursorSecret: secret };
  }
  return resolved;
}

/** Reads the generated secret, or creates it (exclusively: of two processes starting at once, one writes it). */
async function generatedSecret(dataDir: string): Promise<string> {
  const file = path.resolve(dataDir, GENERATED_SECRET_FILE);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, `${randomBytes(48).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new JwtSecretError(`Cannot write the development JWT secret to ${file}: ${(error as Error).message}. Set JWT_SECRET or DATA_DIR.`);
    }
  }
  // Someone may have loosened it; nobody but the owner reads a signing key.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  const secret = (await readFile(file, "utf8")).trim();
  if (secret.length < 32) {
    throw new JwtSecretError(`${file} does not hold a usable JWT secret (32+ characters): delete it to have a new one generated, or set JWT_SECRET.`);
  }
  return secret;
}

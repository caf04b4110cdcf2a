import { createPublicKey, createSecretKey, type KeyObject } from "node:crypto";
import jwt, { type Algorithm, type JwtPayload } from "jsonwebtoken";
import type { Config } from "../config";

/**
 * Verifies (and, with an HMAC secret, issues) bearer tokens. The key object is built once: verifying
 * with a KeyObject costs microseconds, with a plain string secret about a third of a millisecond.
 */
export class TokenService {
  private readonly key: KeyObject;
  private readonly algorithms: Algorithm[];
  /** JWT_MAX_AGE, in seconds: no token lives longer (`sign` refuses to issue one). */
  readonly maxAgeSeconds: number;

  constructor(private readonly config: Config["jwt"]) {
    this.algorithms = config.algorithms;
    this.maxAgeSeconds = config.maxAgeSeconds;
    const hmac = config.algorithms.every((alg) => alg.startsWith("HS"));
    if (hmac && !config.secret) throw new Error("No JWT secret: resolve it with withJwtSecret() first (src/auth/jwt-secret.ts).");
    this.key = hmac ? createSecretKey(Buffer.from(config.secret ?? "", "utf8")) : createPublicKey(config.publicKey ?? "");
  }

  /**
   * The user id of a valid token, or null: missing exp, expired, not yet valid, bad signature, wrong iss/aud, a
   * `crit` header (RFC 7515: extensions this service does not understand must make the token invalid), or a lifetime
   * beyond JWT_MAX_AGE, measured as exp − iat and as exp − now (so that neither a long-lived token nor one with a
   * made-up future iat passes).
   */
  verify(token: string, now: number = Date.now()): number | null {
    let verified: jwt.Jwt;
    try {
      verified = jwt.verify(token, this.key, {
        algorithms: this.algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        clockTimestamp: Math.floor(now / 1000),
        issuer: this.config.issuer,
        audience: this.config.audience,
        complete: true,
      });
    } catch {
      return null;
    }
    if ("crit" in verified.header) return null;
    const payload: JwtPayload | string = verified.payload;
    if (typeof payload === "string" || typeof payload.exp !== "number") return null;
    if (!this.withinMaxAge(payload.exp, payload.iat, now)) return null;
    const userId = Number(payload.sub);
    return Number.isSafeInteger(userId) && userId > 0 && String(userId) === payload.sub ? userId : null;
  }

  private withinMaxAge(exp: number, iat: number | undefined, now: number): boolean {
    const max = this.config.maxAgeSeconds;
    if (typeof iat === "number" && exp - iat > max) return false;
    return exp - now / 1000 <= max + CLOCK_TOLERANCE_SECONDS;
  }

  /**
   * Issues a token for a user (demo data and the admin `token` command); HMAC algorithms only. A lifetime beyond
   * JWT_MAX_AGE is refused (TokenLifetimeError), as verifying would refuse the token.
   */
  sign(userId: number, expiresIn: string | number = "1h"): string {
    const algorithm = this.algorithms[0];
    if (!algorithm?.startsWith("HS")) {
      throw new Error("Tokens can only be issued here with an HMAC algorithm (HS256/384/512); use your identity provider for RS/ES keys.");
    }
    const token = jwt.sign({}, this.key, {
      algorithm,
      subject: String(userId),
      expiresIn: expiresIn as jwt.SignOptions["expiresIn"],
      ...(this.config.issuer ? { issuer: this.config.issuer } : {}),
      ...(this.config.audience ? { audience: this.config.audience } : {}),
    });
    // The lifetime as jsonwebtoken read `expiresIn` ("90m", "2 days", 3600...), so both sides agree on it.
    const { exp, iat } = jwt.decode(token) as JwtPayload;
    if (typeof exp !== "number" || typeof iat !== "number" || exp - iat > this.config.maxAgeSeconds) {
      throw new TokenLifetimeError(`--expires-in ${String(expiresIn)} is longer than JWT_MAX_AGE (${this.config.maxAgeSeconds} s).`);
    }
    return token;
  }
}

const CLOCK_TOLERANCE_SECONDS = 30;

export class TokenLifetimeError extends Error {
  override name = "TokenLifetimeError";
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

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

  constructor(private readonly config: Config["jwt"]) {
    this.algorithms = config.algorithms;
    const hmac = config.algorithms.every((alg) => alg.startsWith("HS"));
    if (hmac && !config.secret) throw new Error("No JWT secret: resolve it with withJwtSecret() first (src/auth/jwt-secret.ts).");
    this.key = hmac ? createSecretKey(Buffer.from(config.secret ?? "", "utf8")) : createPublicKey(config.publicKey ?? "");
  }

  /** The user id of a valid token, or null (missing exp, expired, not yet valid, bad signature, wrong iss/aud...). */
  verify(token: string): number | null {
    let payload: JwtPayload | string;
    try {
      payload = jwt.verify(token, this.key, {
        algorithms: this.algorithms,
        clockTolerance: 30,
        issuer: this.config.issuer,
        audience: this.config.audience,
        complete: false,
      });
    } catch {
      return null;
    }
    if (typeof payload === "string" || typeof payload.exp !== "number") return null;
    const userId = Number(payload.sub);
    return Number.isSafeInteger(userId) && userId > 0 && String(userId) === payload.sub ? userId : null;
  }

  /** Issues a token for a user (demo data and the admin `token` command); HMAC algorithms only. */
  sign(userId: number, expiresIn: string | number = "1h"): string {
    const algorithm = this.algorithms[0];
    if (!algorithm?.startsWith("HS")) {
      throw new Error("Tokens can only be issued here with an HMAC algorithm (HS256/384/512); use your identity provider for RS/ES keys.");
    }
    return jwt.sign({}, this.key, {
      algorithm,
      subject: String(userId),
      expiresIn: expiresIn as jwt.SignOptions["expiresIn"],
      ...(this.config.issuer ? { issuer: this.config.issuer } : {}),
      ...(this.config.audience ? { audience: this.config.audience } : {}),
    });
  }
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

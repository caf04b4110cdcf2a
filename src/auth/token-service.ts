import { createPublicKey, createSecretKey, type KeyObject } from "node:crypto";
import jwt, { type Algorithm, type JwtPayload } from "jsonwebtoken";
import { isHmacAlgorithm, type Config } from "../config";
import { KeySets } from "./key-sets";
import type { KeySetLogger } from "./remote-key-set";
import { CLOCK_TOLERANCE_SECONDS, withinMaxAge } from "./token-lifetime";
import type { TokenSubject } from "./token-subject";

/**
 * Verifies bearer tokens, and issues the service's own. Two kinds of tokens:
 * - the service's own (HMAC with JWT_SECRET, or RS/ES/PS with a static JWT_PUBLIC_KEY), naming the user's numeric id;
 *   the key object is built once (verifying with a KeyObject costs microseconds, with a plain string a third of a ms);
 * - with JWT_JWKS_URL, tokens of the identity providers' key sets (src/auth/key-sets.ts), naming an external id.
 * A token's `alg` decides which verifies it: an HMAC token is only ever checked with the secret, a public-key token
 * only ever with a key set (so neither can be passed off as the other).
 */
export class TokenService {
  /** The key and algorithms of the service's own tokens; null when only key sets verify (no HMAC allowed). */
  private readonly own: { key: KeyObject; algorithms: Algorithm[]; issuer?: string } | null;
  private readonly keySets: KeySets | null;
  /** JWT_MAX_AGE, in seconds: no token lives longer (`sign` refuses to issue one). */
  readonly maxAgeSeconds: number;
  /** Whether this service can issue tokens (an HMAC algorithm is allowed): the admin `token` command, the demo. */
  readonly canSign: boolean;

  /** `now`: the clock the key sets' cache runs on (tests move it); token lifetimes are checked against real time. */
  constructor(
    private readonly config: Config["jwt"],
    now: () => number = Date.now,
  ) {
    this.maxAgeSeconds = config.maxAgeSeconds;
    this.keySets = config.jwksUrls.length > 0 ? new KeySets(config, now) : null;
    const hmac = config.algorithms.filter(isHmacAlgorithm) as Algorithm[];
    if (hmac.length > 0 && !config.secret) throw new Error("No JWT secret: resolve it with withJwtSecret() first (src/auth/jwt-secret.ts).");
    // With key sets, JWT_ISSUER names the providers: the service's own tokens carry none.
    const issuer = this.keySets ? undefined : config.issuers[0];
    if (this.keySets) {
      this.own = hmac.length > 0 ? { key: createSecretKey(Buffer.from(config.secret ?? "", "utf8")), algorithms: hmac, issuer } : null;
    } else {
      const key = hmac.length > 0 ? createSecretKey(Buffer.from(config.secret ?? "", "utf8")) : createPublicKey(config.publicKey ?? "");
      // jsonwebtoken has no EdDSA: config.ts allows it only beside JWT_JWKS_URL.
      this.own = { key, algorithms: config.algorithms.filter((alg): alg is Algorithm & typeof alg => alg !== "EdDSA"), issuer };
    }
    this.canSign = this.own?.algorithms.some(isHmacAlgorithm) ?? false;
  }

  /** Starts fetching the identity providers' keys in the background (app.ts, once the app is ready). */
  start(log: KeySetLogger): void {
    this.keySets?.start(log);
  }

  /** Whom a valid token names, or null (→ 401). */
  async verify(token: string, now: number = Date.now()): Promise<TokenSubject | null> {
    if (this.keySets && !isHmacAlgorithm(headerAlgorithm(token) ?? "HS")) return this.keySets.verify(token);
    const userId = this.verifyOwn(token, now);
    return userId === null ? null : { kind: "user", userId };
  }

  /**
   * The user id of a valid token of the service's own, or null: missing exp, expired, not yet valid, bad signature,
   * wrong iss/aud, a `crit` header (RFC 7515: extensions this service does not understand must make the token
   * invalid), or a lifetime beyond JWT_MAX_AGE (token-lifetime.ts).
   */
  private verifyOwn(token: string, now: number): number | null {
    if (!this.own) return null;
    let verified: jwt.Jwt;
    try {
      verified = jwt.verify(token, this.own.key, {
        algorithms: this.own.algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        clockTimestamp: Math.floor(now / 1000),
        issuer: this.own.issuer,
        audience: this.config.audience,
        complete: true,
      });
    } catch {
      return null;
    }
    if ("crit" in verified.header) return null;
    const payload: JwtPayload | string = verified.payload;
    if (typeof payload === "string" || typeof payload.exp !== "number") return null;
    if (!withinMaxAge(this.maxAgeSeconds, payload.exp, payload.iat, now / 1000)) return null;
    const userId = Number(payload.sub);
    return Number.isSafeInteger(userId) && userId > 0 && String(userId) === payload.sub ? userId : null;
  }

  /** When a token that `verify` accepted expires (its `exp`, in milliseconds); 0 when it carries none. */
  expiresAt(token: string): number {
    const decoded = jwt.decode(token, { json: true });
    return typeof decoded?.exp === "number" ? decoded.exp * 1000 : 0;
  }

  /**
   * Issues a token for a user (demo data and the admin `token` command); HMAC algorithms only. A lifetime beyond
   * JWT_MAX_AGE is refused (TokenLifetimeError), as verifying would refuse the token.
   */
  sign(userId: number, expiresIn: string | number = "1h"): string {
    const algorithm = this.own?.algorithms.find(isHmacAlgorithm);
    if (!this.own || !algorithm) {
      throw new TokenIssueError("Tokens can only be issued here with an HMAC algorithm (HS256/384/512 in JWT_ALGORITHMS); use your identity provider for RS/ES/PS/EdDSA keys.");
    }
    const token = jwt.sign({}, this.own.key, {
      algorithm,
      subject: String(userId),
      expiresIn: expiresIn as jwt.SignOptions["expiresIn"],
      ...(this.own.issuer ? { issuer: this.own.issuer } : {}),
      ...(this.config.audience ? { audience: this.config.audience } : {}),
    });
    // The lifetime as jsonwebtoken read `expiresIn` ("90m", "2 days", 3600...), so both sides agree on it.
    const { exp, iat } = jwt.decode(token) as JwtPayload;
    if (typeof exp !== "number" || typeof iat !== "number" || exp - iat > this.maxAgeSeconds) {
      throw new TokenLifetimeError(`--expires-in ${String(expiresIn)} is longer than JWT_MAX_AGE (${this.maxAgeSeconds} s).`);
    }
    return token;
  }
}

/** The `alg` of a token's header, or null when it has none or is not a JWT. */
function headerAlgorithm(token: string): string | null {
  const header = jwt.decode(token, { complete: true })?.header;
  return typeof header?.alg === "string" ? header.alg : null;
}

export class TokenLifetimeError extends Error {
  override name = "TokenLifetimeError";
}

/** This configuration issues no tokens (only public-key algorithms are allowed). */
export class TokenIssueError extends Error {
  override name = "TokenIssueError";
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

import type { Config } from "../config";
import { isHmacAlgorithm } from "../config";
import { loadJose } from "./jose";
import { RemoteKeySet, type KeySetLogger } from "./remote-key-set";
import { CLOCK_TOLERANCE_SECONDS, withinMaxAge } from "./token-lifetime";
import type { TokenSubject } from "./token-subject";

/** The longest external id a user can have (users.external_id). */
export const EXTERNAL_ID_MAX_LENGTH = 255;

interface Provider {
  /** The `iss` its tokens carry (JWT_ISSUER, same position as the URL); none: one provider, issuer not checked. */
  issuer?: string;
  keys: RemoteKeySet;
}

/**
 * Tokens from the organisation's identity providers (JWT_JWKS_URL, docs/behaviour.md section 15): each token is verified with
 * the key set of the provider whose issuer it names, with an allowed public-key algorithm only (RS256, PS256, ES256,
 * EdDSA... from JWT_ALGORITHMS; never HMAC, never `none`), `exp` required, `aud` checked when configured, no `crit`,
 * and a lifetime within JWT_MAX_AGE. Whom it names is JWT_USER_CLAIM, an external id.
 */
export class KeySets {
  private readonly providers: Provider[];
  private readonly algorithms: string[];

  /** `now`: the clock the key sets' cache and fetch bound run on (token times are checked against real time). */
  constructor(
    private readonly config: Config["jwt"],
    now: () => number,
  ) {
    this.algorithms = config.algorithms.filter((alg) => !isHmacAlgorithm(alg));
    this.providers = config.jwksUrls.map((url, index) => ({ issuer: config.issuers[index], keys: new RemoteKeySet(url, now) }));
  }

  /** Starts fetching every provider's keys in the background (start-up never waits for them). */
  start(log: KeySetLogger): void {
    for (const provider of this.providers) provider.keys.start(log);
  }

  /** The external id a valid token names, or null (anything wrong with the token or its key → 401, never a 5xx). */
  async verify(token: string): Promise<TokenSubject | null> {
    const jose = await loadJose();
    let issuer: unknown;
    try {
      const header = jose.decodeProtectedHeader(token);
      // Refused before any key is looked up: a forged header never reaches the provider.
      if ("crit" in header || typeof header.alg !== "string" || !this.algorithms.includes(header.alg)) return null;
      issuer = jose.decodeJwt(token).iss;
    } catch {
      return null;
    }
    const only = this.providers.length === 1 ? this.providers[0] : undefined;
    const provider = only && only.issuer === undefined ? only : this.providers.find((candidate) => candidate.issuer === issuer);
    if (!provider) return null;
    try {
      const { payload } = await jose.jwtVerify(token, await provider.keys.keys(), {
        algorithms: this.algorithms,
        ...(provider.issuer === undefined ? {} : { issuer: provider.issuer }),
        ...(this.config.audience === undefined ? {} : { audience: this.config.audience }),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ["exp"],
      });
      if (typeof payload.exp !== "number" || !withinMaxAge(this.config.maxAgeSeconds, payload.exp, payload.iat, Date.now() / 1000)) return null;
      const externalId = payload[this.config.userClaim];
      if (typeof externalId !== "string" || externalId === "" || externalId.length > EXTERNAL_ID_MAX_LENGTH) return null;
      return { kind: "external", externalId };
    } catch {
      // A bad signature, claims that do not hold, an unknown kid, the provider unreachable or cooling down: 401.
      return null;
    }
  }
}

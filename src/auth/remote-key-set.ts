import type { JWTVerifyGetKey, RemoteJWKSet } from "jose";
import { loadJose } from "./jose";

/** An identity provider's key set is fetched at most once per this long (an unknown kid, a refresh, a failure alike). */
export const KEY_SET_COOLDOWN_MS = 30_000;
/** Keys are refreshed after the response's Cache-Control max-age, clamped to [30 s, 1 h]; without one, 10 minutes. */
export const KEY_SET_DEFAULT_MAX_AGE_MS = 600_000;
export const KEY_SET_LONGEST_MAX_AGE_MS = 3_600_000;
/** A fetch that has not answered by then has failed (jose aborts it). */
export const KEY_SET_FETCH_TIMEOUT_MS = 5_000;

/** The part of Fastify's (pino's) logger a key set reports to. */
export interface KeySetLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const silentLogger: KeySetLogger = { info: () => undefined, warn: () => undefined };

/** A fetch refused because the last one (successful or not) started less than KEY_SET_COOLDOWN_MS ago. */
export class KeySetCoolingDown extends Error {
  override name = "KeySetCoolingDown";
}

/**
 * One identity provider's JSON Web Key Set (a JWT_JWKS_URL). jose's createRemoteJWKSet fetches it, selects the key by
 * `kid` and `alg`, imports it and shares one fetch among concurrent callers. What this class adds is the contract's
 * bound on the provider (docs/behaviour.md section 15), which jose does not keep on its own: jose's cooldown only counts
 * successful fetches (while the provider is down, every unknown kid would reach it again) and its age-based reload
 * fails the request when the provider is down. So jose's own cooldown and age limit are turned off, every fetch jose
 * makes goes through `fetch` below (jose's customFetch), which starts at most one per KEY_SET_COOLDOWN_MS, and the
 * age-based refresh (the response's Cache-Control max-age) runs in the background while the cached keys keep
 * verifying. Nothing waits for the provider at start-up: `prefetch` starts the first fetch without awaiting it.
 */
export class RemoteKeySet {
  private jwks: Promise<RemoteJWKSet> | undefined;
  /** When the last fetch started, and until when the keys of the last successful one are fresh (clock ms). */
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private freshUntil = Number.NEGATIVE_INFINITY;
  private log: KeySetLogger = silentLogger;

  constructor(
    readonly url: string,
    private readonly now: () => number,
  ) {}

  /** Reports fetch failures to `log` from now on, and starts fetching the keys (not awaited). */
  start(log: KeySetLogger): void {
    this.log = log;
    this.refresh();
  }

  /** jwtVerify's key getter: the cached keys (refreshed in the background once stale), fetched on first use. */
  async keys(): Promise<JWTVerifyGetKey> {
    const jwks = await this.remote();
    if (this.now() >= this.freshUntil && jwks.jwks() !== undefined) this.refresh();
    return jwks;
  }

  private refresh(): void {
    if (!this.mayFetch()) return;
    this.remote()
      .then((jwks) => (jwks.reloading ? undefined : jwks.reload()))
      .catch(() => undefined); // reported by fetch(); the cached keys keep working
  }

  private remote(): Promise<RemoteJWKSet> {
    this.jwks ??= loadJose().then((jose) =>
      jose.createRemoteJWKSet(new URL(this.url), {
        timeoutDuration: KEY_SET_FETCH_TIMEOUT_MS,
        cooldownDuration: 0,
        cacheMaxAge: Number.POSITIVE_INFINITY,
        [jose.customFetch]: (url, init) => this.fetch(url, init),
      }),
    );
    return this.jwks;
  }

  private mayFetch(): boolean {
    return this.now() - this.lastAttemptAt >= KEY_SET_COOLDOWN_MS;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    if (!this.mayFetch()) throw new KeySetCoolingDown(`${this.url} was fetched less than ${KEY_SET_COOLDOWN_MS / 1000} s ago`);
    const startedAt = this.now();
    this.lastAttemptAt = startedAt;
    try {
      const response = await fetch(url, init);
      if (response.status === 200) {
        this.freshUntil = startedAt + maxAgeMs(response.headers.get("cache-control"));
      } else {
        this.log.warn({ url: this.url, status: response.status }, "identity provider's key set could not be fetched; cached keys stay in use");
      }
      return response;
    } catch (error) {
      this.log.warn({ url: this.url, err: error }, "identity provider's key set unreachable; cached keys stay in use");
      throw error;
    }
  }
}

/** How long a response's keys are fresh: its Cache-Control max-age (no-cache, no-store: 0), clamped to [30 s, 1 h]. */
export function maxAgeMs(cacheControl: string | null): number {
  const directives = (cacheControl ?? "").toLowerCase().split(",").map((item) => item.trim());
  const maxAge = directives.map((item) => /^max-age\s*=\s*"?(\d+)"?$/.exec(item)?.[1]).find((value) => value !== undefined);
  const seconds = directives.includes("no-cache") || directives.includes("no-store") ? 0 : maxAge === undefined ? undefined : Number(maxAge);
  if (seconds === undefined) return KEY_SET_DEFAULT_MAX_AGE_MS;
  return Math.min(KEY_SET_LONGEST_MAX_AGE_MS, Math.max(KEY_SET_COOLDOWN_MS, seconds * 1000));
}

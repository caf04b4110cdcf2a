/** An exponential back-off: the first retry waits `baseMs`, each further one twice as long, at most `maxMs`. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
  /** ± this fraction of the delay at random (0.2: 80-120 %), so that instances do not retry in lockstep; default 0. */
  jitter?: number;
}

/** The delay before the retry that follows `retries` earlier retries (0: the first): baseMs × 2^retries, capped. */
export function backoffDelay(backoff: Backoff, retries: number, random: () => number = Math.random): number {
  const exponential = backoff.baseMs * 2 ** Math.min(Math.max(retries, 0), 40);
  const capped = Math.min(exponential, backoff.maxMs);
  const jitter = backoff.jitter ?? 0;
  return jitter === 0 ? capped : Math.round(capped * (1 - jitter + random() * 2 * jitter));
}

/** Clock skew allowed on exp and nbf, in seconds (docs/behaviour.md section 1: at most 30 s). */
export const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * JWT_MAX_AGE: no token lives longer, measured as exp − iat and as exp − now (so that neither a long-lived token nor
 * one with a made-up iat passes). Times in seconds since the epoch.
 */
export function withinMaxAge(maxAgeSeconds: number, exp: number, iat: number | undefined, nowSeconds: number): boolean {
  if (typeof iat === "number" && exp - iat > maxAgeSeconds) return false;
  return exp - nowSeconds <= maxAgeSeconds + CLOCK_TOLERANCE_SECONDS;
}

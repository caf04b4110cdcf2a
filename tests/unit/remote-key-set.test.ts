import { KEY_SET_COOLDOWN_MS, KEY_SET_DEFAULT_MAX_AGE_MS, KEY_SET_LONGEST_MAX_AGE_MS, maxAgeMs } from "../../src/auth/remote-key-set";

describe("how long an identity provider's keys are kept (Cache-Control, docs/behaviour.md section 15)", () => {
  it.each([
    ["public, max-age=300", 300_000],
    ["max-age=600, must-revalidate", 600_000],
    ['MAX-AGE="120"', 120_000],
    // Auth0 says 15 s; nothing is refetched more than once per 30 s anyway.
    ["public, max-age=15, stale-while-revalidate=15, stale-if-error=86400", KEY_SET_COOLDOWN_MS],
    ["no-cache", KEY_SET_COOLDOWN_MS],
    ["no-store, max-age=600", KEY_SET_COOLDOWN_MS],
    ["max-age=0", KEY_SET_COOLDOWN_MS],
    ["public, max-age=86400", KEY_SET_LONGEST_MAX_AGE_MS],
    ["public", KEY_SET_DEFAULT_MAX_AGE_MS],
    ["max-age=soon", KEY_SET_DEFAULT_MAX_AGE_MS],
    [null, KEY_SET_DEFAULT_MAX_AGE_MS],
  ])("Cache-Control %p → %d ms", (header, expected) => {
    expect(maxAgeMs(header)).toBe(expected);
  });

  it("keeps the bounds the README states: 30 s between fetches, 10 minutes without max-age, an hour at most", () => {
    expect([KEY_SET_COOLDOWN_MS, KEY_SET_DEFAULT_MAX_AGE_MS, KEY_SET_LONGEST_MAX_AGE_MS]).toEqual([30_000, 600_000, 3_600_000]);
  });
});

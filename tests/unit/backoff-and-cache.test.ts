import { backoffDelay } from "../../src/shared/backoff";
import { ExpiringCache } from "../../src/shared/expiring-cache";

describe("backoffDelay", () => {
  it("waits base × 2^retries, at most the maximum", () => {
    const backoff = { baseMs: 100, maxMs: 5_000 };
    expect([0, 1, 2, 5, 6, 1_000].map((retries) => backoffDelay(backoff, retries))).toEqual([100, 200, 400, 3_200, 5_000, 5_000]);
    expect(backoffDelay(backoff, -1)).toBe(100);
  });

  it("spreads the delay by ± the jitter fraction", () => {
    const backoff = { baseMs: 1_000, maxMs: 60_000, jitter: 0.2 };
    expect(backoffDelay(backoff, 1, () => 0)).toBe(1_600);
    expect(backoffDelay(backoff, 1, () => 0.5)).toBe(2_000);
    expect(backoffDelay(backoff, 1, () => 1)).toBe(2_400);
  });
});

describe("ExpiringCache", () => {
  it("shares one load among concurrent callers and keeps it until it expires or is cleared", async () => {
    let loads = 0;
    const load = async () => ++loads;
    const cache = new ExpiringCache<string, number>(60_000);
    expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1]);
    expect(await cache.get("b", load)).toBe(2);
    cache.clear();
    expect(await cache.get("a", load)).toBe(3);

    const brief = new ExpiringCache<string, number>(20);
    expect(await brief.get("a", load)).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 40)); // past the 20 ms lifetime: this test is about time
    expect(await brief.get("a", load)).toBe(5);
  });

  it("does not keep a failed load, and caches nothing with a lifetime of 0", async () => {
    const cache = new ExpiringCache<string, number>(60_000);
    await expect(cache.get("a", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("a", async () => 7)).toBe(7);

    let loads = 0;
    const off = new ExpiringCache<string, number>(0);
    await off.get("a", async () => ++loads);
    await off.get("a", async () => ++loads);
    expect(loads).toBe(2);
  });

  it("starts afresh past its size limit", async () => {
    const cache = new ExpiringCache<number, number>(60_000, 2);
    let loads = 0;
    for (const key of [1, 2, 3, 1]) await cache.get(key, async () => ++loads);
    expect(loads).toBe(4);
  });
});

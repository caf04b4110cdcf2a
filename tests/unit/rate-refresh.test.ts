import { nextDailyRun, RateRefresher, type RefreshJob, type RefreshTimers } from "../../src/currency/rate-refresh";
import type { StoreResult } from "../../src/currency/rates.store";

/** A clock and timers under the test's control: nothing runs until `fire()`. */
class FakeTime implements RefreshTimers {
  now = new Date("2025-11-21T10:00:00Z");
  private next = 1;
  readonly pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now.getTime() + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** When the single pending timer is due (ISO). */
  due(): string {
    return new Date(this.only()[1].at).toISOString();
  }
  /** Moves the clock to the pending timer and runs it. */
  fire(): void {
    const [id, timer] = this.only();
    this.pending.delete(id);
    this.now = new Date(timer.at);
    timer.callback();
  }
  private only(): [number, { at: number; callback: () => void }] {
    const entries = [...this.pending.entries()];
    expect(entries).toHaveLength(1);
    return entries[0] as [number, { at: number; callback: () => void }];
  }
}

const stored: StoreResult = { source: "ecb", dates: ["2025-11-20", "2025-11-21"], pairs: ["EUR/USD"], count: 2, changed: 1 };
const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(outcomes: (StoreResult | Error)[], retryBaseMs = 1000) {
  const time = new FakeTime();
  const calls: AbortSignal[] = [];
  const job: RefreshJob = async (signal) => {
    calls.push(signal);
    const outcome = outcomes.shift() ?? stored;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  const logs: { level: string; details: object; message: string }[] = [];
  const log = {
    info: (details: object, message: string) => logs.push({ level: "info", details, message }),
    warn: (details: object, message: string) => logs.push({ level: "warn", details, message }),
  };
  const refresher = new RateRefresher(
    job,
    { source: "ecb", url: "http://127.0.0.1:1/rates.xml", hourUtc: 16, retryBaseMs, retryMaxMs: 3_600_000 },
    { now: () => time.now },
    time,
  );
  return { time, calls, logs, log, refresher };
}

describe("RateRefresher", () => {
  it("fetches right after start (without waiting for it), then daily at the configured UTC hour", async () => {
    const { time, calls, log, logs, refresher } = setup([]);
    refresher.start(log);
    expect(calls).toHaveLength(0);
    expect(time.due()).toBe("2025-11-21T10:00:00.000Z");
    expect(refresher.state()).toMatchObject({ lastSuccessAt: null, lastError: null, nextAttemptAt: "2025-11-21T10:00:00.000Z" });

    time.fire();
    expect(refresher.state().running).toBe(true);
    await flush();
    expect(calls).toHaveLength(1);
    expect(refresher.state()).toEqual({
      source: "ecb",
      url: "http://127.0.0.1:1/rates.xml",
      running: false,
      lastAttemptAt: "2025-11-21T10:00:00.000Z",
      lastSuccessAt: "2025-11-21T10:00:00.000Z",
      lastResult: { newestDate: "2025-11-21", dates: 2, count: 2, changed: 1 },
      lastError: null,
      consecutiveFailures: 0,
      nextAttemptAt: "2025-11-21T16:00:00.000Z",
    });
    expect(logs).toEqual([{ level: "info", details: expect.objectContaining({ source: "ecb", count: 2 }), message: "exchange rates refreshed" }]);

    time.fire();
    await flush();
    expect(calls).toHaveLength(2);
    expect(time.due()).toBe("2025-11-22T16:00:00.000Z");
  });

  it("retries a failure with exponential back-off, capped at an hour, keeps the error until a success", async () => {
    const failures = Array.from({ length: 14 }, (_, n) => new Error(`Cannot fetch: HTTP 500 (#${n + 1})`));
    const { time, refresher, log, logs } = setup([...failures], 1000);
    time.now = new Date("2025-11-21T16:30:00Z"); // the next daily run is far away: only back-off decides
    refresher.start(log);
    const delays: number[] = [];
    for (let n = 0; n < 14; n += 1) {
      const before = time.now.getTime();
      time.fire();
      await flush();
      delays.push(Date.parse(time.due()) - time.now.getTime());
      expect(time.now.getTime() - before).toBe(n === 0 ? 0 : delays[n - 1]);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 512000, 1024000, 2048000, 3600000, 3600000]);
    expect(refresher.state()).toMatchObject({
      lastSuccessAt: null,
      lastError: { message: "Cannot fetch: HTTP 500 (#14)" },
      consecutiveFailures: 14,
    });
    expect(logs[0]).toEqual({
      level: "warn",
      details: expect.objectContaining({ error: "Cannot fetch: HTTP 500 (#1)", consecutiveFailures: 1, retryInMs: 1000 }),
      message: "exchange-rate refresh failed; the stored rates stay in use",
    });

    time.fire(); // succeeds
    await flush();
    expect(refresher.state()).toMatchObject({ lastError: null, consecutiveFailures: 0, lastResult: { changed: 1 } });
    expect(refresher.state().nextAttemptAt).toBe(nextDailyRun(time.now, 16).toISOString());
  });

  it("never lets back-off skip the daily run", async () => {
    const { time, refresher } = setup([new Error("x"), new Error("y")], 3_600_000);
    time.now = new Date("2025-11-21T15:30:00Z");
    refresher.start();
    time.fire();
    await flush();
    expect(time.due()).toBe("2025-11-21T16:00:00.000Z");
  });

  it("stops: cancels the pending attempt, aborts the one under way and schedules nothing more", async () => {
    const { time, calls, refresher } = setup([]);
    refresher.start();
    await refresher.stop();
    expect(time.pending.size).toBe(0);
    expect(refresher.state().nextAttemptAt).toBeNull();

    const second = setup([]);
    let release: () => void = () => undefined;
    const slow = new RateRefresher(
      (signal) =>
        new Promise<StoreResult>((_resolve, reject) => {
          release = () => reject(new Error("aborted"));
          signal.addEventListener("abort", () => release());
        }),
      { source: "tcmb", url: "http://127.0.0.1:1/today.xml", hourUtc: 16, retryBaseMs: 10, retryMaxMs: 100 },
      { now: () => second.time.now },
      second.time,
    );
    slow.start();
    second.time.fire();
    expect(slow.state().running).toBe(true);
    await slow.stop();
    expect(slow.state()).toMatchObject({ running: false, nextAttemptAt: null, lastError: { message: "aborted" } });
    expect(second.time.pending.size).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it("joins an attempt already under way instead of starting a second one", async () => {
    const { calls, refresher } = setup([]);
    const [a, b] = [refresher.refreshNow(), refresher.refreshNow()];
    expect(await a).toBe(true);
    expect(await b).toBe(true);
    expect(calls).toHaveLength(1);
    expect(await refresher.refreshNow()).toBe(true);
    expect(calls).toHaveLength(2);
  });
});

describe("nextDailyRun", () => {
  it("is the next HH:00 UTC strictly after now", () => {
    expect(nextDailyRun(new Date("2025-11-21T10:00:00Z"), 16).toISOString()).toBe("2025-11-21T16:00:00.000Z");
    expect(nextDailyRun(new Date("2025-11-21T16:00:00Z"), 16).toISOString()).toBe("2025-11-22T16:00:00.000Z");
    expect(nextDailyRun(new Date("2025-11-21T23:59:59Z"), 0).toISOString()).toBe("2025-11-22T00:00:00.000Z");
    expect(nextDailyRun(new Date("2025-12-31T17:00:00Z"), 16).toISOString()).toBe("2026-01-01T16:00:00.000Z");
  });
});

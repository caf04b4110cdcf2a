/**
 * Collects values pushed by a callback and lets a test wait for the next ones. The wait has a generous limit
 * only so that a missing value fails the test instead of hanging it: it never measures speed.
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private waiters: (() => void)[] = [];

  readonly push = (item: T): void => {
    this.items.push(item);
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  };

  get received(): readonly T[] {
    return this.items;
  }

  /** Resolves with every item once at least `count` have arrived. */
  async atLeast(count: number, limitMs = 20_000): Promise<T[]> {
    const deadline = Date.now() + limitMs;
    while (this.items.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Expected ${count} item(s), got ${this.items.length}: ${JSON.stringify(this.items)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return [...this.items];
  }
}

/**
 * Polls `probe` until it returns a value that is not undefined, and returns it. A probe may also assert (throw, e.g.
 * with expect): it is tried again until it passes. The limit is only against hanging; past it, the test fails with
 * what the probe last saw (its last assertion error, or its last value).
 */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, limitMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    let lastSeen: string;
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastSeen = "the probe returned undefined (not yet)";
    } catch (error) {
      lastSeen = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`The expected state was not reached within ${limitMs} ms. Last seen:\n${lastSeen}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Retries `assertion` (e.g. expect calls) until it passes; fails with its last assertion error. */
export async function eventuallyPasses(assertion: () => void | Promise<void>, limitMs = 20_000): Promise<void> {
  await eventually(async () => {
    await assertion();
    return true;
  }, limitMs);
}

/** Polls `probe` until `done` holds for its value; fails after `limitMs` naming `what` and the last value seen. */
export async function waitFor<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, what: string, limitMs = 15_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

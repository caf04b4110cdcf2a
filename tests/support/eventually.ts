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

/** Polls `probe` until it returns a value that is not undefined (limit only against hanging). */
export async function eventually<T>(probe: () => Promise<T | undefined>, limitMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("The expected state was not reached.");
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

import type { NotificationBus } from "../../db/notification-bus";

/** An iterator that can be ended from outside (graphql-js and graphql-ws call `return()` when a subscription stops). */
export interface StoppableIterator<T> extends AsyncIterableIterator<T, undefined> {
  return(): Promise<IteratorResult<T, undefined>>;
  throw(error?: unknown): Promise<IteratorResult<T, undefined>>;
}

/** The channel the history trigger notifies on commit: payload {"id": "<change id>", "customer_uuid": "…"}. */
export const CHANGE_CHANNEL = "customer_details_changed";

/**
 * Committed changes as they happen, per customer, from the notification bus: a change committed by any instance
 * (or the admin command line) reaches the watchers on every instance. One bus subscription serves them all.
 */
export class ChangeFeed {
  private readonly watchers = new Map<string, Set<(id: bigint) => void>>();
  private stopListening: (() => void) | null = null;

  /** False when nothing can LISTEN (behind a transaction pooler without DATABASE_DIRECT_URL): no change would arrive. */
  readonly listening: boolean;

  constructor(private readonly bus: NotificationBus) {
    this.listening = bus.listening;
  }

  /** Resolves once the feed listens (a change committed after that is seen). */
  async ready(): Promise<void> {
    this.listen();
    await this.bus.ready();
  }

  /**
   * The ids of the changes of one customer committed from now on. `return()` ends it at once, even while a `next()`
   * waits (an async generator would queue the return behind that wait and never stop watching).
   */
  watch(uuid: string): StoppableIterator<bigint> {
    this.listen();
    const key = uuid.toLowerCase();
    const queue: bigint[] = [];
    let waiting: ((result: IteratorResult<bigint, undefined>) => void) | null = null;
    let done = false;
    const push = (id: bigint): void => {
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ done: false, value: id });
      } else queue.push(id);
    };
    let set = this.watchers.get(key);
    if (!set) {
      set = new Set();
      this.watchers.set(key, set);
    }
    set.add(push);
    const stop = async (): Promise<IteratorResult<bigint, undefined>> => {
      if (!done) {
        done = true;
        set.delete(push);
        if (set.size === 0 && this.watchers.get(key) === set) this.watchers.delete(key);
        waiting?.({ done: true, value: undefined });
        waiting = null;
      }
      return { done: true, value: undefined };
    };
    const iterator: StoppableIterator<bigint> = {
      next: () => {
        if (queue.length > 0) return Promise.resolve({ done: false, value: queue.shift() as bigint });
        if (done) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: stop,
      throw: async (error: unknown) => {
        await stop();
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** How many iterators watch this customer now (for tests and diagnostics). */
  watching(uuid: string): number {
    return this.watchers.get(uuid.toLowerCase())?.size ?? 0;
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  private listen(): void {
    this.stopListening ??= this.bus.subscribe(CHANGE_CHANNEL, (payload) => this.dispatch(payload));
  }

  private dispatch(payload: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return;
    }
    const { id, customer_uuid: uuid } = (parsed ?? {}) as { id?: unknown; customer_uuid?: unknown };
    if (typeof id !== "string" || !/^\d+$/.test(id) || typeof uuid !== "string") return;
    for (const push of this.watchers.get(uuid.toLowerCase()) ?? []) push(BigInt(id));
  }
}

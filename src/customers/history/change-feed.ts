import type { NotificationBus } from "../../db/notification-bus";
import type { CustomerRef } from "../details/details.store";
import type { HistoryEntry } from "./history.types";

/** An iterator that can be ended from outside (graphql-js and graphql-ws call `return()` when a subscription stops). */
export interface StoppableIterator<T> extends AsyncIterableIterator<T, undefined> {
  return(): Promise<IteratorResult<T, undefined>>;
  throw(error?: unknown): Promise<IteratorResult<T, undefined>>;
}

/** The channel the writing statement notifies on commit: payload {"id": "<change id>", "customer_uuid": "…"}. */
export const CHANGE_CHANNEL = "customer_details_changed";

/**
 * One committed change as read once for every watcher on this instance: the history entry and the customer as it
 * stood when the change was read (its owner decides who may see the change). The same object reaches every watcher
 * of the customer, so whatever is derived from it (a GraphQL result) can be computed once and shared.
 */
export class SharedChange {
  constructor(
    readonly entry: HistoryEntry,
    readonly customer: CustomerRef,
  ) {}
}

/** Reads committed changes by id (those that no longer exist are left out). */
export type ChangeReader = (ids: bigint[]) => Promise<SharedChange[]>;

interface Notified {
  id: bigint;
  uuid: string;
}

/**
 * Committed changes as they happen, per customer, from the notification bus: a change committed by any instance
 * (or the admin command line) reaches the watchers on every instance. The feed multiplexes: whatever the number of
 * watchers, each change is read once per instance (the notifications that arrive while a read runs are read
 * together by the next one), in commit order, and the one SharedChange is handed to every watcher of its customer.
 */
export class ChangeFeed {
  private readonly watchers = new Map<string, Set<(change: SharedChange) => void>>();
  private stopListening: (() => void) | null = null;
  private pending: Notified[] = [];
  private reading: Promise<void> | null = null;
  private readonly reads = { batches: 0, changes: 0 };

  /** False when nothing can LISTEN (behind a transaction pooler without DATABASE_DIRECT_URL): no change would arrive. */
  readonly listening: boolean;

  constructor(
    private readonly bus: NotificationBus,
    private readonly read: ChangeReader,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {
    this.listening = bus.listening;
  }

  /** Resolves once the feed listens (a change committed after that is seen). */
  async ready(): Promise<void> {
    this.listen();
    await this.bus.ready();
  }

  /**
   * The changes of one customer committed from now on. `return()` ends it at once, even while a `next()` waits (an
   * async generator would queue the return behind that wait and never stop watching).
   */
  watch(uuid: string): StoppableIterator<SharedChange> {
    this.listen();
    const key = uuid.toLowerCase();
    const queue: SharedChange[] = [];
    let waiting: ((result: IteratorResult<SharedChange, undefined>) => void) | null = null;
    let done = false;
    const push = (change: SharedChange): void => {
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ done: false, value: change });
      } else queue.push(change);
    };
    let set = this.watchers.get(key);
    if (!set) {
      set = new Set();
      this.watchers.set(key, set);
    }
    set.add(push);
    const stop = async (): Promise<IteratorResult<SharedChange, undefined>> => {
      if (!done) {
        done = true;
        set.delete(push);
        if (set.size === 0 && this.watchers.get(key) === set) this.watchers.delete(key);
        queue.length = 0;
        waiting?.({ done: true, value: undefined });
        waiting = null;
      }
      return { done: true, value: undefined };
    };
    const iterator: StoppableIterator<SharedChange> = {
      next: () => {
        const queued = queue.shift();
        if (queued) return Promise.resolve({ done: false, value: queued });
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

  /** How many reads the feed made and how many changes they returned (each change is read once per instance). */
  readCounts(): { batches: number; changes: number } {
    return { ...this.reads };
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  private listen(): void {
    this.stopListening ??= this.bus.subscribe(CHANGE_CHANNEL, (payload) => this.notified(payload));
  }

  private notified(payload: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return;
    }
    const { id, customer_uuid: uuid } = (parsed ?? {}) as { id?: unknown; customer_uuid?: unknown };
    if (typeof id !== "string" || !/^\d+$/.test(id) || typeof uuid !== "string") return;
    // Nobody here watches the customer: nothing to read.
    if (!this.watchers.has(uuid.toLowerCase())) return;
    this.pending.push({ id: BigInt(id), uuid: uuid.toLowerCase() });
    this.reading ??= this.readPending();
  }

  /** Reads what was notified, one batch at a time, and hands each change to its customer's watchers in commit order. */
  private async readPending(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        let changes: SharedChange[];
        try {
          changes = await this.read(batch.map((notified) => notified.id));
        } catch (error) {
          this.log?.warn({ err: error, changes: batch.length }, "change feed: reading committed changes failed; their watchers miss them");
          continue;
        }
        this.reads.batches += 1;
        this.reads.changes += changes.length;
        const byId = new Map(changes.map((change) => [change.entry.id, change]));
        for (const notified of batch) {
          const change = byId.get(notified.id);
          if (!change) continue;
          for (const push of this.watchers.get(notified.uuid) ?? []) push(change);
        }
      }
    } finally {
      this.reading = null;
    }
  }
}

import { Redis } from "ioredis";

/** A Redis command that takes longer than this is given up on; the request is counted in memory instead. */
const COMMAND_TIMEOUT_MS = 1000;
/** Reconnection attempts back off to at most this interval while Redis is away. */
const MAX_RECONNECT_DELAY_MS = 2000;

export type StoreListener = (event: { available: boolean; error?: Error }) => void;

/**
 * The connection to the Redis that shares budgets between instances (REDIS_URL), and whether it can be used now.
 * Never in a request's way: no offline queue (a command while disconnected fails at once), a bound on each command,
 * reconnection in the background. It is unavailable false on a lost connection or a failed command, and true again
 * when ioredis is ready; listeners hear each change once (not every reconnection attempt).
 */
export class BudgetStore {
  readonly client: Redis;
  private state: boolean | null = null;
  private readonly listeners: StoreListener[] = [];

  constructor(url: string) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    });
    this.client.on("ready", () => this.set(true));
    this.client.on("error", (error: Error) => this.set(false, error));
    this.client.on("close", () => this.set(false));
  }

  /** true: budgets are shared through Redis now; false: each instance counts in its memory until Redis is back. */
  isAvailable(): boolean {
    return this.state === true;
  }

  /** Hears every change from now on, and the current state at once when one is known. */
  onChange(listener: StoreListener): void {
    this.listeners.push(listener);
    if (this.state !== null) listener({ available: this.state });
  }

  /**
   * A command failed while the connection looked ready (it timed out: a Redis that stopped answering, or an error
   * reply): marked unavailable, and the connection is dropped and made again, so that the next requests go to memory
   * at once instead of each waiting for the timeout; ioredis says "ready" again once Redis answers.
   */
  commandFailed(): void {
    if (this.client.status !== "ready") return;
    this.set(false, new Error("a Redis command failed or timed out"));
    this.client.disconnect(true);
  }

  close(): void {
    this.client.disconnect();
  }

  private set(available: boolean, error?: Error): void {
    if (this.state === available) return;
    this.state = available;
    for (const listener of this.listeners) listener(error ? { available, error } : { available });
  }
}

import type { Config } from "../config";
import type { NotificationBus } from "../db/notification-bus";
import { OutboxStore, type ClaimedDelivery } from "./outbox.store";
import { sendWebhook } from "./webhook-sender";

export const OUTBOX_CHANNEL = "webhook_outbox";
const PRUNE_EVERY_MS = 3_600_000;

interface DispatcherLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Delivers the outbox: woken by the trigger's notification (any instance's commit), by a timer when a retry falls
 * due, and by a poll as a backstop (a notification is lost while the listening connection is down). Each claimed
 * delivery is POSTed once per attempt; failures are retried with exponential back-off and given up after a day.
 * Every instance may run one: claims and leases keep them from sending the same attempt twice.
 */
export class WebhookDispatcher {
  private readonly store: OutboxStore;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private poll: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private abort = new AbortController();
  private unsubscribe: (() => void) | null = null;
  private stopReconnectHook: (() => void) | null = null;
  private log: DispatcherLog | null = null;
  private lastPrune = 0;

  constructor(
    pool: ConstructorParameters<typeof OutboxStore>[0],
    private readonly bus: NotificationBus,
    private readonly settings: Config["webhooks"],
  ) {
    this.store = new OutboxStore(pool);
  }

  start(log?: DispatcherLog): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.log = log ?? null;
    this.unsubscribe = this.bus.subscribe(OUTBOX_CHANNEL, () => this.wake());
    // Notifications sent while the listening connection was down are lost: look at the outbox at once.
    this.stopReconnectHook = this.bus.onReconnect(() => this.wake());
    this.poll = setInterval(() => this.wake(), this.settings.pollMs);
    this.poll.unref();
    this.wake();
  }

  /** Stops claiming, aborts the requests in flight (they are retried later, by this or another instance). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    this.stopReconnectHook?.();
    if (this.poll) clearInterval(this.poll);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.abort.abort();
    await this.running;
  }

  /** Runs a pass now (or right after the one in progress). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) this.wake();
    });
  }

  private async pass(): Promise<void> {
    this.again = false;
    try {
      for (;;) {
        if (this.stopped) return;
        const batch = await this.store.claim(this.settings.concurrency, this.settings.leaseMs);
        if (batch.length === 0) break;
        await Promise.all(batch.map((delivery) => this.attempt(delivery)));
      }
      await this.scheduleNextDue();
      await this.pruneNowAndThen();
    } catch (error) {
      if (!this.stopped) this.log?.warn({ err: error }, "webhook dispatch pass failed; the poll retries");
    }
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const startedAt = new Date();
    const result = await sendWebhook(
      { url: delivery.url, secret: delivery.secret, id: delivery.messageId, body: delivery.body },
      { timeoutMs: this.settings.timeoutMs, maxResponseBytes: this.settings.maxResponseBytes, signal: this.abort.signal },
    );
    if (this.stopped && !result.ok) return; // aborted by shutdown: the lease expires and the delivery is retried
    const outcome = { startedAt, durationMs: result.durationMs, statusCode: result.statusCode, error: result.error };
    if (result.ok) {
      await this.store.delivered(delivery, outcome);
      return;
    }
    const retryInMs = this.backoff(delivery.attempts);
    await this.store.failed(delivery, outcome, retryInMs, this.settings.giveUpAfterMs);
    this.log?.info({ delivery: delivery.id, error: result.error, retryInMs }, "webhook delivery failed");
  }

  /** Once an hour: events older than the retention that nothing is owed for any more. */
  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const pruned = await this.store.prune(this.settings.retentionDays * 86_400_000);
    if (pruned > 0) this.log?.info({ pruned }, "pruned delivered webhook events past their retention");
  }

  /** base × 2^(attempts before), capped, with ±20 % jitter so that instances do not retry in lockstep. */
  private backoff(previousAttempts: number): number {
    const exponential = this.settings.retryBaseMs * 2 ** Math.min(previousAttempts, 30);
    const capped = Math.min(exponential, this.settings.retryMaxMs);
    return Math.round(capped * (0.8 + Math.random() * 0.4));
  }

  /** A timer for the next retry that falls due, so that it does not wait for the poll. */
  private async scheduleNextDue(): Promise<void> {
    const due = await this.store.nextDue();
    if (!due || this.stopped) return;
    const inMs = Math.max(50, due.getTime() - Date.now() + 5);
    if (inMs >= this.settings.pollMs) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.wake();
    }, inMs);
    this.retryTimer.unref();
  }
}

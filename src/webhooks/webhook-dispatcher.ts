import type { Agent } from "undici";
import type { Config } from "../config";
import type { NotificationBus } from "../db/notification-bus";
import { tracing } from "../tracing/tracing";
import { OutboxStore, type ClaimedDelivery, type ClaimedQueue, type DeliveryResult } from "./outbox.store";
import { OUTBOX_CHANNEL } from "./outbox.write";
import { sendWebhook, webhookAgent } from "./webhook-sender";
import { backoffDelay } from "../shared/backoff";

export { OUTBOX_CHANNEL } from "./outbox.write";

const PRUNE_EVERY_MS = 3_600_000;
/** Deliveries of one (webhook, customer) pair claimed at once: sent one after another, in commit order. */
const PER_QUEUE = 25;

/** What an attempt came to: a 2xx, or a failure (retried later, or given up). */
export type AttemptKind = "delivered" | "failed";

interface DispatcherLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Delivers the outbox: woken by the notification the writing statement sends on commit (any instance's), by a timer
 * when a retry falls due, and by a poll as a backstop (a notification is lost while the listening connection is
 * down). Each pass claims the heads of up to WEBHOOK_CONCURRENCY (webhook, customer) queues with the deliveries
 * queued behind them, sends every queue at once — each queue's deliveries one after another, in commit order,
 * stopping at the first failure — over keep-alive connections (an undici Agent, WEBHOOK_CONNECTIONS per receiver),
 * and records the whole batch in one statement. Failures are retried with exponential back-off and given up after a
 * day. Every instance may run one: claims and leases keep them from sending the same attempt twice.
 */
export class WebhookDispatcher {
  private readonly store: OutboxStore;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  /** Look for the next due retry at the end of the pass (after a failure, or on the poll). */
  private checkDue = true;
  private poll: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private abort = new AbortController();
  private agent: Agent | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopReconnectHook: (() => void) | null = null;
  private log: DispatcherLog | null = null;
  private lastPrune = 0;
  private readonly attemptListeners: ((outcome: AttemptKind) => void)[] = [];

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
    this.agent = webhookAgent(this.settings.connections);
    this.log = log ?? null;
    this.unsubscribe = this.bus.subscribe(OUTBOX_CHANNEL, () => this.wake());
    // Notifications sent while the listening connection was down are lost: look at the outbox at once.
    this.stopReconnectHook = this.bus.onReconnect(() => this.wake());
    this.poll = setInterval(() => {
      this.checkDue = true;
      this.wake();
    }, this.settings.pollMs);
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
    await this.agent?.destroy().catch(() => undefined);
    this.agent = null;
  }

  /** Calls `listener` after every attempt this instance makes (the metrics count them). */
  onAttempt(listener: (outcome: AttemptKind) => void): void {
    this.attemptListeners.push(listener);
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
        const queues = await this.store.claim(this.settings.concurrency, PER_QUEUE, this.settings.leaseMs);
        if (queues.length === 0) break;
        const results = (await Promise.all(queues.map((queue) => this.deliverQueue(queue)))).flat();
        await this.store.record(results, this.settings.giveUpAfterMs);
        if (results.some((result) => result.kind === "failed")) this.checkDue = true;
        // Everything claimable was taken: what is written from now on notifies (and wakes) this dispatcher.
        const full = queues.length === this.settings.concurrency || queues.some((queue) => queue.deliveries.length === PER_QUEUE);
        if (!full) break;
      }
      if (this.checkDue) {
        this.checkDue = false;
        await this.scheduleNextDue();
      }
      await this.pruneNowAndThen();
    } catch (error) {
      if (!this.stopped) this.log?.warn({ err: error }, "webhook dispatch pass failed; the poll retries");
    }
  }

  /**
   * One queue's deliveries in order, each sent only once the one before it was delivered; after a failure, or when
   * an attempt could outlast the lease, the rest are handed back unattempted.
   */
  private async deliverQueue(queue: ClaimedQueue): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = [];
    let next = 0;
    for (; next < queue.deliveries.length; next += 1) {
      const delivery = queue.deliveries[next] as ClaimedDelivery;
      if (this.stopped || Date.now() + this.settings.timeoutMs >= queue.claimedAt + this.settings.leaseMs) break;
      const result = await this.attempt(delivery);
      if (!result) break;
      results.push(result);
      if (result.kind === "failed") {
        next += 1;
        break;
      }
    }
    for (const delivery of queue.deliveries.slice(next)) results.push({ delivery, kind: "released" });
    return results;
  }

  /** One attempt; null when shutdown aborted it (the delivery is handed back and retried later). */
  private async attempt(delivery: ClaimedDelivery): Promise<DeliveryResult | null> {
    const agent = this.agent;
    if (!agent) return null;
    const startedAt = new Date();
    const send = () =>
      sendWebhook(
        agent,
        { url: delivery.url, secret: delivery.secret, id: delivery.messageId, body: delivery.body },
        { timeoutMs: this.settings.timeoutMs, maxResponseBytes: this.settings.maxResponseBytes, signal: this.abort.signal },
      );
    // Traced: the attempt is a client span of the trace that made the change, and its request carries `traceparent`.
    const traces = tracing();
    const result = await (traces ? traces.withParent(delivery.traceparent, send) : send());
    if (this.stopped && !result.ok) return null;
    for (const listener of this.attemptListeners) listener(result.ok ? "delivered" : "failed");
    const outcome = { startedAt, durationMs: result.durationMs, statusCode: result.statusCode, error: result.error };
    if (result.ok) return { delivery, kind: "delivered", outcome };
    const retryInMs = this.backoff(delivery.attempts);
    this.log?.info({ delivery: delivery.id, error: result.error, retryInMs }, "webhook delivery failed");
    return { delivery, kind: "failed", outcome, retryInMs };
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
    return backoffDelay({ baseMs: this.settings.retryBaseMs, maxMs: this.settings.retryMaxMs, jitter: 0.2 }, previousAttempts);
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
      this.checkDue = true;
      this.wake();
    }, inMs);
    this.retryTimer.unref();
  }
}

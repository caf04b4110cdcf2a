import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { eventBody } from "./outbox.write";

/** A delivery this instance claimed: until its lease ends, no other instance attempts it. */
export interface ClaimedDelivery {
  id: string;
  claimToken: string;
  /** Attempts made before this one. */
  attempts: number;
  url: string;
  secret: string;
  /** The message id (webhook-id header and the body's "id"): the same on every retry. */
  messageId: string;
  /** The exact body to POST. */
  body: string;
  /** The W3C traceparent of the request that made the change (null when it was not traced). */
  traceparent: string | null;
}

/**
 * The pending deliveries of one (webhook, customer) pair, oldest first, claimed together: they must be attempted in
 * this order, each only once the one before it was delivered.
 */
export interface ClaimedQueue {
  deliveries: ClaimedDelivery[];
  /** When the claim was made (its lease runs from here). */
  claimedAt: number;
}

export interface AttemptOutcome {
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

/** What became of a claimed delivery: attempted (and how), or handed back unattempted. */
export type DeliveryResult =
  | { delivery: ClaimedDelivery; kind: "delivered"; outcome: AttemptOutcome }
  | { delivery: ClaimedDelivery; kind: "failed"; outcome: AttemptOutcome; retryInMs: number }
  | { delivery: ClaimedDelivery; kind: "released" };

/**
 * The outbox's deliveries in SQL. A claim takes the oldest pending delivery of up to `queues` (webhook, customer)
 * pairs that are due and not leased — locked with FOR UPDATE SKIP LOCKED, so two instances never take the same
 * pair — and the next `perQueue - 1` pending deliveries of each pair behind it, all under one lease
 * (claimed_until). A pair's deliveries are therefore only ever in one instance's hands, and are sent in commit
 * order; a crashed instance's claims expire. Results are recorded in one statement per batch.
 */
export class OutboxStore {
  constructor(private readonly pool: Pool) {}

  async claim(queues: number, perQueue: number, leaseMs: number): Promise<ClaimedQueue[]> {
    const token = randomUUID();
    const claimedAt = Date.now();
    const { rows } = await this.pool.query<{ head: string; id: string; attempts: number; url: string; secret: string; message_id: string; payload: string; traceparent: string | null }>(
      `WITH heads AS (
         SELECT DISTINCT ON (d.webhook_id, d.customer_id) d.id, d.next_attempt_at, d.claimed_until
         FROM webhook_deliveries d WHERE d.status = 'pending'
         ORDER BY d.webhook_id, d.customer_id, d.id
       ), due AS (
         SELECT h.id FROM heads h
         WHERE h.next_attempt_at <= now() AND (h.claimed_until IS NULL OR h.claimed_until < now())
         ORDER BY h.next_attempt_at, h.id
         LIMIT $1
       ), locked AS (
         SELECT d.id, d.webhook_id, d.customer_id FROM webhook_deliveries d JOIN due ON due.id = d.id
         WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.claimed_until IS NULL OR d.claimed_until < now())
         FOR UPDATE OF d SKIP LOCKED
       ), queued AS (
         SELECT l.id AS head, q.id FROM locked l CROSS JOIN LATERAL (
           SELECT e.id FROM webhook_deliveries e
           WHERE e.webhook_id = l.webhook_id AND e.customer_id = l.customer_id AND e.status = 'pending' AND e.id >= l.id
           ORDER BY e.id LIMIT $2) q
       )
       UPDATE webhook_deliveries d
       SET claimed_until = now() + make_interval(secs => $3::double precision / 1000), claim_token = $4::uuid
       FROM queued, outbox_events ev, webhooks w
       WHERE d.id = queued.id AND ev.id = d.event_id AND w.id = d.webhook_id AND d.status = 'pending'
         AND (d.id = queued.head OR d.claimed_until IS NULL OR d.claimed_until < now())
       RETURNING queued.head::text AS head, d.id::text AS id, d.attempts, w.url, w.secret, 'evt_' || ev.change_id AS message_id,
         ev.payload::text AS payload, ev.traceparent`,
      [queues, perQueue, leaseMs, token],
    );
    const byHead = new Map<string, ClaimedDelivery[]>();
    for (const row of rows) {
      const delivery = {
        id: row.id,
        claimToken: token,
        attempts: row.attempts,
        url: row.url,
        secret: row.secret,
        messageId: row.message_id,
        body: eventBody(row.message_id, row.payload),
        traceparent: row.traceparent,
      };
      const queue = byHead.get(row.head);
      if (queue) queue.push(delivery);
      else byHead.set(row.head, [delivery]);
    }
    return [...byHead.values()].map((deliveries) => ({
      deliveries: deliveries.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)),
      claimedAt,
    }));
  }

  /**
   * Records a batch of results in one statement: a delivered one is done; a failed one is retried after its
   * `retryInMs`, or marked failed when that would be later than `giveUpAfterMs` after the event was written; a
   * released one is handed back as it was. Results whose claim expired and was taken over are ignored.
   */
  async record(results: DeliveryResult[], giveUpAfterMs: number): Promise<void> {
    if (results.length === 0) return;
    const attempted = results.filter((result) => result.kind !== "released");
    const released = results.filter((result) => result.kind === "released");
    const column = <T>(pick: (result: (typeof attempted)[number]) => T): T[] => attempted.map(pick);
    await this.pool.query(
      `WITH outcome AS (
         SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::boolean[], $4::timestamptz[], $5::int[], $6::int[], $7::text[], $8::double precision[])
           AS o(id, token, ok, started_at, duration_ms, status_code, error, retry_ms)
       ), updated AS (
         UPDATE webhook_deliveries d
         SET attempts = d.attempts + 1, claimed_until = NULL, claim_token = NULL,
           last_error = o.error,
           status = CASE WHEN o.ok THEN 'delivered'
             WHEN d.created_at + make_interval(secs => $11::double precision / 1000) <= now() + make_interval(secs => o.retry_ms / 1000) THEN 'failed'
             ELSE 'pending' END,
           completed_at = CASE WHEN o.ok
             OR d.created_at + make_interval(secs => $11::double precision / 1000) <= now() + make_interval(secs => o.retry_ms / 1000) THEN now() END,
           next_attempt_at = CASE WHEN o.ok THEN d.next_attempt_at ELSE now() + make_interval(secs => o.retry_ms / 1000) END
         FROM outcome o
         WHERE d.id = o.id AND d.claim_token = o.token AND d.status = 'pending'
         RETURNING d.id, d.attempts, o.started_at, o.duration_ms, o.status_code, o.error, o.ok
       ), handed_back AS (
         UPDATE webhook_deliveries d SET claimed_until = NULL, claim_token = NULL
         FROM unnest($9::bigint[], $10::uuid[]) AS r(id, token)
         WHERE d.id = r.id AND d.claim_token = r.token AND d.status = 'pending'
       )
       INSERT INTO webhook_attempts (delivery_id, number, started_at, duration_ms, status_code, error, ok)
       SELECT id, attempts, started_at, duration_ms, status_code, error, ok FROM updated`,
      [
        column((result) => result.delivery.id),
        column((result) => result.delivery.claimToken),
        column((result) => result.kind === "delivered"),
        column((result) => result.outcome.startedAt),
        column((result) => Math.round(result.outcome.durationMs)),
        column((result) => result.outcome.statusCode),
        column((result) => (result.kind === "delivered" ? null : (result.outcome.error?.slice(0, 1000) ?? null))),
        column((result) => (result.kind === "failed" ? result.retryInMs : 0)),
        released.map((result) => result.delivery.id),
        released.map((result) => result.delivery.claimToken),
        giveUpAfterMs,
      ],
    );
  }

  /** What is still owed: the pending deliveries, and how long ago the oldest was written (0 when none). */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const { rows } = await this.pool.query<{ pending: number; oldest_age: number }>(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_age
       FROM webhook_deliveries WHERE status = 'pending'`,
    );
    return { pending: rows[0]?.pending ?? 0, oldestAgeSeconds: Math.max(0, rows[0]?.oldest_age ?? 0) };
  }

  /** When the next pending delivery falls due (null when nothing is pending). */
  async nextDue(): Promise<Date | null> {
    // Only the head of each (webhook, customer) queue can fall due; a head claimed elsewhere is due when its lease ends.
    const { rows } = await this.pool.query<{ due: Date | null }>(
      `SELECT min(greatest(h.next_attempt_at, coalesce(h.claimed_until, h.next_attempt_at))) AS due
       FROM (SELECT DISTINCT ON (d.webhook_id, d.customer_id) d.next_attempt_at, d.claimed_until
             FROM webhook_deliveries d WHERE d.status = 'pending' ORDER BY d.webhook_id, d.customer_id, d.id) h`,
    );
    return rows[0]?.due ?? null;
  }

  /**
   * Deletes the events written more than `olderThanMs` ago that nothing is owed for any more (every delivery
   * delivered or failed), with their deliveries and attempts. Returns how many events went.
   */
  async prune(olderThanMs: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM outbox_events e
       WHERE e.created_at < now() - make_interval(secs => $1::double precision / 1000)
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')`,
      [olderThanMs],
    );
    return rowCount ?? 0;
  }
}

import { randomUUID } from "node:crypto";
import type { Pool } from "pg";

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
  /** The exact body to POST, as the trigger wrote it. */
  body: string;
}

export interface AttemptOutcome {
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

/**
 * The outbox's deliveries in SQL. Claims use FOR UPDATE SKIP LOCKED plus a lease (claimed_until), so that several
 * instances never attempt the same delivery at once and a crashed instance's claims expire. Only the oldest pending
 * delivery of each (webhook, customer) can be claimed: events reach a receiver in commit order per customer, the
 * next one only once the one before it was delivered or given up.
 */
export class OutboxStore {
  constructor(private readonly pool: Pool) {}

  async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const token = randomUUID();
    const { rows } = await this.pool.query<{ id: string; attempts: number; url: string; secret: string; message_id: string; body: string }>(
      `WITH candidates AS (
         SELECT d.id FROM webhook_deliveries d
         WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           AND (d.claimed_until IS NULL OR d.claimed_until < now())
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries e
             WHERE e.webhook_id = d.webhook_id AND e.customer_id = d.customer_id AND e.status = 'pending' AND e.id < d.id)
         ORDER BY d.next_attempt_at, d.id
         LIMIT $1
         FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_deliveries d
       SET claimed_until = now() + make_interval(secs => $2::double precision / 1000), claim_token = $3::uuid
       FROM candidates c, outbox_events ev, webhooks w
       WHERE d.id = c.id AND ev.id = d.event_id AND w.id = d.webhook_id
       RETURNING d.id::text AS id, d.attempts, w.url, w.secret, 'evt_' || ev.change_id AS message_id, ev.payload::text AS body`,
      [limit, leaseMs, token],
    );
    return rows.map((row) => ({
      id: row.id,
      claimToken: token,
      attempts: row.attempts,
      url: row.url,
      secret: row.secret,
      messageId: row.message_id,
      body: row.body,
    }));
  }

  /** Records a successful attempt; false when the claim had expired and was taken over. */
  async delivered(delivery: ClaimedDelivery, outcome: AttemptOutcome): Promise<boolean> {
    return this.finish(
      delivery,
      outcome,
      true,
      `status = 'delivered', completed_at = now(), last_error = NULL`,
      [],
    );
  }

  /**
   * Records a failed attempt: retried after `retryInMs`, or marked failed when that would be later than
   * `giveUpAfterMs` after the event was written.
   */
  async failed(delivery: ClaimedDelivery, outcome: AttemptOutcome, retryInMs: number, giveUpAfterMs: number): Promise<boolean> {
    return this.finish(
      delivery,
      outcome,
      false,
      `last_error = $7,
       status = CASE WHEN d.created_at + make_interval(secs => $9::double precision / 1000) <= now() + make_interval(secs => $8::double precision / 1000)
                THEN 'failed' ELSE 'pending' END,
       completed_at = CASE WHEN d.created_at + make_interval(secs => $9::double precision / 1000) <= now() + make_interval(secs => $8::double precision / 1000)
                THEN now() END,
       next_attempt_at = now() + make_interval(secs => $8::double precision / 1000)`,
      [retryInMs, giveUpAfterMs],
    );
  }

  /** When the next pending delivery falls due (null when nothing is pending). */
  async nextDue(): Promise<Date | null> {
    // Only the head of each (webhook, customer) queue can fall due; a head claimed elsewhere is due when its lease ends.
    const { rows } = await this.pool.query<{ due: Date | null }>(
      `SELECT min(greatest(d.next_attempt_at, coalesce(d.claimed_until, d.next_attempt_at))) AS due
       FROM webhook_deliveries d
       WHERE d.status = 'pending' AND NOT EXISTS (
         SELECT 1 FROM webhook_deliveries e
         WHERE e.webhook_id = d.webhook_id AND e.customer_id = d.customer_id AND e.status = 'pending' AND e.id < d.id)`,
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

  private async finish(delivery: ClaimedDelivery, outcome: AttemptOutcome, ok: boolean, set: string, extra: unknown[]): Promise<boolean> {
    const error = outcome.error?.slice(0, 1000) ?? null;
    const { rowCount } = await this.pool.query(
      `WITH updated AS (
         UPDATE webhook_deliveries d
         SET attempts = d.attempts + 1, claimed_until = NULL, claim_token = NULL, ${set}
         WHERE d.id = $1::bigint AND d.claim_token = $2::uuid AND d.status = 'pending'
         RETURNING d.id, d.attempts
       )
       INSERT INTO webhook_attempts (delivery_id, number, started_at, duration_ms, status_code, error, ok)
       SELECT id, attempts, $3, $4, $5, $7, $6 FROM updated`,
      [delivery.id, delivery.claimToken, outcome.startedAt, Math.round(outcome.durationMs), outcome.statusCode, ok, error, ...extra],
    );
    return (rowCount ?? 0) > 0;
  }
}

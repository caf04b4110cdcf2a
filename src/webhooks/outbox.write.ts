import { detailsJson, laravelTimestamp } from "../customers/details/details.json";
import type { FieldChanges } from "../customers/details/details.record";
import type { CustomerDetailsView } from "../customers/details/details.types";

/** The type of every event the outbox holds. */
export const CHANGE_EVENT_TYPE = "customer.details.changed";

/** Notified (payload empty) when a committed write put events in the outbox: the dispatchers wake at once. */
export const OUTBOX_CHANNEL = "webhook_outbox";

/** What the outbox records of one change, besides what the statement that writes the change returns. */
export interface OutboxEventInput {
  customerUuid: string;
  /** The documented (snake_case) names of the changed fields: the webhooks that want the change are the ones listing one. */
  changedFields: string[];
  /** The body to POST, except its "id" (the change's id, known once the statement runs; see `eventBody`). */
  payload: string;
  /** The W3C traceparent of the request making the change (null when it is not traced): the deliveries continue it. */
  traceparent: string | null;
}

/**
 * The outbox insert, as common table expressions appended to the statement that writes a change (docs/behaviour.md §10: the
 * event is written in the change's own statement, so it commits with it or not at all). It reads `change` (a CTE
 * returning the history row's `id`, `customer_id` and `created_at`) and takes its values from parameter `$first`
 * on, in the order `outboxValues` gives them. When no webhook wants the change, nothing is written; otherwise one
 * event, one delivery per interested webhook, and a notification on OUTBOX_CHANNEL. The only per-row work besides
 * the inserts is matching the (few) webhooks' field lists against the changed fields; the body was built in
 * TypeScript by the same JSON writer as the REST door's.
 */
export function outboxInsertSql(first: number): string {
  const [uuid, fields, payload, traceparent] = [first, first + 1, first + 2, first + 3].map((n) => `$${n}`);
  const wants = `(coalesce(cardinality(w.fields), 0) = 0 OR w.fields && ${fields}::text[])`;
  return `event AS (
    INSERT INTO outbox_events (change_id, customer_id, customer_uuid, type, payload, created_at, traceparent)
    SELECT change.id, change.customer_id, ${uuid}::uuid, '${CHANGE_EVENT_TYPE}', ${payload}::json, change.created_at, ${traceparent}::text FROM change
    WHERE EXISTS (SELECT 1 FROM webhooks w WHERE ${wants})
    RETURNING id, customer_id, pg_notify('${OUTBOX_CHANNEL}', '') AS notified
  ), deliveries AS (
    INSERT INTO webhook_deliveries (event_id, webhook_id, customer_id)
    SELECT event.id, w.id, event.customer_id FROM event, webhooks w WHERE ${wants} ORDER BY w.id
  )`;
}

/** The values of `outboxInsertSql`'s parameters, in order. */
export function outboxValues(event: OutboxEventInput): unknown[] {
  return [event.customerUuid, event.changedFields, event.payload, event.traceparent];
}

/** The event's body without its "id": type, occurred_at, customer_uuid, changes and the details as written. */
export function outboxPayload(change: { customerUuid: string; at: Date; changes: FieldChanges }, details: CustomerDetailsView): string {
  return (
    `{"type":"${CHANGE_EVENT_TYPE}","occurred_at":"${laravelTimestamp(change.at)}","customer_uuid":${JSON.stringify(change.customerUuid)},` +
    `"changes":${JSON.stringify(change.changes)},"details":${detailsJson(details, { withoutViewer: true })}}`
  );
}

/** The exact body POSTed: the stored payload with the message id ("evt_<change id>") as its first key. */
export function eventBody(messageId: string, payload: string): string {
  return `{"id":${JSON.stringify(messageId)},${payload.slice(payload.indexOf("{") + 1)}`;
}

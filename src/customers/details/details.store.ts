import type { Pool, PoolClient, QueryConfig, QueryResultRow } from "pg";
import { decimalText, toDecimal } from "../../currency/decimal";
import type { FieldKind } from "./details.field-kinds";
import { DETAILS_FIELDS, specOf, type DetailsField, type DetailsFields } from "./details.fields";
import type { DetailsRecord, FieldChanges } from "./details.record";
import type { Door, WriteMode } from "./details.types";
import { CHANGE_CHANNEL } from "../history/change-feed";
import { outboxInsertSql, outboxPayload, outboxValues } from "../../webhooks/outbox.write";
import { tracing } from "../../tracing/tracing";

/** A customer as the checks need it. */
export interface CustomerRef {
  id: number;
  uuid: string;
  ownerId: number | null;
}

/** A customer and its details (null: none yet), as one read saw them. */
export interface CustomerSnapshot {
  customer: CustomerRef;
  details: DetailsRecord | null;
}

/** What a write records in the history besides the changed fields. */
export interface ChangeMeta {
  /** null: the admin command line. */
  userId: number | null;
  door: Door;
  method: WriteMode;
  changes: FieldChanges;
  at: Date;
}

type Queryable = Pick<Pool | PoolClient, "query">;

/** The casts of a field's parameter, by kind (text needs none). */
const PARAMETER_CAST: Record<FieldKind, string> = { money: "numeric", currency: "", integer: "int", text: "", url: "", boolean: "boolean" };

/** A column as read: money as its exact decimal text (pg would otherwise hand it over as it likes). */
const selected = (prefix: string) => (field: DetailsField) =>
  specOf(field).kind === "money" ? `${prefix}${field}::text AS ${field}` : `${prefix}${field}`;

const FIELD_COLUMNS = DETAILS_FIELDS.join(", ");
const detailsColumns = (prefix = ""): string =>
  [`${prefix}id`, ...DETAILS_FIELDS.map(selected(prefix)), `${prefix}version`, `${prefix}created_at`, `${prefix}updated_at`].join(", ");

type DetailsRow = { id: number; version: number; created_at: Date; updated_at: Date } & Record<DetailsField, unknown>;
type SnapshotRow = { customer_id: number; customer_uuid: string; owner_id: number | null } & (DetailsRow | { id: null });

/**
 * A statement whose parameters are named: `param("at", "timestamptz")` writes `$n::timestamptz`, numbered in the
 * order of first use (a name used twice is one parameter); `values` lists a call's values in that order.
 */
interface Statement<P extends string> {
  text: string;
  values(params: Record<P, unknown>): unknown[];
}

function statement<P extends string>(build: (param: (name: P, cast?: string) => string) => string): Statement<P> {
  const order: P[] = [];
  const text = build((name, cast) => {
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}${cast ? `::${cast}` : ""}`;
  });
  return { text, values: (params) => order.map((name) => params[name]) };
}

const fieldParam = (param: (name: DetailsField, cast?: string) => string) => (field: DetailsField) =>
  param(field, PARAMETER_CAST[specOf(field).kind]);

const SNAPSHOT_SELECT = `SELECT c.id AS customer_id, c.uuid::text AS customer_uuid, c.owner_id, ${detailsColumns("d.")}
  FROM customers c LEFT JOIN customer_details d ON d.customer_id = c.id`;

const SNAPSHOT = statement<"uuid">((param) => `${SNAPSHOT_SELECT} WHERE c.uuid = ${param("uuid", "uuid")}`);

/** Many customers at once (a batch); the locking form locks them in id order (two batches never deadlock). */
const SNAPSHOTS = statement<"uuids">((param) => `${SNAPSHOT_SELECT} WHERE c.uuid = ANY(${param("uuids", "uuid[]")}) ORDER BY c.id`);
const SNAPSHOTS_LOCKED_SQL = `${SNAPSHOTS.text} FOR NO KEY UPDATE OF c`;

const LOCK = "SELECT id FROM customers WHERE uuid = $1::uuid FOR NO KEY UPDATE";

/** The webhook event's parameters (outbox.write.ts numbers them from the first, one after the other). */
const OUTBOX_PARAMS = ["event_customer_uuid", "event_changed_fields", "event_payload", "event_traceparent"] as const;
type WriteParam = DetailsField | "customer_id" | "owner_id" | "at" | "user_id" | "door" | "method" | "changes" | (typeof OUTBOX_PARAMS)[number];
type Param<P extends string> = (name: P, cast?: string) => string;

/**
 * What the history row's insert returns for the outbox (outboxInsertSql reads `change`), and its notification to the
 * change feeds of every instance, sent on commit: {"id": "<change id>", "customer_uuid": "…"}. A RETURNING list is
 * evaluated for each inserted row whether or not anything reads it.
 */
const changeReturning = (param: Param<WriteParam>) => `id, customer_id, created_at,
      pg_notify('${CHANGE_CHANNEL}', json_build_object('id', id::text, 'customer_uuid', ${param("event_customer_uuid")}::uuid)::text) AS notified`;

/** The outbox insert (src/webhooks/outbox.write.ts), its parameters numbered one after the other. */
function outbox(param: Param<WriteParam>): string {
  const numbers = OUTBOX_PARAMS.map((name) => Number(param(name).slice(1)));
  if (numbers.some((number, index) => number !== (numbers[0] ?? 0) + index)) throw new Error("the outbox's parameters must be consecutive");
  return outboxInsertSql(numbers[0] ?? 0);
}

/**
 * One statement: the customer's row lock (the same lock a contended write holds for its whole transaction, so
 * writers serialise on it), the update only if the details are still the version that was read and the customer
 * still has the owner that was checked, and the history row; nothing at all otherwise (the caller reads again).
 */
const UPDATE = statement<WriteParam | "details_id" | "version">((param) => {
  const field = fieldParam(param);
  return `WITH locked AS (
    SELECT id FROM customers WHERE id = ${param("customer_id")} AND owner_id IS NOT DISTINCT FROM ${param("owner_id", "int")} FOR NO KEY UPDATE
  ), written AS (
    UPDATE customer_details SET ${DETAILS_FIELDS.map((name) => `${name} = ${field(name)}`).join(", ")},
      version = version + 1, updated_at = ${param("at", "timestamptz")}
    WHERE id = ${param("details_id")} AND version = ${param("version")} AND EXISTS (SELECT 1 FROM locked)
    RETURNING ${detailsColumns()}
  ), change AS (
    INSERT INTO customer_details_changes (customer_id, details_id, user_id, door, method, created, changes, created_at)
    SELECT ${param("customer_id")}, id, ${param("user_id")}, ${param("door")}, ${param("method")}, false, ${param("changes", "jsonb")}, ${param("at", "timestamptz")} FROM written
    RETURNING ${changeReturning(param)}
  ), ${outbox(param)}
  SELECT * FROM written`;
});

/**
 * One statement: the first details of a customer (unless another request created them first) and the history row.
 * The details' id is drawn beforehand (NEXT_DETAILS_ID) so that the webhook event's body can carry it.
 */
const INSERT = statement<WriteParam | "details_id">((param) => {
  const field = fieldParam(param);
  return `WITH locked AS (
    SELECT id FROM customers WHERE id = ${param("customer_id")} AND owner_id IS NOT DISTINCT FROM ${param("owner_id", "int")} FOR NO KEY UPDATE
  ), written AS (
    INSERT INTO customer_details (id, customer_id, ${FIELD_COLUMNS}, created_at, updated_at)
    SELECT ${param("details_id", "int")}, ${param("customer_id")}, ${DETAILS_FIELDS.map(field).join(", ")}, ${param("at", "timestamptz")}, ${param("at", "timestamptz")}
    WHERE EXISTS (SELECT 1 FROM locked)
    ON CONFLICT (customer_id) DO NOTHING
    RETURNING ${detailsColumns()}
  ), change AS (
    INSERT INTO customer_details_changes (customer_id, details_id, user_id, door, method, created, changes, created_at)
    SELECT ${param("customer_id")}, id, ${param("user_id")}, ${param("door")}, ${param("method")}, true, ${param("changes", "jsonb")}, ${param("at", "timestamptz")} FROM written
    RETURNING ${changeReturning(param)}
  ), ${outbox(param)}
  SELECT * FROM written`;
});

const NEXT_DETAILS_ID = "SELECT nextval(pg_get_serial_sequence('customer_details', 'id'))::int AS id";

export const SNAPSHOT_SQL = SNAPSHOT.text;
export const UPDATE_SQL = UPDATE.text;
export const INSERT_SQL = INSERT.text;

/** The parameters of UPDATE_SQL for a write over `seen` (for the store, and for bench/explain.ts). */
export function updateValues(seen: CustomerSnapshot & { details: DetailsRecord }, after: DetailsFields, meta: ChangeMeta): unknown[] {
  const { customer, details } = seen;
  const written = { id: details.id, version: details.version + 1, createdAt: details.createdAt };
  return UPDATE.values({ ...writeParams(customer, written, after, meta), details_id: details.id, version: details.version });
}

/** The parameters of INSERT_SQL for the first details of `customer`, to be stored under the id drawn for them. */
export function insertValues(customer: CustomerRef, id: number, after: DetailsFields, meta: ChangeMeta): unknown[] {
  return INSERT.values({ ...writeParams(customer, { id, version: 1, createdAt: meta.at }, after, meta), details_id: id });
}

function writeParams(customer: CustomerRef, written: WrittenVersion, after: DetailsFields, meta: ChangeMeta): Record<WriteParam, unknown> {
  const fields = Object.fromEntries(DETAILS_FIELDS.map((field) => [field, toParameter(after[field])])) as Record<DetailsField, unknown>;
  const [eventCustomerUuid, eventChangedFields, eventPayload, eventTraceparent] = outboxValues(outboxEvent(customer, written, after, meta));
  return {
    ...fields,
    event_customer_uuid: eventCustomerUuid,
    event_changed_fields: eventChangedFields,
    event_payload: eventPayload,
    event_traceparent: eventTraceparent,
    customer_id: customer.id,
    owner_id: customer.ownerId,
    at: meta.at,
    user_id: meta.userId,
    door: meta.door,
    method: meta.method,
    changes: JSON.stringify(meta.changes),
  };
}

interface WrittenVersion {
  id: number;
  version: number;
  createdAt: Date;
}

/** The webhook event of a write: the details as the statement writes them, built before it runs. */
function outboxEvent(customer: CustomerRef, written: WrittenVersion, after: DetailsFields, meta: ChangeMeta) {
  const details = { ...after, ...written, customerId: customer.id, customerUuid: customer.uuid, updatedAt: meta.at, conversion: null };
  return {
    customerUuid: customer.uuid,
    changedFields: Object.keys(meta.changes),
    payload: outboxPayload({ customerUuid: customer.uuid, at: meta.at, changes: meta.changes }, details),
    traceparent: tracing()?.traceparent() ?? null,
  };
}

/**
 * The hot path's SQL, hand-written and sent through the pg pool beneath Prisma (Prisma stays the schema, the
 * migrations and the client of everything else): a read is one statement, a write one more. The statements are
 * named, so each is parsed and planned once per connection (on the embedded database once per session: the wire
 * server shares them between its connections, see src/db/pglite-wire-server.ts).
 */
export class DetailsStore {
  constructor(private readonly pool: Pool) {}

  /** The customer and its details, or null when there is no such customer. */
  async read(uuid: string, db: Queryable = this.pool): Promise<CustomerSnapshot | null> {
    const row = (await this.run<SnapshotRow>(db, "details-snapshot", SNAPSHOT_SQL, SNAPSHOT.values({ uuid })))[0];
    return row ? snapshotOf(row) : null;
  }

  /**
   * Several customers and their details in one statement, by lower-case uuid (absent: no such customer). `lock`
   * (inside a transaction): each customer's row lock is taken, in id order, for the rest of the transaction.
   */
  async readMany(uuids: string[], db: Queryable = this.pool, options: { lock?: boolean } = {}): Promise<Map<string, CustomerSnapshot>> {
    const values = SNAPSHOTS.values({ uuids });
    const rows = options.lock
      ? await this.run<SnapshotRow>(db, "details-snapshots-locked", SNAPSHOTS_LOCKED_SQL, values)
      : await this.run<SnapshotRow>(db, "details-snapshots", SNAPSHOTS.text, values);
    return new Map(rows.map((row) => [row.customer_uuid.toLowerCase(), snapshotOf(row)]));
  }

  /** Locks the customer row for the rest of the transaction (serialises writes to its details); false if none. */
  async lock(client: PoolClient, uuid: string): Promise<boolean> {
    return (await this.run(client, "details-lock", LOCK, [uuid])).length > 0;
  }

  /** The new version of the details, or null when they or the customer's owner changed since `seen` was read. */
  async update(seen: CustomerSnapshot & { details: DetailsRecord }, after: DetailsFields, meta: ChangeMeta, db: Queryable = this.pool): Promise<DetailsRecord | null> {
    const rows = await this.run<DetailsRow>(db, "details-update", UPDATE_SQL, updateValues(seen, after, meta));
    return rows[0] ? recordOf(seen.customer.id, rows[0]) : null;
  }

  /** The created details, or null when another request created them first (or the owner changed). */
  async insert(customer: CustomerRef, after: DetailsFields, meta: ChangeMeta, db: Queryable = this.pool): Promise<DetailsRecord | null> {
    const id = (await this.run<{ id: number }>(db, "details-next-id", NEXT_DETAILS_ID, []))[0]?.id as number;
    const rows = await this.run<DetailsRow>(db, "details-insert", INSERT_SQL, insertValues(customer, id, after, meta));
    return rows[0] ? recordOf(customer.id, rows[0]) : null;
  }

  /** Runs `work` in a transaction on one pooled connection. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async run<R extends QueryResultRow>(db: Queryable, name: string, text: string, params: unknown[]): Promise<R[]> {
    const query: QueryConfig = { name, text, values: params };
    return (await db.query<R>(query)).rows;
  }
}

/** A field's value as a parameter: money as its exact decimal text. */
function toParameter(value: DetailsFields[DetailsField]): unknown {
  return value !== null && typeof value === "object" ? decimalText(value) : value;
}

/** A field's value as read: money as an exact decimal, a currency without char(3)'s padding. */
function fromColumn(field: DetailsField, value: unknown): unknown {
  if (value === null) return null;
  const kind = specOf(field).kind;
  if (kind === "money") return toDecimal(String(value));
  if (kind === "currency") return String(value).trim();
  return value;
}

function snapshotOf(row: SnapshotRow): CustomerSnapshot {
  const customer = { id: row.customer_id, uuid: row.customer_uuid, ownerId: row.owner_id };
  return { customer, details: row.id === null ? null : recordOf(customer.id, row as DetailsRow) };
}

function recordOf(customerId: number, row: DetailsRow): DetailsRecord {
  const fields = Object.fromEntries(DETAILS_FIELDS.map((field) => [field, fromColumn(field, row[field])])) as DetailsFields;
  return { ...fields, id: row.id, customerId, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at };
}

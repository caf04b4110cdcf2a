import type { Pool, PoolClient, QueryConfig, QueryResultRow } from "pg";
import { decimalText } from "../../currency/decimal";
import type { Door, WriteMode } from "./details.types";
import type { DetailsFields } from "./details.fields";
import type { FieldChanges } from "./details.record";
import { CHANGE_CHANNEL } from "../history/change-feed";
import { outboxInsertSql, outboxPayload, outboxValues } from "../../webhooks/outbox.write";

/** A customer as the checks need it. */
export interface CustomerRef {
  id: number;
  uuid: string;
  ownerId: number | null;
}

/** A stored details row (money as the column's exact decimal text). */
export interface DetailsRecord {
  id: number;
  customerId: number;
  annualRevenue: string | null;
  annualRevenueCurrency: string | null;
  employeeCount: number | null;
  industry: string | null;
  website: string | null;
  address: string | null;
  isActive: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A customer and its details (null: none yet), as one read saw them. */
export interface CustomerSnapshot {
  customer: CustomerRef;
  details: DetailsRecord | null;
}

/** What a write records in the history besides the changed fields. */
export interface ChangeMeta {
  userId: number;
  door: Door;
  method: WriteMode;
  changes: FieldChanges;
  at: Date;
}

type Queryable = Pick<Pool | PoolClient, "query">;

const DETAILS_COLUMNS = `id, annual_revenue::text AS annual_revenue, annual_revenue_currency, employee_count, industry, website, address,
  is_active, version, created_at, updated_at`;

interface DetailsRow {
  id: number;
  annual_revenue: string | null;
  annual_revenue_currency: string | null;
  employee_count: number | null;
  industry: string | null;
  website: string | null;
  address: string | null;
  is_active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

type SnapshotRow = { customer_id: number; customer_uuid: string; owner_id: number | null } & (DetailsRow | { [K in keyof DetailsRow]: null });

export const SNAPSHOT_SQL = `SELECT c.id AS customer_id, c.uuid::text AS customer_uuid, c.owner_id,
    d.id, d.annual_revenue::text AS annual_revenue, d.annual_revenue_currency, d.employee_count, d.industry, d.website, d.address,
    d.is_active, d.version, d.created_at, d.updated_at
  FROM customers c LEFT JOIN customer_details d ON d.customer_id = c.id WHERE c.uuid = $1::uuid`;

const LOCK = "SELECT id FROM customers WHERE uuid = $1::uuid FOR NO KEY UPDATE";

/**
 * What the history row's insert returns for the outbox (outboxInsertSql reads `change`; its first parameter is the customer's uuid), and its notification to
 * the change feeds of every instance, sent on commit: {"id": "<change id>", "customer_uuid": "…"}. A RETURNING list
 * is evaluated for each inserted row whether or not anything reads it.
 */
const changeReturning = (uuid: string) => `id, customer_id, created_at,
      pg_notify('${CHANGE_CHANNEL}', json_build_object('id', id::text, 'customer_uuid', ${uuid}::uuid)::text) AS notified`;

/**
 * One statement: the customer's row lock (the same lock a contended write holds for its whole transaction, so
 * writers serialise on it), the update only if the details are still the version that was read and the customer
 * still has the owner that was checked, and the history row; nothing at all otherwise (the caller reads again).
 */
export const UPDATE_SQL = `WITH locked AS (
    SELECT id FROM customers WHERE id = $11 AND owner_id IS NOT DISTINCT FROM $12::int FOR NO KEY UPDATE
  ), written AS (
    UPDATE customer_details SET annual_revenue = $3::numeric, annual_revenue_currency = $4, employee_count = $5::int, industry = $6,
      website = $7, address = $8, is_active = $9::boolean, version = version + 1, updated_at = $10::timestamptz
    WHERE id = $1 AND version = $2 AND EXISTS (SELECT 1 FROM locked)
    RETURNING ${DETAILS_COLUMNS}
  ), change AS (
    INSERT INTO customer_details_changes (customer_id, details_id, user_id, door, method, created, changes, created_at)
    SELECT $11, id, $13, $14, $15, false, $16::jsonb, $10::timestamptz FROM written
    RETURNING ${changeReturning("$17")}
  ), ${outboxInsertSql(17)}
  SELECT * FROM written`;

/**
 * One statement: the first details of a customer (unless another request created them first) and the history row.
 * The details' id is drawn beforehand (NEXT_DETAILS_ID) so that the webhook event's body can carry it.
 */
export const INSERT_SQL = `WITH locked AS (
    SELECT id FROM customers WHERE id = $1 AND owner_id IS NOT DISTINCT FROM $10::int FOR NO KEY UPDATE
  ), written AS (
    INSERT INTO customer_details (id, customer_id, annual_revenue, annual_revenue_currency, employee_count, industry, website, address,
      is_active, created_at, updated_at)
    SELECT $15::int, $1, $2::numeric, $3, $4::int, $5, $6, $7, $8::boolean, $9::timestamptz, $9::timestamptz
    WHERE EXISTS (SELECT 1 FROM locked)
    ON CONFLICT (customer_id) DO NOTHING
    RETURNING ${DETAILS_COLUMNS}
  ), change AS (
    INSERT INTO customer_details_changes (customer_id, details_id, user_id, door, method, created, changes, created_at)
    SELECT $1, id, $11, $12, $13, true, $14::jsonb, $9::timestamptz FROM written
    RETURNING ${changeReturning("$16")}
  ), ${outboxInsertSql(16)}
  SELECT * FROM written`;

const NEXT_DETAILS_ID = "SELECT nextval(pg_get_serial_sequence('customer_details', 'id'))::int AS id";

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
    const row = (await this.run<SnapshotRow>(db, "details-snapshot", SNAPSHOT_SQL, [uuid]))[0];
    if (!row) return null;
    const customer = { id: row.customer_id, uuid: row.customer_uuid, ownerId: row.owner_id };
    return { customer, details: row.id === null ? null : recordOf(customer.id, row as DetailsRow) };
  }

  /** Locks the customer row for the rest of the transaction (serialises writes to its details); false if none. */
  async lock(client: PoolClient, uuid: string): Promise<boolean> {
    return (await this.run(client, "details-lock", LOCK, [uuid])).length > 0;
  }

  /** The new version of the details, or null when they or the customer's owner changed since `seen` was read. */
  async update(seen: CustomerSnapshot & { details: DetailsRecord }, after: DetailsFields, meta: ChangeMeta, db: Queryable = this.pool) {
    const { customer, details } = seen;
    const written = { id: details.id, version: details.version + 1, createdAt: details.createdAt };
    const rows = await this.run<DetailsRow>(db, "details-update", UPDATE_SQL, [
      details.id,
      details.version,
      ...values(after),
      meta.at,
      customer.id,
      customer.ownerId,
      meta.userId,
      meta.door,
      meta.method,
      JSON.stringify(meta.changes),
      ...outboxValues(outboxEvent(customer, written, after, meta)),
    ]);
    return rows[0] ? recordOf(customer.id, rows[0]) : null;
  }

  /** The created details, or null when another request created them first (or the owner changed). */
  async insert(customer: CustomerRef, after: DetailsFields, meta: ChangeMeta, db: Queryable = this.pool): Promise<DetailsRecord | null> {
    const id = (await this.run<{ id: number }>(db, "details-next-id", NEXT_DETAILS_ID, []))[0]?.id as number;
    const written = { id, version: 1, createdAt: meta.at };
    const rows = await this.run<DetailsRow>(db, "details-insert", INSERT_SQL, [
      customer.id,
      ...values(after),
      meta.at,
      customer.ownerId,
      meta.userId,
      meta.door,
      meta.method,
      JSON.stringify(meta.changes),
      id,
      ...outboxValues(outboxEvent(customer, written, after, meta)),
    ]);
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

/** The webhook event of a write: the details as the statement writes them, built before it runs. */
function outboxEvent(customer: CustomerRef, written: { id: number; version: number; createdAt: Date }, after: DetailsFields, meta: ChangeMeta) {
  const details = { ...after, ...written, customerId: customer.id, customerUuid: customer.uuid, updatedAt: meta.at, conversion: null };
  return {
    customerUuid: customer.uuid,
    changedFields: Object.keys(meta.changes),
    payload: outboxPayload({ customerUuid: customer.uuid, at: meta.at, changes: meta.changes }, details),
  };
}

/** The writable fields in the column order of UPDATE ($3..$9) and INSERT ($2..$8). */
function values(fields: DetailsFields): unknown[] {
  return [
    fields.annual_revenue === null ? null : decimalText(fields.annual_revenue),
    fields.annual_revenue_currency,
    fields.employee_count,
    fields.industry,
    fields.website,
    fields.address,
    fields.is_active,
  ];
}

function recordOf(customerId: number, row: DetailsRow): DetailsRecord {
  return {
    id: row.id,
    customerId,
    annualRevenue: row.annual_revenue,
    annualRevenueCurrency: row.annual_revenue_currency,
    employeeCount: row.employee_count,
    industry: row.industry,
    website: row.website,
    address: row.address,
    isActive: row.is_active,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

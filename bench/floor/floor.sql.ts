import type { Pool, PoolClient } from "pg";
import type { FloorFields } from "./floor.body";

/** The SQL of the floor: what a careful hand-written handler sends, one statement per step. */

export interface PrincipalRow {
  id: number;
  preferred_currency: string | null;
  is_active: boolean;
  permissions: string[];
}

export interface DetailsRow {
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

export type CustomerRow = { customer_id: number; owner_id: number | null } & ({ id: number } & DetailsRow | { id: null });

export async function loadPrincipal(pool: Pool, userId: number): Promise<PrincipalRow | null> {
  const { rows } = await pool.query<PrincipalRow>({
    name: "floor-principal",
    text: `SELECT u.id, u.preferred_currency, u.is_active,
        ARRAY(SELECT p.name FROM user_has_permissions up JOIN permissions p ON p.id = up.permission_id WHERE up.user_id = u.id
              UNION
              SELECT p.name FROM user_has_roles ur JOIN role_has_permissions rp ON rp.role_id = ur.role_id
                JOIN permissions p ON p.id = rp.permission_id WHERE ur.user_id = u.id) AS permissions
      FROM users u WHERE u.id = $1`,
    values: [userId],
  });
  const row = rows[0];
  return row && row.is_active ? row : null;
}

const DETAILS_COLUMNS = `d.id, d.annual_revenue::text AS annual_revenue, d.annual_revenue_currency, d.employee_count, d.industry,
  d.website, d.address, d.is_active, d.version, d.created_at, d.updated_at`;

export async function readCustomer(pool: Pool, uuid: string): Promise<CustomerRow | null> {
  const { rows } = await pool.query<CustomerRow>({
    name: "floor-read",
    text: `SELECT c.id AS customer_id, c.owner_id, ${DETAILS_COLUMNS}
      FROM customers c LEFT JOIN customer_details d ON d.customer_id = c.id WHERE c.uuid = $1::uuid`,
    values: [uuid],
  });
  return rows[0] ?? null;
}

export async function lockCustomer(client: PoolClient, uuid: string): Promise<{ id: number; owner_id: number | null } | null> {
  const { rows } = await client.query<{ id: number; owner_id: number | null }>({
    name: "floor-lock",
    text: "SELECT id, owner_id FROM customers WHERE uuid = $1::uuid FOR NO KEY UPDATE",
    values: [uuid],
  });
  return rows[0] ?? null;
}

export async function readDetails(client: PoolClient, customerId: number): Promise<DetailsRow | null> {
  const { rows } = await client.query<DetailsRow>({
    name: "floor-details",
    text: `SELECT ${DETAILS_COLUMNS} FROM customer_details d WHERE d.customer_id = $1`,
    values: [customerId],
  });
  return rows[0] ?? null;
}

const VALUES = (fields: FloorFields) => [
  fields.annual_revenue,
  fields.annual_revenue_currency,
  fields.employee_count,
  fields.industry,
  fields.website,
  fields.address,
  fields.is_active,
];

export async function updateDetails(client: PoolClient, id: number, fields: FloorFields): Promise<DetailsRow> {
  const { rows } = await client.query<DetailsRow>({
    name: "floor-update",
    text: `UPDATE customer_details d SET annual_revenue = $2, annual_revenue_currency = $3, employee_count = $4, industry = $5,
        website = $6, address = $7, is_active = $8, version = version + 1, updated_at = now()
      WHERE id = $1 RETURNING ${DETAILS_COLUMNS}`,
    values: [id, ...VALUES(fields)],
  });
  return rows[0] as DetailsRow;
}

export async function insertDetails(client: PoolClient, customerId: number, fields: FloorFields): Promise<DetailsRow> {
  const { rows } = await client.query<DetailsRow>({
    name: "floor-insert",
    text: `INSERT INTO customer_details AS d (customer_id, annual_revenue, annual_revenue_currency, employee_count, industry, website,
        address, is_active, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now()) RETURNING ${DETAILS_COLUMNS}`,
    values: [customerId, ...VALUES(fields)],
  });
  return rows[0] as DetailsRow;
}

/**
 * The history row, and what every committed change owes its consumers, as the service's write does: the change
 * feed's notification, and the webhooks' outbox when one wants it (with no webhook, one EXISTS probe).
 */
export async function insertHistory(
  client: PoolClient,
  row: { customerId: number; customerUuid: string; detailsId: number; userId: number; created: boolean; changes: object },
): Promise<void> {
  await client.query({
    name: "floor-history",
    text: `WITH change AS (
        INSERT INTO customer_details_changes (customer_id, details_id, user_id, door, method, created, changes, created_at)
        VALUES ($1, $2, $3, 'REST', 'PATCH', $4, $5, now()) RETURNING id
      )
      SELECT pg_notify('customer_details_changed', json_build_object('id', id::text, 'customer_uuid', $6::uuid)::text),
        EXISTS (SELECT 1 FROM webhooks) AS webhooks
      FROM change`,
    values: [row.customerId, row.detailsId, row.userId, row.created, JSON.stringify(row.changes), row.customerUuid],
  });
}

/**
 * The newest rate on or before today for the pair, stored either way round, converted in the database
 * (numeric arithmetic, rounded half-up to the target's minor units). No cross rates: a floor.
 */
export async function convert(pool: Pool, amount: string, from: string, to: string, digits: number): Promise<string | null> {
  if (from === to) return amount;
  const { rows } = await pool.query<{ converted: string }>({
    name: "floor-rate",
    text: `SELECT round($1::numeric * r.rate, $4)::text AS converted FROM (
        (SELECT rate FROM exchange_rates WHERE base = $2 AND quote = $3 AND date <= current_date ORDER BY date DESC LIMIT 1)
        UNION ALL
        (SELECT 1 / rate FROM exchange_rates WHERE base = $3 AND quote = $2 AND date <= current_date ORDER BY date DESC LIMIT 1)
      ) r LIMIT 1`,
    values: [amount, from, to, digits],
  });
  return rows[0]?.converted ?? null;
}

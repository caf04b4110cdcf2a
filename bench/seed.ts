import type { Pool } from "pg";

export interface Seeded {
  userId: number;
  /** uuids the load generator picks from (all customers, or a random sample of a large table). */
  uuids: string[];
}

/**
 * Seeds with plain SQL (generate_series), fast enough for a million rows: one user holding
 * customer.details.update through a role, preferring TRY; `customers` customers owned by it, each with
 * details of 2,000,000 USD; today's manual USD→TRY rate of 30.
 */
export async function seed(pool: Pool, customers: number): Promise<Seeded> {
  await pool.query("INSERT INTO permissions (name) VALUES ('customer.details.update') ON CONFLICT DO NOTHING");
  await pool.query("INSERT INTO roles (name) VALUES ('bench-editor') ON CONFLICT DO NOTHING");
  await pool.query(`INSERT INTO role_has_permissions (role_id, permission_id)
    SELECT r.id, p.id FROM roles r, permissions p WHERE r.name = 'bench-editor' AND p.name = 'customer.details.update' ON CONFLICT DO NOTHING`);
  const { rows } = await pool.query<{ id: number }>(
    "INSERT INTO users (email, name, preferred_currency) VALUES ('bench@example.com', 'Bench', 'TRY') RETURNING id",
  );
  const userId = (rows[0] as { id: number }).id;
  await pool.query("INSERT INTO user_has_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = 'bench-editor'", [userId]);
  await pool.query("INSERT INTO customers (name, owner_id) SELECT 'Bench ' || g, $1 FROM generate_series(1, $2::int) g", [userId, customers]);
  await pool.query(`INSERT INTO customer_details (customer_id, annual_revenue, annual_revenue_currency, employee_count, updated_at)
    SELECT id, 2000000, 'USD', 1, now() FROM customers`);
  await pool.query("INSERT INTO exchange_rates (base, quote, rate, date, source) VALUES ('USD', 'TRY', 30, current_date, 'manual')");
  const sample = await pool.query<{ uuid: string }>(
    customers > 20_000 ? "SELECT uuid::text FROM customers TABLESAMPLE SYSTEM (2) LIMIT 10000" : "SELECT uuid::text FROM customers",
  );
  await pool.query("ANALYZE");
  return { userId, uuids: sample.rows.map((row) => row.uuid) };
}

/**
 * The scale data set: 1,000,000 history rows spread over the customers, and daily synthetic euro
 * reference rates for 30 currencies since 1999-01-04 (about 306,000 rows, more than the ECB's history holds).
 */
export async function seedScale(pool: Pool): Promise<void> {
  await pool.query(`INSERT INTO customer_details_changes (customer_id, details_id, user_id, door, method, created, changes, created_at)
    SELECT d.customer_id, d.id, NULL, 'REST', 'PATCH', false, '{"employee_count":{"old":1,"new":2}}'::jsonb, now() - interval '1 day'
    FROM customer_details d`);
  const currencies = [
    "USD", "JPY", "BGN", "CZK", "DKK", "GBP", "HUF", "PLN", "RON", "SEK", "CHF", "ISK", "NOK", "TRY", "AUD",
    "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR",
  ];
  await pool.query(
    `INSERT INTO exchange_rates (base, quote, rate, date, source)
     SELECT 'EUR', c.code, round((1 + c.n * 0.37 + 0.05 * sin(g.day - DATE '1999-01-04'))::numeric, 6), g.day, 'ecb'
     FROM unnest($1::text[]) WITH ORDINALITY AS c(code, n),
          LATERAL (SELECT d::date AS day FROM generate_series(DATE '1999-01-04', current_date - 1, interval '1 day') AS d) AS g`,
    [currencies],
  );
  await pool.query("ANALYZE");
}

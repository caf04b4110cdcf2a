import type { Pool } from "pg";
import { Decimal } from "../src/currency/decimal";
import { DEFAULT_DETAILS, type DetailsFields } from "../src/customers/details/details.fields";
import { DetailsStore, INSERT_SQL, insertValues, SNAPSHOT_SQL, UPDATE_SQL, updateValues } from "../src/customers/details/details.store";

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement on the hot path, on the data set the service runs on (writes inside
 * a transaction that is rolled back). The principal and rate queries are copies of src/auth/principal-loader.ts and
 * src/currency/rate-lookup.ts (Prisma templates there); keep them in step.
 */
const PRINCIPAL_SQL = `SELECT u.id, u.email, u.name, u.preferred_currency, u.is_active,
    ARRAY(
      SELECT p.name FROM user_has_permissions up JOIN permissions p ON p.id = up.permission_id WHERE up.user_id = u.id
      UNION
      SELECT p.name FROM user_has_roles ur JOIN role_has_permissions rp ON rp.role_id = ur.role_id
        JOIN permissions p ON p.id = rp.permission_id WHERE ur.user_id = u.id
    ) AS permissions
  FROM users u WHERE u.id = $1`;

const RATES_SQL = `SELECT p.base, p.quote, r.rate, r.date, r.source
  FROM exchange_rate_pairs p
  CROSS JOIN LATERAL (
    SELECT e.rate, e.date, e.source FROM exchange_rates e
    WHERE e.base = p.base AND e.quote = p.quote AND e.date <= $2::date
    ORDER BY e.date DESC, (e.source = 'manual') DESC, e.imported_at DESC
    LIMIT 1
  ) r
  WHERE p.base = ANY($1::bpchar[]) OR p.quote = ANY($1::bpchar[])`;

export async function explainHotPath(pool: Pool, userId: number, uuid: string): Promise<string> {
  const client = await pool.connect();
  const out: string[] = [];
  const explain = async (title: string, sql: string, params: unknown[]) => {
    const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
    out.push(`### ${title}\n\n\`\`\`\n${rows.map((row) => row["QUERY PLAN"]).join("\n")}\n\`\`\``);
  };
  try {
    await client.query("VACUUM ANALYZE exchange_rates").catch(() => undefined);
    await explain("principal (cache miss only)", PRINCIPAL_SQL, [userId]);
    await explain("rates of a pair (cache miss only)", RATES_SQL, [["USD", "TRY"], new Date().toISOString().slice(0, 10)]);
    await explain("customer + details snapshot", SNAPSHOT_SQL, [uuid]);
    const snapshot = await new DetailsStore(pool).read(uuid, client);
    if (!snapshot?.details) throw new Error(`customer ${uuid} has no details to explain a write on`);
    const details = snapshot.details;
    const after: DetailsFields = { ...DEFAULT_DETAILS, annual_revenue: new Decimal(2000000), annual_revenue_currency: "USD", employee_count: 7 };
    const meta = { at: new Date(), userId, door: "REST", method: "PATCH", changes: { employee_count: { old: 1, new: 7 } } } as const;
    await client.query("BEGIN");
    await explain("write: version-checked update + history row (rolled back)", UPDATE_SQL, updateValues({ customer: snapshot.customer, details }, after, meta));
    await client.query("ROLLBACK");
    await client.query("BEGIN");
    await client.query("DELETE FROM customer_details WHERE id = $1", [details.id]);
    await explain("first write: INSERT ... ON CONFLICT + history row (rolled back)", INSERT_SQL, insertValues(snapshot.customer, details.id, after, meta));
    await client.query("ROLLBACK");
  } finally {
    client.release();
  }
  return out.join("\n\n");
}

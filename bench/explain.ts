import type { Pool } from "pg";
import { INSERT_SQL, SNAPSHOT_SQL, UPDATE_SQL } from "../src/customers/details/details.store";

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
    const snapshot = (await client.query(SNAPSHOT_SQL, [uuid])).rows[0] as { customer_id: number; owner_id: number | null; id: number; version: number };
    await client.query("BEGIN");
    const now = new Date();
    await explain("write: version-checked update + history row (rolled back)", UPDATE_SQL, [
      snapshot.id, snapshot.version, "2000000", "USD", 7, null, null, null, true, now, snapshot.customer_id, snapshot.owner_id, userId, "REST", "PATCH",
      JSON.stringify({ employee_count: { old: 1, new: 7 } }),
    ]);
    await client.query("ROLLBACK");
    await client.query("BEGIN");
    await client.query("DELETE FROM customer_details WHERE id = $1", [snapshot.id]);
    await explain("first write: INSERT ... ON CONFLICT + history row (rolled back)", INSERT_SQL, [
      snapshot.customer_id, "2000000", "USD", 7, null, null, null, true, now, snapshot.owner_id, userId, "REST", "PATCH",
      JSON.stringify({ employee_count: { old: null, new: 7 } }),
    ]);
    await client.query("ROLLBACK");
  } finally {
    client.release();
  }
  return out.join("\n\n");
}

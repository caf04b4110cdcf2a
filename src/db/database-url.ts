/** The connection poolers the service knows how to work behind (docs/behaviour.md section 12). */
export type Pooler = "pgbouncer";

export interface DatabaseTarget {
  /** The URL to hand to pg: the pooler flag taken out (pg would pass unknown parameters on, or choke on them). */
  url: string;
  /** "pgbouncer" when the URL says `?pgbouncer=true` (Prisma's convention for a transaction pooler), else null. */
  pooler: Pooler | null;
}

const FLAG = "pgbouncer";

/**
 * Reads Prisma's `pgbouncer=true` flag off a PostgreSQL URL and strips it (any value of it: `pgbouncer=false` is
 * stripped and means no pooler). Embedded (`file:`) URLs are returned as they are.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (!/^postgres(ql)?:\/\//i.test(url)) return { url, pooler: null };
  const queryAt = url.indexOf("?");
  if (queryAt < 0) return { url, pooler: null };
  const params = new URLSearchParams(url.slice(queryAt + 1));
  if (!params.has(FLAG)) return { url, pooler: null };
  const pooled = params.getAll(FLAG).some((value) => value.toLowerCase() === "true");
  params.delete(FLAG);
  const rest = params.toString();
  return { url: `${url.slice(0, queryAt)}${rest ? `?${rest}` : ""}`, pooler: pooled ? "pgbouncer" : null };
}

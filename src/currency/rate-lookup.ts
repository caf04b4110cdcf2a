import type { PrismaClient } from "../generated/prisma/client";
import { toDecimal } from "./decimal";
import type { StoredRate } from "./conversion.types";

type Db = Pick<PrismaClient, "$queryRaw">;

/** The source of the demo data's made-up rate: it never outranks a real (imported or manual) rate. */
export const DEMO_RATE_SOURCE = "demo";

interface RateRow {
  base: string;
  quote: string;
  rate: { toString(): string };
  date: Date;
  source: string;
}

/**
 * The newest rate on or before `onOrBefore` of every stored pair that touches one of `currencies`, in one
 * query whose cost does not grow with the history: the pairs come from exchange_rate_pairs (kept by a trigger),
 * and each pair's newest rate is one backward probe of exchange_rates_newest_idx that stops at the first date.
 * On a date with several sources, an administrator's manual rate wins, then the most recently imported.
 * A demo rate (made up by the demo data) comes last whatever its date: the second probe, which runs only when
 * the pair has no other rate, finds it.
 */
export async function newestRatesTouching(db: Db, currencies: string[], onOrBefore: string): Promise<StoredRate[]> {
  const rows = await db.$queryRaw<RateRow[]>`
    SELECT p.base, p.quote, r.rate, r.date, r.source
    FROM exchange_rate_pairs p
    CROSS JOIN LATERAL (
      (SELECT e.rate, e.date, e.source FROM exchange_rates e
       WHERE e.base = p.base AND e.quote = p.quote AND e.date <= ${onOrBefore}::date AND e.source <> ${DEMO_RATE_SOURCE}
       ORDER BY e.date DESC, (e.source = 'manual') DESC, e.imported_at DESC
       LIMIT 1)
      UNION ALL
      (SELECT e.rate, e.date, e.source FROM exchange_rates e
       WHERE e.base = p.base AND e.quote = p.quote AND e.date <= ${onOrBefore}::date AND e.source = ${DEMO_RATE_SOURCE}
       ORDER BY e.date DESC
       LIMIT 1)
      LIMIT 1
    ) r
    WHERE p.base = ANY(${currencies}::bpchar[]) OR p.quote = ANY(${currencies}::bpchar[])`;
  return rows.map((row) => ({
    base: row.base.trim(),
    quote: row.quote.trim(),
    rate: toDecimal(row.rate),
    date: row.date.toISOString().slice(0, 10),
    source: row.source,
  }));
}

/** The sources the service knows; /readyz reports the newest rate date of each. */
export const RATE_SOURCES = ["ecb", "tcmb", "manual", "demo"] as const;
export type StoredRateSource = (typeof RATE_SOURCES)[number];

/**
 * The newest rate date (on or before `onOrBefore`) of each source that has one, in one query: per
 * source, a backward scan of the date index that stops at the first row of that source.
 */
export async function newestRateDates(db: Db, onOrBefore: string): Promise<Partial<Record<StoredRateSource, string>>> {
  const rows = await db.$queryRaw<{ source: StoredRateSource; newest: string | null }[]>`
    SELECT known.source,
           (SELECT to_char(max(date), 'YYYY-MM-DD') FROM exchange_rates
            WHERE exchange_rates.source = known.source AND date <= ${onOrBefore}::date) AS newest
    FROM unnest(${[...RATE_SOURCES]}::text[]) AS known(source)`;
  const newest: Partial<Record<StoredRateSource, string>> = {};
  for (const row of rows) if (row.newest !== null) newest[row.source] = row.newest;
  return newest;
}

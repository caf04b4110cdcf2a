import type { PrismaClient } from "../generated/prisma/client";
import { toDecimal } from "./decimal";
import type { StoredRate } from "./conversion.types";

type Db = Pick<PrismaClient, "$queryRaw">;

interface RateRow {
  base: string;
  quote: string;
  rate: { toString(): string };
  date: Date;
  source: string;
}

/**
 * The newest rate on or before `onOrBefore` of every stored pair that touches one of `currencies`
 * (one query; the pair indexes serve both sides). On a date with several sources, an
 * administrator's manual rate wins, then the most recently imported.
 */
export async function newestRatesTouching(db: Db, currencies: string[], onOrBefore: string): Promise<StoredRate[]> {
  const rows = await db.$queryRaw<RateRow[]>`
    SELECT DISTINCT ON (base, quote) base, quote, rate, date, source
    FROM exchange_rates
    WHERE (base = ANY(${currencies}) OR quote = ANY(${currencies})) AND date <= ${onOrBefore}::date
    ORDER BY base, quote, date DESC, (source = 'manual') DESC, imported_at DESC`;
  return rows.map((row) => ({
    base: row.base.trim(),
    quote: row.quote.trim(),
    rate: toDecimal(row.rate),
    date: row.date.toISOString().slice(0, 10),
    source: row.source,
  }));
}

/** The sources the service knows; /readyz reports the newest rate date of each. */
export const RATE_SOURCES = ["ecb", "tcmb", "manual"] as const;
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

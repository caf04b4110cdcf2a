import type { PrismaClient } from "../generated/prisma/client";
import { isKnownCurrency } from "./currencies";
import { Decimal, decimalText } from "./decimal";

export interface RateInput {
  base: string;
  quote: string;
  rate: string;
  date: string;
}

export interface StoreResult {
  source: string;
  dates: string[];
  pairs: string[];
  count: number;
  /** Rates that were new or whose value changed. */
  changed: number;
}

export class RateInputError extends Error {
  override name = "RateInputError";
}

/** The column is NUMERIC(38, 18): at most 20 digits before the point and 18 after. */
const RATE_DECIMALS = 18;
const RATE_INTEGER_DIGITS = 20;
/** Rows per INSERT (four array parameters each, so the size is bounded by memory, not by bind limits). */
const INSERT_CHUNK = 50_000;

interface ExistingRow {
  base: string;
  quote: string;
  date: string;
  rate: string;
}

/**
 * Stores rates of one source atomically: all of them in one transaction, or none. Storing the same
 * rates again changes nothing (same base, quote, date and source: the value is kept, or replaced when
 * it differs). Batched, so that a whole ECB history file (about 200,000 rates) stores in seconds: one
 * query reads the stored values of the file's dates, one INSERT ... SELECT FROM unnest(arrays) per
 * 50,000 new rates, one UPDATE for all changed values. (Prisma's createMany was tried: about 60 s for
 * the history file, against 3 s this way.) Imports of the same source are serialised by a
 * transaction-scoped advisory lock, so a scheduled refresh and an admin import never collide.
 */
export async function storeRates(prisma: PrismaClient, source: string, input: RateInput[]): Promise<StoreResult> {
  if (input.length === 0) throw new RateInputError("No rates to store.");
  const rates = normalise(input);
  const dates = [...new Set(rates.map((rate) => rate.date))].sort();
  let changed = 0;
  await prisma.$transaction(
    async (tx) => {
      // A background import, not a request: the session's request bounds (DATABASE_TIMEOUT_MS on every statement
      // and lock wait, src/db/pool.ts) give way to this transaction's own limit. (Each statement must still answer
      // within DATABASE_TIMEOUT_MS + 0.5 s on the client side, which the 50,000-row chunks do.)
      await tx.$executeRaw`SET LOCAL statement_timeout = 0`;
      await tx.$executeRaw`SET LOCAL lock_timeout = 0`;
      await tx.$executeRaw`SET LOCAL idle_in_transaction_session_timeout = 0`;
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`exchange_rates:${source}`}))::text`;
      const existingRows = await tx.$queryRaw<ExistingRow[]>`
        SELECT base, quote, to_char(date, 'YYYY-MM-DD') AS date, rate::text AS rate
        FROM exchange_rates
        WHERE source = ${source} AND date = ANY(${dates}::date[])`;
      const existing = new Map(existingRows.map((row) => [keyOf(row.base.trim(), row.quote.trim(), row.date), row.rate]));

      const fresh: RateInput[] = [];
      const updated: RateInput[] = [];
      for (const rate of rates) {
        const stored = existing.get(keyOf(rate.base, rate.quote, rate.date));
        if (stored === undefined) fresh.push(rate);
        else if (!new Decimal(stored).eq(rate.rate)) updated.push(rate);
      }

      for (let start = 0; start < fresh.length; start += INSERT_CHUNK) {
        const chunk = fresh.slice(start, start + INSERT_CHUNK);
        await tx.$executeRaw`
          INSERT INTO exchange_rates (base, quote, date, rate, source)
          SELECT given.base, given.quote, given.date, given.rate, ${source}
          FROM unnest(
            ${chunk.map((rate) => rate.base)}::text[],
            ${chunk.map((rate) => rate.quote)}::text[],
            ${chunk.map((rate) => rate.date)}::date[],
            ${chunk.map((rate) => rate.rate)}::numeric[]
          ) AS given(base, quote, date, rate)`;
      }
      if (updated.length > 0) {
        await tx.$executeRaw`
          UPDATE exchange_rates AS stored SET rate = given.rate, imported_at = now()
          FROM unnest(
            ${updated.map((rate) => rate.base)}::text[],
            ${updated.map((rate) => rate.quote)}::text[],
            ${updated.map((rate) => rate.date)}::date[],
            ${updated.map((rate) => rate.rate)}::numeric[]
          ) AS given(base, quote, date, rate)
          WHERE stored.source = ${source} AND stored.base = given.base AND stored.quote = given.quote AND stored.date = given.date`;
      }
      changed = fresh.length + updated.length;
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
  return {
    source,
    dates,
    pairs: [...new Set(rates.map((rate) => `${rate.base}/${rate.quote}`))].sort(),
    count: rates.length,
    changed,
  };
}

function keyOf(base: string, quote: string, date: string): string {
  return `${base}|${quote}|${date}`;
}

/** Checks every rate before anything is written; returns copies with the rate in the column's canonical form. */
function normalise(input: RateInput[]): RateInput[] {
  const seen = new Set<string>();
  return input.map((rate) => {
    for (const code of [rate.base, rate.quote]) {
      if (!isKnownCurrency(code)) throw new RateInputError(`Unknown currency code: ${code}`);
    }
    if (rate.base === rate.quote) throw new RateInputError(`A rate needs two different currencies (${rate.base}).`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(rate.date) || Number.isNaN(Date.parse(rate.date))) {
      throw new RateInputError(`Not a date (YYYY-MM-DD): ${rate.date}`);
    }
    const key = keyOf(rate.base, rate.quote, rate.date);
    if (seen.has(key)) throw new RateInputError(`${rate.base}/${rate.quote} is given more than once for ${rate.date}.`);
    seen.add(key);
    return { base: rate.base, quote: rate.quote, date: rate.date, rate: canonicalRate(rate) };
  });
}

/** The rate as the column keeps it (rounded half-up to 18 decimals), refused when not positive or too large. */
function canonicalRate(rate: RateInput): string {
  let value: Decimal;
  try {
    value = new Decimal(rate.rate);
  } catch {
    throw new RateInputError(`Not a number: ${rate.rate}`);
  }
  if (!value.isFinite() || value.lte(0)) throw new RateInputError(`A rate must be a positive number: ${rate.rate}`);
  const stored = value.toDecimalPlaces(RATE_DECIMALS, Decimal.ROUND_HALF_UP);
  if (stored.isZero()) throw new RateInputError(`A rate must be at least 1e-${RATE_DECIMALS}: ${rate.rate}`);
  if (stored.trunc().toFixed().length > RATE_INTEGER_DIGITS) {
    throw new RateInputError(`A rate must have at most ${RATE_INTEGER_DIGITS} digits before the decimal point: ${rate.rate}`);
  }
  return decimalText(stored);
}

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

/**
 * Stores rates of one source atomically: all of them in one transaction, or none. Storing the same
 * rates again changes nothing (same base, quote, date and source: the value is kept or replaced).
 */
export async function storeRates(prisma: PrismaClient, source: string, rates: RateInput[]): Promise<StoreResult> {
  if (rates.length === 0) throw new RateInputError("No rates to store.");
  for (const rate of rates) checkRate(rate);
  let changed = 0;
  await prisma.$transaction(async (tx) => {
    for (const rate of rates) {
      const key = { base: rate.base, quote: rate.quote, date: new Date(`${rate.date}T00:00:00Z`), source };
      const existing = await tx.exchangeRate.findUnique({ where: { base_quote_date_source: key } });
      if (existing && new Decimal(existing.rate.toString()).eq(rate.rate)) continue;
      changed += 1;
      await tx.exchangeRate.upsert({
        where: { base_quote_date_source: key },
        create: { ...key, rate: rate.rate },
        update: { rate: rate.rate, importedAt: new Date() },
      });
    }
  }, { timeout: 120_000 });
  return {
    source,
    dates: [...new Set(rates.map((rate) => rate.date))].sort(),
    pairs: [...new Set(rates.map((rate) => `${rate.base}/${rate.quote}`))].sort(),
    count: rates.length,
    changed,
  };
}

function checkRate(rate: RateInput): void {
  for (const code of [rate.base, rate.quote]) {
    if (!isKnownCurrency(code)) throw new RateInputError(`Unknown currency code: ${code}`);
  }
  if (rate.base === rate.quote) throw new RateInputError(`A rate needs two different currencies (${rate.base}).`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(rate.date) || Number.isNaN(Date.parse(rate.date))) {
    throw new RateInputError(`Not a date (YYYY-MM-DD): ${rate.date}`);
  }
  let value: Decimal;
  try {
    value = new Decimal(rate.rate);
  } catch {
    throw new RateInputError(`Not a number: ${rate.rate}`);
  }
  if (!value.isFinite() || value.lte(0)) throw new RateInputError(`A rate must be a positive number: ${rate.rate}`);
  rate.rate = decimalText(value);
}

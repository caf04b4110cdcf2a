import type { Clock } from "../shared/clock";
import type { Conversion, StoredRate } from "./conversion.types";
import { minorUnits } from "./currencies";
import { Decimal } from "./decimal";
import { findRate } from "./cross-rate";
import type { PrismaClient } from "../generated/prisma/client";
import { newestRatesTouching } from "./rate-lookup";

export interface ConverterOptions {
  staleAfterDays: number;
}

/** Converts amounts with the service's own exchange-rate table (CONTRACT.md section 5). */
export class CurrencyConverter {
  constructor(
    private readonly db: Pick<PrismaClient, "$queryRaw">,
    private readonly clock: Clock,
    private readonly options: ConverterOptions,
  ) {}

  /** null when there is no rate for the pair on or before today. */
  async convert(amount: Decimal, from: string, to: string): Promise<Conversion | null> {
    const today = this.clock.today();
    const rates = from === to ? [] : await newestRatesTouching(this.db, [from, to], today);
    return convertWithRates(amount, from, to, rates, { today, staleAfterDays: this.options.staleAfterDays });
  }
}

/**
 * The conversion itself, without the database: the best rate among `rates` (see findRate), the amount
 * multiplied in decimal arithmetic and rounded half-up to the target currency's minor units, and the
 * provenance. A stale rate still converts; `stale` says so. null when no rate connects the pair.
 */
export function convertWithRates(
  amount: Decimal,
  from: string,
  to: string,
  rates: StoredRate[],
  options: { today: string; staleAfterDays: number },
): Conversion | null {
  const quote = findRate(from, to, rates.filter((rate) => rate.date <= options.today));
  if (!quote) return null;
  const converted = amount.times(quote.rate).toDecimalPlaces(minorUnits(to), Decimal.ROUND_HALF_UP);
  return {
    ...quote,
    rateDate: quote.path === "identity" ? options.today : quote.rateDate,
    amount: converted,
    currency: to,
    stale: quote.path !== "identity" && isStale(quote.rateDate, options.today, options.staleAfterDays),
  };
}

/** A rate dated more than `staleAfterDays` days before `today` is stale (exactly that many days old is not). */
export function isStale(rateDate: string, today: string, staleAfterDays: number): boolean {
  const ageDays = (Date.parse(today) - Date.parse(rateDate)) / 86_400_000;
  return ageDays > staleAfterDays;
}

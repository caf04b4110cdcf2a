import type { Clock } from "../shared/clock";
import type { Conversion } from "./conversion.types";
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
    const quote = findRate(from, to, rates);
    if (!quote) return null;
    const converted = amount.times(quote.rate).toDecimalPlaces(minorUnits(to), Decimal.ROUND_HALF_UP);
    return {
      ...quote,
      rateDate: quote.path === "identity" ? today : quote.rateDate,
      amount: converted,
      currency: to,
      stale: quote.path !== "identity" && this.isStale(quote.rateDate, today),
    };
  }

  private isStale(rateDate: string, today: string): boolean {
    const ageDays = (Date.parse(today) - Date.parse(rateDate)) / 86_400_000;
    return ageDays > this.options.staleAfterDays;
  }
}

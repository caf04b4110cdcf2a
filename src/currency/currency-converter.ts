import type { Clock } from "../shared/clock";
import { ExpiringCache } from "../shared/expiring-cache";
import type { Conversion, StoredRate } from "./conversion.types";
import { minorUnits } from "./currencies";
import { Decimal } from "./decimal";
import { findRate } from "./cross-rate";
import type { PrismaClient } from "../generated/prisma/client";
import { DEMO_RATE_SOURCE, newestRatesTouching } from "./rate-lookup";

export interface ConverterOptions {
  staleAfterDays: number;
  /** How long a pair's rates are kept in memory (0: not cached). Writes to exchange_rates also flush them. */
  cacheMs?: number;
}

/**
 * Converts amounts with the service's own exchange-rate table (docs/behaviour.md section 5).
 * The rates of a pair on a given day are cached for `cacheMs`: every committed write to exchange_rates, by
 * any instance or the admin command line, notifies `cache_invalidation` ("rates") and the cache is flushed
 * (see services.ts); the time limit is the backstop for a notification lost while the listener reconnected.
 */
export class CurrencyConverter {
  private readonly cache: ExpiringCache<string, StoredRate[]>;

  constructor(
    private readonly db: Pick<PrismaClient, "$queryRaw">,
    private readonly clock: Clock,
    private readonly options: ConverterOptions,
  ) {
    this.cache = new ExpiringCache(options.cacheMs ?? 0);
  }

  /** null when there is no rate for the pair on or before today. */
  async convert(amount: Decimal, from: string, to: string): Promise<Conversion | null> {
    const today = this.clock.today();
    const rates = from === to ? [] : await this.ratesFor(from, to, today);
    return convertWithRates(amount, from, to, rates, { today, staleAfterDays: this.options.staleAfterDays });
  }

  /** Forgets every cached rate (a rate was written somewhere, or notifications may have been missed). */
  invalidate(): void {
    this.cache.clear();
  }

  /** The rates touching the pair (concurrent requests for a pair share one query). */
  private ratesFor(from: string, to: string, today: string): Promise<StoredRate[]> {
    return this.cache.get(`${from}|${to}|${today}`, () => newestRatesTouching(this.db, [from, to], today));
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
  const usable = rates.filter((rate) => rate.date <= options.today);
  // A demo rate only where no real rate, direct or across a pivot, connects the pair.
  const real = usable.filter((rate) => rate.source !== DEMO_RATE_SOURCE);
  const quote = findRate(from, to, real) ?? findRate(from, to, usable);
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

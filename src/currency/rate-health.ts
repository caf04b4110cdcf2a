import type { PrismaClient } from "../generated/prisma/client";
import type { Clock } from "../shared/clock";
import { isStale } from "./currency-converter";
import { newestRateDates, type StoredRateSource } from "./rate-lookup";
import type { RateRefresher, RefreshState } from "./rate-refresh";

/** The "rates" part of /readyz. */
export interface RatesReport {
  /** The newest rate date that decides staleness: the refreshed source's when a refresh is configured, else any source's. */
  newestDate: string | null;
  newestBySource: Partial<Record<StoredRateSource, string>>;
  /** newestDate is missing or older than staleAfterDays: conversions still work but say `stale`. */
  stale: boolean;
  staleAfterDays: number;
  /** When the scheduled refresh last succeeded (null: never, or no refresh configured). */
  lastRefresh: string | null;
  /** The scheduled refresh's state, without its URL (which may carry credentials); null when none is configured. */
  refresh: PublicRefreshState | null;
}

/** The refresh state /readyz shows: the URL is left out, and named `RATES_URL` in an error message that quotes it. */
export type PublicRefreshState = Omit<RefreshState, "url">;

function publicRefreshState({ url, ...state }: RefreshState): PublicRefreshState {
  const lastError = state.lastError && { ...state.lastError, message: state.lastError.message.replaceAll(url, "RATES_URL") };
  return { ...state, lastError };
}

/** Reports how fresh the stored exchange rates are and how the scheduled refresh is doing. */
export class RateHealth {
  constructor(
    private readonly db: Pick<PrismaClient, "$queryRaw">,
    private readonly clock: Clock,
    private readonly staleAfterDays: number,
    private readonly refresher: RateRefresher | null,
  ) {}

  async report(): Promise<RatesReport> {
    const today = this.clock.today();
    const newestBySource = await newestRateDates(this.db, today);
    const refresh = this.refresher?.state() ?? null;
    const candidates = refresh ? [newestBySource[refresh.source]] : Object.values(newestBySource);
    const newestDate = candidates.reduce<string | null>((newest, date) => (date && (!newest || date > newest) ? date : newest), null);
    return {
      newestDate,
      newestBySource,
      stale: newestDate === null || isStale(newestDate, today, this.staleAfterDays),
      staleAfterDays: this.staleAfterDays,
      lastRefresh: refresh?.lastSuccessAt ?? null,
      refresh: refresh && publicRefreshState(refresh),
    };
  }
}

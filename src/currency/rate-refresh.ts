import type { Config } from "../config";
import { isDatabaseUnavailable } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import type { Clock } from "../shared/clock";
import type { RateSource } from "./rate-files";
import { importRateXml, readRateFile } from "./rate-import";
import type { StoreResult } from "./rates.store";
import { backoffDelay } from "../shared/backoff";

/** The timer functions the refresher schedules with; tests pass fake ones. */
export interface RefreshTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Real timers, unref'd: a pending refresh never keeps the process alive on its own. */
export const realTimers: RefreshTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The part of Fastify's (pino's) logger the refresher uses. */
export interface RefreshLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const silentLogger: RefreshLogger = { info: () => undefined, warn: () => undefined };

export interface RefreshSchedule {
  source: RateSource;
  url: string;
  /** The hour (UTC, 0-23) of the daily refresh. */
  hourUtc: number;
  /** The first retry after a failure waits this long; each further failure doubles it... */
  retryBaseMs: number;
  /** ...up to this. */
  retryMaxMs: number;
}

/** What /readyz shows about the scheduled refresh. Times are ISO 8601 (UTC). */
export interface RefreshState {
  source: RateSource;
  url: string;
  /** True while a fetch or import is under way. */
  running: boolean;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** What the last successful refresh stored. */
  lastResult: { newestDate: string; dates: number; count: number; changed: number } | null;
  /** The last failure, kept until the next success. */
  lastError: { at: string; message: string } | null;
  consecutiveFailures: number;
  nextAttemptAt: string | null;
}

/** Fetches and imports one file; `signal` is aborted when the server stops. */
export type RefreshJob = (signal: AbortSignal) => Promise<StoreResult>;

export const ONE_HOUR_MS = 3_600_000;

/**
 * Keeps the rate table fed from a central bank's file: once at start (in the background), then daily
 * at `hourUtc`. A failed attempt (HTTP error, timeout, refused connection, a body that is not a valid
 * rate file) stores nothing, so the rates already stored stay in use; it is logged and retried after
 * retryBaseMs, 2×, 4×... capped at retryMaxMs, until an attempt succeeds and the daily rhythm resumes.
 * Never throws into its caller and never holds up a request: the work runs on timers, and the import's
 * transaction only begins once the whole file has been downloaded and parsed.
 */
export class RateRefresher {
  private timer: unknown = null;
  private inFlight: Promise<boolean> | null = null;
  private readonly abort = new AbortController();
  private stopped = false;
  private started = false;
  private log: RefreshLogger = silentLogger;
  private lastAttemptAt: Date | null = null;
  private lastSuccessAt: Date | null = null;
  private lastResult: RefreshState["lastResult"] = null;
  private lastError: { at: Date; message: string } | null = null;
  private consecutiveFailures = 0;
  private nextAttemptAt: Date | null = null;

  constructor(
    private readonly job: RefreshJob,
    private readonly schedule: RefreshSchedule,
    private readonly clock: Pick<Clock, "now">,
    private readonly timers: RefreshTimers = realTimers,
  ) {}

  /** Schedules the first attempt right away; returns at once. */
  start(log: RefreshLogger = silentLogger): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.log = log;
    this.scheduleAt(this.clock.now());
  }

  /** Cancels the pending attempt, aborts a download under way and waits for an import under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
    this.abort.abort();
    await this.inFlight;
  }

  /** One attempt now (joining one under way); resolves to whether it succeeded, never rejects. */
  refreshNow(): Promise<boolean> {
    this.inFlight ??= this.attempt().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  state(): RefreshState {
    const iso = (date: Date | null): string | null => date?.toISOString() ?? null;
    return {
      source: this.schedule.source,
      url: this.schedule.url,
      running: this.inFlight !== null,
      lastAttemptAt: iso(this.lastAttemptAt),
      lastSuccessAt: iso(this.lastSuccessAt),
      lastResult: this.lastResult,
      lastError: this.lastError && { at: this.lastError.at.toISOString(), message: this.lastError.message },
      consecutiveFailures: this.consecutiveFailures,
      nextAttemptAt: iso(this.nextAttemptAt),
    };
  }

  private async attempt(): Promise<boolean> {
    const { source, url } = this.schedule;
    this.lastAttemptAt = this.clock.now();
    let ok: boolean;
    try {
      const result = await this.job(this.abort.signal);
      ok = true;
      this.lastSuccessAt = this.clock.now();
      this.lastError = null;
      this.consecutiveFailures = 0;
      this.lastResult = { newestDate: result.dates.at(-1) ?? "", dates: result.dates.length, count: result.count, changed: result.changed };
      this.log.info({ source, url, ...this.lastResult }, "exchange rates refreshed");
    } catch (error) {
      ok = false;
      const message = messageOf(error);
      // Shown on /readyz: a driver's message would name the database's host and port (the log keeps it).
      this.lastError = { at: this.clock.now(), message: isDatabaseUnavailable(error) ? "The database is unavailable." : message };
      this.consecutiveFailures += 1;
      if (!this.stopped) {
        this.log.warn(
          { source, url, error: message, consecutiveFailures: this.consecutiveFailures, retryInMs: this.retryDelayMs() },
          "exchange-rate refresh failed; the stored rates stay in use",
        );
      }
    }
    if (this.started && !this.stopped) {
      const now = this.clock.now();
      const daily = nextDailyRun(now, this.schedule.hourUtc);
      const retry = new Date(now.getTime() + this.retryDelayMs());
      this.scheduleAt(ok || daily < retry ? daily : retry);
    }
    return ok;
  }

  /** retryBaseMs × 2^(failures - 1), at most retryMaxMs. */
  private retryDelayMs(): number {
    return backoffDelay({ baseMs: this.schedule.retryBaseMs, maxMs: this.schedule.retryMaxMs }, this.consecutiveFailures - 1);
  }

  private scheduleAt(when: Date): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.nextAttemptAt = when;
    const delay = Math.max(0, when.getTime() - this.clock.now().getTime());
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.nextAttemptAt = null;
      void this.refreshNow();
    }, delay);
  }
}

/** An error's message; duck-typed, since errors may come from another realm (fetch's, in a test VM). */
function messageOf(error: unknown): string {
  const message = typeof error === "object" && error !== null ? Reflect.get(error, "message") : undefined;
  return typeof message === "string" ? message : String(error);
}

/** The first `hourUtc`:00:00 UTC strictly after `now`. */
export function nextDailyRun(now: Date, hourUtc: number): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/**
 * The refresher the configuration asks for, or null: it runs when RATES_URL and RATES_SOURCE are set
 * and RATES_REFRESH_ENABLED is not false (config.ts makes it default to true once RATES_URL is set).
 */
export function createRateRefresher(
  rates: Config["rates"],
  prisma: PrismaClient,
  clock: Clock,
  timers: RefreshTimers = realTimers,
): RateRefresher | null {
  const { source, url } = rates;
  if (!rates.refreshEnabled || !source || !url) return null;
  const job: RefreshJob = async (signal) => {
    const xml = await readRateFile(url, rates.fetchTimeoutMs, signal, rates.maxBytes);
    return importRateXml(prisma, xml, { source, today: clock.today(), tcmbColumn: rates.tcmbColumn });
  };
  return new RateRefresher(
    job,
    { source, url, hourUtc: rates.refreshHourUtc, retryBaseMs: rates.retryBaseMs, retryMaxMs: Math.max(ONE_HOUR_MS, rates.retryBaseMs) },
    clock,
    timers,
  );
}

import { Decimal } from "decimal.js";
import { RateFileError, type ParsedRate, type ParsedRateFile, type RateSource } from "./rate-file.types";

/**
 * Checking the values a rate file carries: currency codes, dates, positive decimals, and the collection
 * of a file's rates without duplicates. Shared by the ECB and TCMB parsers (not re-exported from index.ts).
 */

/** Builds the "where" part of an error message lazily (only when something is wrong). */
export type Where = () => string;

export const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Real calendar date in YYYY-MM-DD form. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function assertToday(label: string, today: string): void {
  if (!isIsoDate(today)) throw new RateFileError(`${label}: opts.today "${today}" is not a valid YYYY-MM-DD date.`);
}

/** Parses a plain decimal ("1.0812") that must be > 0. `what` names the value, e.g. "rate" or "ForexBuying". */
export function parsePositiveDecimal(raw: string, what: string, where: Where): Decimal {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(raw)) {
    throw new RateFileError(`${where()} has a non-numeric ${what} "${raw}".`);
  }
  const value = new Decimal(raw);
  if (value.isZero()) throw new RateFileError(`${where()} has a zero ${what} "${raw}"; rates must be positive.`);
  if (value.isNegative()) {
    throw new RateFileError(`${where()} has a negative ${what} "${raw}"; rates must be positive.`);
  }
  return value;
}

/** Collects rates, rejects duplicates (same date/base/quote) and returns them sorted. */
export class RateCollector {
  private readonly rates: ParsedRate[] = [];
  private readonly keys = new Set<string>();

  add(rate: ParsedRate, duplicateMessage: () => string): void {
    const key = `${rate.date}|${rate.base}|${rate.quote}`;
    if (this.keys.has(key)) throw new RateFileError(duplicateMessage());
    this.keys.add(key);
    this.rates.push(rate);
  }

  finish(source: RateSource, emptyMessage: string): ParsedRateFile {
    if (this.rates.length === 0) throw new RateFileError(emptyMessage);
    const rates = [...this.rates].sort(
      (a, b) => compare(a.date, b.date) || compare(a.base, b.base) || compare(a.quote, b.quote),
    );
    return { source, rates };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

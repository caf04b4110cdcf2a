/** The result types of the rate-file parsers. Shared helpers: xml-reading.ts (XML) and rate-values.ts (values). */

export type RateSource = "ecb" | "tcmb";
export type TcmbColumn = "ForexBuying" | "ForexSelling" | "BanknoteBuying" | "BanknoteSelling";

/** One unit of `base` = `rate` units of `quote`. `rate` is an exact decimal string, `date` is YYYY-MM-DD. */
export interface ParsedRate {
  base: string;
  quote: string;
  rate: string;
  date: string;
}

/** `rates` is sorted by date, then base, then quote. */
export interface ParsedRateFile {
  source: RateSource;
  rates: ParsedRate[];
}

export class RateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RateFileError";
  }
}

import type { Decimal } from "./decimal";

/** How a figure was converted: which rate, of which date, from where, and along which path. */
export interface Conversion {
  amount: Decimal;
  currency: string;
  /** Units of the target currency per unit of the source currency (40 significant digits). */
  rate: Decimal;
  /** The date of the (oldest) rate used. */
  rateDate: string;
  /** "identity", or where the rate(s) came from: "ecb", "tcmb", "manual", or e.g. "ecb+manual". */
  source: string;
  /** identity: same currency; direct: a stored pair; inverse: a stored pair read backwards; cross: via a pivot. */
  path: "identity" | "direct" | "inverse" | "cross";
  pivot: string | null;
  /** True when the rate is older than the configured age. */
  stale: boolean;
}

export interface StoredRate {
  base: string;
  quote: string;
  rate: Decimal;
  date: string;
  source: string;
}

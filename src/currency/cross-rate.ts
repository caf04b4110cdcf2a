import { Decimal } from "./decimal";
import type { Conversion, StoredRate } from "./conversion.types";

export type RateQuote = Omit<Conversion, "amount" | "currency" | "stale">;

interface Leg {
  rate: Decimal;
  date: string;
  source: string;
  inverse: boolean;
}

/**
 * Picks the rate from `from` to `to` among stored rates: a stored pair (either direction) if there is
 * one, else a cross rate through the pivot whose older leg is newest (ties: alphabetical pivot).
 * The result is pure decimal arithmetic, so 1.25 USD/EUR and 37.5 TRY/EUR give exactly 30 TRY/USD.
 */
export function findRate(from: string, to: string, rates: StoredRate[]): RateQuote | null {
  if (from === to) {
    return { rate: new Decimal(1), rateDate: "", source: "identity", path: "identity", pivot: null };
  }
  const fromLegs = legsFrom(from, rates);
  const direct = fromLegs.get(to);
  if (direct) {
    return { rate: direct.rate, rateDate: direct.date, source: direct.source, path: direct.inverse ? "inverse" : "direct", pivot: null };
  }
  const toLegs = legsFrom(to, rates);
  let best: RateQuote | null = null;
  for (const [pivot, first] of [...fromLegs.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const back = toLegs.get(pivot);
    if (!back) continue;
    const date = first.date < back.date ? first.date : back.date;
    if (best && best.rateDate >= date) continue;
    const sources = [...new Set([first.source, back.source])].sort().join("+");
    // from→pivot, then pivot→to, which is the inverse of the to→pivot leg.
    best = { rate: first.rate.div(back.rate), rateDate: date, source: sources, path: "cross", pivot };
  }
  return best;
}

/** Every currency reachable from `currency` in one step, with the rate in that direction. */
function legsFrom(currency: string, rates: StoredRate[]): Map<string, Leg> {
  const legs = new Map<string, Leg>();
  const consider = (other: string, leg: Leg): void => {
    const known = legs.get(other);
    if (!known || leg.date > known.date || (leg.date === known.date && !leg.inverse && known.inverse)) legs.set(other, leg);
  };
  for (const stored of rates) {
    if (stored.rate.lte(0)) continue;
    if (stored.base === currency) consider(stored.quote, { rate: stored.rate, date: stored.date, source: stored.source, inverse: false });
    else if (stored.quote === currency) {
      consider(stored.base, { rate: new Decimal(1).div(stored.rate), date: stored.date, source: stored.source, inverse: true });
    }
  }
  return legs;
}

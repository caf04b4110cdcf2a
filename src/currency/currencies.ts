import currencyCodes from "currency-codes";

/**
 * ISO 4217 alphabetic codes and their minor units, from the ISO list published with `currency-codes`,
 * indexed once: the importers ask about every rate of a file (200,000 for the ECB's history).
 */
const MINOR_UNITS: ReadonlyMap<string, number> = new Map(currencyCodes.data.map((entry) => [entry.code, entry.digits]));

export function isKnownCurrency(code: string): boolean {
  return MINOR_UNITS.has(code);
}

/** Number of decimal places of a currency (TRY 2, JPY 0, KWD 3); 2 for a code ISO gives none for. */
export function minorUnits(code: string): number {
  return MINOR_UNITS.get(code) ?? 2;
}

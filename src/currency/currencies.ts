import currencyCodes from "currency-codes";

/** ISO 4217 alphabetic codes and their minor units, from the ISO list published with `currency-codes`. */
export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencyCodes.code(code) !== undefined;
}

/** Number of decimal places of a currency (TRY 2, JPY 0, KWD 3); 2 for a code ISO gives none for. */
export function minorUnits(code: string): number {
  return currencyCodes.code(code)?.digits ?? 2;
}

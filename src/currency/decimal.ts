import DecimalJs from "decimal.js";

/**
 * Decimal arithmetic for money and rates: 40 significant digits, half-up rounding. Never binary floats.
 * An inverse or cross rate keeps 40 digits, so a figure that is exact in the rates stays exact.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** Any decimal-like value (Prisma's Decimal, a string, a number) as our Decimal. */
export function toDecimal(value: { toString(): string } | number | string): Decimal {
  return new Decimal(typeof value === "number" ? value : value.toString());
}

/** The plain (never exponential) decimal text of a value, without trailing zeros. */
export function decimalText(value: Decimal): string {
  return value.toFixed();
}

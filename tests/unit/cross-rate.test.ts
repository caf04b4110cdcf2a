import type { StoredRate } from "../../src/currency/conversion.types";
import { findRate } from "../../src/currency/cross-rate";
import { Decimal } from "../../src/currency/decimal";

const rate = (base: string, quote: string, value: string, date: string, source = "ecb"): StoredRate => ({
  base,
  quote,
  rate: new Decimal(value),
  date,
  source,
});
const text = (quote: ReturnType<typeof findRate>) => quote && { ...quote, rate: quote.rate.toFixed() };

describe("findRate", () => {
  it("answers 1 for the same currency, without looking at any rate", () => {
    expect(text(findRate("TRY", "TRY", []))).toEqual({ rate: "1", rateDate: "", source: "identity", path: "identity", pivot: null });
  });

  it("uses a stored pair directly", () => {
    const rates = [rate("USD", "TRY", "30", "2025-11-20", "tcmb")];
    expect(text(findRate("USD", "TRY", rates))).toEqual({ rate: "30", rateDate: "2025-11-20", source: "tcmb", path: "direct", pivot: null });
  });

  it("reads a stored pair backwards, exactly (1/30 to 40 significant digits)", () => {
    const quote = findRate("TRY", "USD", [rate("USD", "TRY", "30", "2025-11-20", "tcmb")]);
    expect(quote?.path).toBe("inverse");
    expect(quote?.rate.toFixed()).toBe("0.03333333333333333333333333333333333333333");
    expect(quote?.rate.times(30).toDecimalPlaces(20).toFixed()).toBe("1");
  });

  it("derives USD→TRY from the ECB's per-EUR rates, exactly: 37.5 / 1.25 = 30", () => {
    const rates = [rate("EUR", "USD", "1.25", "2025-11-20"), rate("EUR", "TRY", "37.5", "2025-11-20")];
    expect(text(findRate("USD", "TRY", rates))).toEqual({ rate: "30", rateDate: "2025-11-20", source: "ecb", path: "cross", pivot: "EUR" });
    expect(text(findRate("TRY", "USD", rates))).toMatchObject({ path: "cross", pivot: "EUR" });
    expect(findRate("TRY", "USD", rates)?.rate.times(30).toDecimalPlaces(30).toFixed()).toBe("1");
  });

  it("derives JPY→TRY from the TCMB's per-TRY rates (JPY already divided by its Unit of 100)", () => {
    const rates = [rate("JPY", "TRY", "0.27", "2025-11-20", "tcmb"), rate("EUR", "TRY", "48.78", "2025-11-20", "tcmb")];
    // EUR→JPY: EUR→TRY, then TRY→JPY.
    expect(text(findRate("EUR", "JPY", rates))).toEqual({ rate: "180.6666666666666666666666666666666666667", rateDate: "2025-11-20", source: "tcmb", path: "cross", pivot: "TRY" });
  });

  it("dates a cross rate by its older leg and names both sources", () => {
    const rates = [rate("EUR", "USD", "1.25", "2025-11-18"), rate("USD", "TRY", "30", "2025-11-20", "manual")];
    expect(text(findRate("EUR", "TRY", rates))).toEqual({ rate: "37.5", rateDate: "2025-11-18", source: "ecb+manual", path: "cross", pivot: "USD" });
  });

  it("prefers the pivot whose older leg is newest; on equal dates the alphabetically first pivot", () => {
    const rates = [
      rate("GBP", "EUR", "1.15", "2025-11-19"),
      rate("GBP", "USD", "1.3", "2025-11-20"),
      rate("EUR", "TRY", "48", "2025-11-20"),
      rate("USD", "TRY", "42", "2025-11-20"),
      rate("GBP", "CHF", "1.06", "2025-11-20"),
      rate("CHF", "TRY", "52", "2025-11-20"),
    ];
    expect(findRate("GBP", "TRY", rates)).toMatchObject({ pivot: "CHF", rateDate: "2025-11-20" });
    expect(findRate("GBP", "TRY", rates.slice(0, 4))).toMatchObject({ pivot: "USD", rateDate: "2025-11-20" });
  });

  it("prefers a stored pair to a cross rate, and a stored direction to its inverse on the same date", () => {
    const rates = [
      rate("EUR", "USD", "1.25", "2025-11-20"),
      rate("EUR", "TRY", "37.5", "2025-11-20"),
      rate("USD", "TRY", "31", "2025-11-19", "manual"),
    ];
    expect(findRate("USD", "TRY", rates)).toMatchObject({ path: "direct", source: "manual" });
    const both = [rate("USD", "TRY", "30", "2025-11-20", "tcmb"), rate("TRY", "USD", "0.5", "2025-11-20", "manual")];
    expect(findRate("USD", "TRY", both)).toMatchObject({ path: "direct", source: "tcmb" });
  });

  it("takes the newer of a stored pair and its inverse", () => {
    const rates = [rate("USD", "TRY", "30", "2025-11-19", "tcmb"), rate("TRY", "USD", "0.025", "2025-11-20", "manual")];
    expect(text(findRate("USD", "TRY", rates))).toMatchObject({ rate: "40", path: "inverse", rateDate: "2025-11-20" });
  });

  it("ignores zero or negative rates and answers null when nothing connects the pair", () => {
    expect(findRate("USD", "TRY", [rate("USD", "TRY", "0", "2025-11-20")])).toBeNull();
    expect(findRate("USD", "TRY", [rate("EUR", "USD", "1.1", "2025-11-20"), rate("GBP", "TRY", "55", "2025-11-20")])).toBeNull();
    expect(findRate("USD", "TRY", [])).toBeNull();
  });
});

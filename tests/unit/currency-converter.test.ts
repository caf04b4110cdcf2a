import type { StoredRate } from "../../src/currency/conversion.types";
import { convertWithRates, isStale } from "../../src/currency/currency-converter";
import { Decimal } from "../../src/currency/decimal";

const rate = (base: string, quote: string, value: string, date: string, source = "ecb"): StoredRate => ({
  base,
  quote,
  rate: new Decimal(value),
  date,
  source,
});
const TODAY = "2025-11-21";
const convert = (amount: string, from: string, to: string, rates: StoredRate[], staleAfterDays = 7) => {
  const result = convertWithRates(new Decimal(amount), from, to, rates, { today: TODAY, staleAfterDays });
  return result && { ...result, amount: result.amount.toFixed(), rate: result.rate.toFixed() };
};

describe("convertWithRates", () => {
  it("converts the documented example exactly: 2000000 USD at 30 → 60000000 TRY", () => {
    expect(convert("2000000", "USD", "TRY", [rate("USD", "TRY", "30", "2025-11-20", "tcmb")])).toEqual({
      amount: "60000000",
      currency: "TRY",
      rate: "30",
      rateDate: "2025-11-20",
      source: "tcmb",
      path: "direct",
      pivot: null,
      stale: false,
    });
  });

  it("converts through the ECB's euro rates exactly: 2000000 USD → 60000000 TRY via EUR", () => {
    const rates = [rate("EUR", "USD", "1.25", "2025-11-20"), rate("EUR", "TRY", "37.5", "2025-11-20")];
    expect(convert("2000000", "USD", "TRY", rates)).toMatchObject({ amount: "60000000", rate: "30", path: "cross", pivot: "EUR", source: "ecb" });
  });

  it("rounds half-up to the target currency's minor units (TRY 2, JPY 0, KWD 3)", () => {
    expect(convert("1", "USD", "TRY", [rate("USD", "TRY", "42.345", TODAY)])?.amount).toBe("42.35");
    expect(convert("1", "USD", "TRY", [rate("USD", "TRY", "42.3449", TODAY)])?.amount).toBe("42.34");
    expect(convert("1000", "TRY", "JPY", [rate("JPY", "TRY", "0.2712", TODAY, "tcmb")])?.amount).toBe("3687");
    expect(convert("1", "EUR", "JPY", [rate("EUR", "JPY", "180.5", TODAY)])?.amount).toBe("181");
    expect(convert("1", "EUR", "KWD", [rate("EUR", "KWD", "0.35445", TODAY)])?.amount).toBe("0.354");
    expect(convert("10", "EUR", "KWD", [rate("EUR", "KWD", "0.35445", TODAY)])?.amount).toBe("3.545");
  });

  it("keeps the inverse of a rate exact enough to round-trip the example", () => {
    expect(convert("60000000", "TRY", "USD", [rate("USD", "TRY", "30", TODAY)])).toMatchObject({ amount: "2000000", path: "inverse" });
  });

  it("answers rate 1 dated today for the same currency, never stale", () => {
    expect(convert("123.45", "TRY", "TRY", [])).toEqual({
      amount: "123.45",
      currency: "TRY",
      rate: "1",
      rateDate: TODAY,
      source: "identity",
      path: "identity",
      pivot: null,
      stale: false,
    });
  });

  it("still converts with an old rate, and says it is stale", () => {
    const old = [rate("USD", "TRY", "30", "2025-11-13")];
    expect(convert("2", "USD", "TRY", old, 7)).toMatchObject({ amount: "60", stale: true, rateDate: "2025-11-13" });
    expect(convert("2", "USD", "TRY", old, 8)).toMatchObject({ amount: "60", stale: false });
  });

  it("judges a cross rate's age by its older leg", () => {
    const rates = [rate("EUR", "USD", "1.25", "2025-11-01"), rate("EUR", "TRY", "37.5", "2025-11-20")];
    expect(convert("1", "USD", "TRY", rates)).toMatchObject({ rateDate: "2025-11-01", stale: true });
  });

  it("never uses a rate dated after today", () => {
    const rates = [rate("USD", "TRY", "30", "2025-11-20"), rate("USD", "TRY", "99", "2025-11-22")];
    expect(convert("1", "USD", "TRY", rates)).toMatchObject({ amount: "30", rateDate: "2025-11-20" });
    expect(convert("1", "USD", "TRY", [rate("USD", "TRY", "99", "2025-11-22")])).toBeNull();
  });

  it("answers null when no rate connects the pair", () => {
    expect(convert("1", "USD", "TRY", [rate("EUR", "GBP", "0.88", TODAY)])).toBeNull();
  });
});

describe("isStale", () => {
  it("counts whole days: exactly staleAfterDays old is still fresh, one more day is stale", () => {
    expect(isStale("2025-11-14", TODAY, 7)).toBe(false);
    expect(isStale("2025-11-13", TODAY, 7)).toBe(true);
    expect(isStale(TODAY, TODAY, 1)).toBe(false);
  });
});

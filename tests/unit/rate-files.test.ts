import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  RateFileError,
  parseEcbXml,
  parseRateFile,
  parseTcmbXml,
  type ParsedRate,
  type ParsedRateFile,
} from "../../src/currency/rate-files";

const TODAY = "2025-11-21";
const fixture = (name: string): string => readFileSync(join(__dirname, "../fixtures/rates", name), "utf8");

const find = (file: ParsedRateFile, base: string, quote: string, date?: string): ParsedRate | undefined =>
  file.rates.find((r) => r.base === base && r.quote === quote && (date === undefined || r.date === date));

function errorOf(parse: () => unknown): RateFileError {
  try {
    parse();
  } catch (error) {
    if (error instanceof RateFileError) return error;
    throw error;
  }
  throw new Error("expected a RateFileError, but parsing succeeded");
}

const ecb = (name: string) => (): unknown => parseEcbXml(fixture(name), { today: TODAY });
const tcmb = (name: string) => (): unknown => parseTcmbXml(fixture(name), { today: TODAY, column: "ForexBuying" });

const ecbDaily = (time: string, cubes: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube><Cube time='${time}'>${cubes}</Cube></Cube>
</gesmes:Envelope>`;

const tcmbBulletin = (attrs: string, currencies: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><Tarih_Date ${attrs}>${currencies}</Tarih_Date>`;
const tcmbCurrency = (code: string, unit: string, forexBuying: string): string =>
  `<Currency CrossOrder="0" Kod="${code}" CurrencyCode="${code}"><Unit>${unit}</Unit><Isim>X</Isim>` +
  `<CurrencyName>X</CurrencyName><ForexBuying>${forexBuying}</ForexBuying><ForexSelling/>` +
  `<BanknoteBuying/><BanknoteSelling/><CrossRateUSD/><CrossRateOther/></Currency>`;
const NOV20 = 'Tarih="20.11.2025" Date="11/20/2025" Bulten_No="2025/218"';

describe("parseEcbXml — good files", () => {
  it("parses the daily file: one date, 30 currencies, exact rate strings per 1 EUR", () => {
    const file = parseEcbXml(fixture("ecb-daily.xml"), { today: TODAY });
    expect(file.source).toBe("ecb");
    expect(file.rates).toHaveLength(30);
    expect(new Set(file.rates.map((r) => r.date))).toEqual(new Set(["2025-03-27"]));
    expect(file.rates.every((r) => r.base === "EUR")).toBe(true);
    expect(find(file, "EUR", "USD")).toEqual({ base: "EUR", quote: "USD", rate: "1.0812", date: "2025-03-27" });
    expect(find(file, "EUR", "JPY")?.rate).toBe("162.51");
    expect(find(file, "EUR", "TRY")?.rate).toBe("41.045");
    expect(find(file, "EUR", "GBP")?.rate).toBe("0.8365");
    expect(find(file, "EUR", "IDR")?.rate).toBe("17923.45");
  });

  it("sorts rates by date, then base, then quote", () => {
    const file = parseEcbXml(fixture("ecb-hist-90d.xml"), { today: TODAY });
    const keys = file.rates.map((r) => `${r.date}|${r.base}|${r.quote}`);
    expect(keys).toEqual([...keys].sort());
    expect(file.rates[0]).toMatchObject({ date: "2025-11-13", quote: "AUD" });
  });

  it("parses the 90-day history: 6 business dates across a weekend gap", () => {
    const file = parseEcbXml(fixture("ecb-hist-90d.xml"), { today: TODAY });
    const dates = [...new Set(file.rates.map((r) => r.date))];
    expect(dates).toEqual(["2025-11-13", "2025-11-14", "2025-11-17", "2025-11-18", "2025-11-19", "2025-11-20"]);
    expect(file.rates).toHaveLength(6 * 30);
    expect(find(file, "EUR", "USD", "2025-11-20")?.rate).toBe("1.1525");
    expect(find(file, "EUR", "USD", "2025-11-17")?.rate).toBe("1.1578");
    expect(find(file, "EUR", "TRY", "2025-11-14")?.rate).toBe("48.7926");
    expect(find(file, "EUR", "USD", "2025-11-15")).toBeUndefined();
  });

  it("parses the USD/TRY cross fixture (1.25 and 37.5 → 30)", () => {
    const file = parseEcbXml(fixture("ecb-usd-try-cross.xml"), { today: "2025-11-20" });
    expect(file.rates).toEqual([
      { base: "EUR", quote: "TRY", rate: "37.5", date: "2025-11-20" },
      { base: "EUR", quote: "USD", rate: "1.25", date: "2025-11-20" },
    ]);
  });

  it("accepts a file dated exactly today and a UTF-8 BOM", () => {
    const xml = `\uFEFF${ecbDaily("2025-11-21", `<Cube currency='USD' rate='1.1500'/>`)}`;
    expect(parseEcbXml(xml, { today: TODAY }).rates).toEqual([
      { base: "EUR", quote: "USD", rate: "1.15", date: "2025-11-21" },
    ]);
  });
});

describe("parseEcbXml — bad files", () => {
  it.each([
    ["empty.xml", /ECB rate file: the file is empty\./],
    ["malformed.xml", /ECB rate file: not well-formed XML at line \d+/],
    ["wrong-root.xml", /wrong root element <html>; expected <gesmes:Envelope>/],
    ["tcmb-today.xml", /wrong root element <Tarih_Date>; expected <gesmes:Envelope>/],
    ["ecb-no-rates.xml", /the file contains no rates/],
    ["ecb-negative.xml", /line 10: Cube\[time=2025-11-20\] currency "JPY" has a negative rate "-181\.02"/],
    ["ecb-zero.xml", /line 11: Cube\[time=2025-11-20\] currency "GBP" has a zero rate "0\.00000"/],
    ["ecb-nonnumeric.xml", /line 9: Cube\[time=2025-11-20\] currency "USD" has a non-numeric rate "abc"\./],
    ["ecb-duplicate.xml", /line 12: Cube\[time=2025-11-20\] currency "USD" appears more than once for 2025-11-20/],
    ["ecb-future.xml", /Cube\[time=2099-01-02\] is dated in the future \(today is 2025-11-21\)/],
  ])("%s → RateFileError %s", (name, message) => {
    expect(errorOf(ecb(name)).message).toMatch(message);
  });

  it("reports the validator's line and message for malformed XML", () => {
    expect(errorOf(ecb("malformed.xml")).message).toMatch(/line \d+(, column \d+)?: .+/);
  });

  it.each([
    ["a missing rate attribute", `<Cube currency='USD'/>`, /currency "USD" has no "rate" attribute/],
    ["an empty rate attribute", `<Cube currency='USD' rate=''/>`, /currency "USD" has an empty "rate" attribute/],
    ["a missing currency attribute", `<Cube rate='1.1'/>`, /entry #1 has no "currency" attribute/],
    ["a lowercase currency code", `<Cube currency='usd' rate='1.1'/>`, /currency "usd" is not a valid quote currency/],
    ["a four-letter code", `<Cube currency='USDT' rate='1.1'/>`, /currency "USDT" is not a valid quote currency/],
    ["EUR quoted against itself", `<Cube currency='EUR' rate='1'/>`, /currency "EUR" is not a valid quote currency/],
    ["a comma decimal", `<Cube currency='USD' rate='1,1525'/>`, /non-numeric rate "1,1525"/],
    ["exponent notation", `<Cube currency='USD' rate='1e3'/>`, /non-numeric rate "1e3"/],
    ["a date without rates", ``, /Cube\[time=2025-11-20\] contains no rates/],
  ])("rejects %s", (_label, cubes, message) => {
    expect(errorOf(() => parseEcbXml(ecbDaily("2025-11-20", cubes), { today: TODAY })).message).toMatch(message);
  });

  it.each([
    ["2025-02-30", /has an invalid date "2025-02-30"; expected YYYY-MM-DD/],
    ["20.11.2025", /has an invalid date "20.11.2025"/],
  ])("rejects the invalid date %s", (time, message) => {
    const xml = ecbDaily(time, `<Cube currency='USD' rate='1.1'/>`);
    expect(errorOf(() => parseEcbXml(xml, { today: TODAY })).message).toMatch(message);
  });

  it("rejects a date Cube without a time attribute", () => {
    const xml = ecbDaily("x", "").replace("<Cube time='x'>", "<Cube><Cube currency='USD' rate='1.1'/>");
    expect(errorOf(() => parseEcbXml(xml, { today: TODAY })).message).toMatch(/a date Cube has no "time" attribute/);
  });

  it("rejects an invalid opts.today", () => {
    expect(errorOf(() => parseEcbXml(fixture("ecb-daily.xml"), { today: "21/11/2025" })).message).toMatch(
      /opts\.today "21\/11\/2025" is not a valid YYYY-MM-DD date/,
    );
  });
});

describe("parseTcmbXml — good files", () => {
  it("parses ForexBuying: value / Unit in TRY, bulletin date, skipping empty cells", () => {
    const file = parseTcmbXml(fixture("tcmb-today.xml"), { today: TODAY, column: "ForexBuying" });
    expect(file.source).toBe("tcmb");
    expect(file.rates).toHaveLength(22); // 23 currencies, IRR has no forex quote
    expect(file.rates.every((r) => r.quote === "TRY" && r.date === "2025-11-20")).toBe(true);
    expect(find(file, "USD", "TRY")).toEqual({ base: "USD", quote: "TRY", rate: "42.3458", date: "2025-11-20" });
    expect(find(file, "JPY", "TRY")?.rate).toBe("0.270345"); // 27.0345 per 100 JPY
    expect(find(file, "EUR", "TRY")?.rate).toBe("48.7804");
    expect(find(file, "GBP", "TRY")?.rate).toBe("55.4021");
    expect(find(file, "CHF", "TRY")?.rate).toBe("52.6918");
    expect(find(file, "KWD", "TRY")?.rate).toBe("137.8412");
    expect(find(file, "SAR", "TRY")?.rate).toBe("11.2886");
    expect(find(file, "XDR", "TRY")?.rate).toBe("57.5013");
    expect(find(file, "KRW", "TRY")?.rate).toBe("0.02881");
    expect(find(file, "IRR", "TRY")).toBeUndefined();
    expect(file.rates.map((r) => r.base)).toEqual([...file.rates.map((r) => r.base)].sort());
  });

  it("honours the chosen column", () => {
    const selling = parseTcmbXml(fixture("tcmb-today.xml"), { today: TODAY, column: "ForexSelling" });
    expect(selling.rates).toHaveLength(21); // XDR and IRR have no ForexSelling
    expect(find(selling, "USD", "TRY")?.rate).toBe("42.4221");
    expect(find(selling, "XDR", "TRY")).toBeUndefined();

    const banknote = parseTcmbXml(fixture("tcmb-today.xml"), { today: TODAY, column: "BanknoteBuying" });
    expect(banknote.rates.map((r) => r.base)).toEqual(
      ["AUD", "CAD", "CHF", "DKK", "EUR", "GBP", "JPY", "KWD", "NOK", "SAR", "SEK", "USD"],
    );
    expect(find(banknote, "JPY", "TRY")?.rate).toBe("0.269412");

    const banknoteSelling = parseTcmbXml(fixture("tcmb-today.xml"), { today: TODAY, column: "BanknoteSelling" });
    expect(find(banknoteSelling, "USD", "TRY")?.rate).toBe("42.4857");
  });

  it("divides by Unit exactly", () => {
    const xml = tcmbBulletin(NOV20, tcmbCurrency("JPY", "100", "21.4567") + tcmbCurrency("IRR", "1000", "0.0012"));
    expect(parseTcmbXml(xml, { today: TODAY, column: "ForexBuying" }).rates).toEqual([
      { base: "IRR", quote: "TRY", rate: "0.0000012", date: "2025-11-20" },
      { base: "JPY", quote: "TRY", rate: "0.214567", date: "2025-11-20" },
    ]);
  });

  it("parses the USD = 30.0000 TRY fixture", () => {
    const file = parseTcmbXml(fixture("tcmb-usd-30.xml"), { today: "2025-11-20", column: "ForexBuying" });
    expect(file.rates).toEqual([
      { base: "EUR", quote: "TRY", rate: "37.5", date: "2025-11-20" },
      { base: "USD", quote: "TRY", rate: "30", date: "2025-11-20" },
    ]);
  });
});

describe("parseTcmbXml — bad files", () => {
  it.each([
    ["empty.xml", /TCMB rate file: the file is empty\./],
    ["malformed.xml", /TCMB rate file: not well-formed XML at line \d+/],
    ["wrong-root.xml", /wrong root element <html>; expected <Tarih_Date>/],
    ["ecb-daily.xml", /wrong root element <Envelope>; expected <Tarih_Date>/],
    ["tcmb-missing-date.xml", /line 3: <Tarih_Date> has no "Date" attribute \(bulletin date\)/],
    ["tcmb-nonnumeric.xml", /line 4: Currency\[Kod=USD\] has a non-numeric ForexBuying "42,3458"\./],
    ["tcmb-duplicate.xml", /line 37: Currency\[Kod=EUR\] appears more than once in the bulletin of 2025-11-20/],
  ])("%s → RateFileError %s", (name, message) => {
    expect(errorOf(tcmb(name)).message).toMatch(message);
  });

  it("rejects a bulletin dated after today", () => {
    expect(errorOf(() => parseTcmbXml(fixture("tcmb-today.xml"), { today: "2025-11-19", column: "ForexBuying" })).message)
      .toMatch(/bulletin date 2025-11-20 is in the future \(today is 2025-11-19\)/);
  });

  it.each([
    ['Tarih="21.11.2025" Date="11/20/2025"', /dates disagree: Date="11\/20\/2025" is 2025-11-20 but Tarih="21.11.2025" is 2025-11-21/],
    ['Tarih="20.11.2025" Date="20/11/2025"', /invalid Date "20\/11\/2025"; expected MM\/DD\/YYYY/],
    ['Tarih="2025-11-20" Date="11/20/2025"', /invalid Tarih "2025-11-20"; expected DD\.MM\.YYYY/],
    ['Date="11/20/2025"', /has no "Tarih" attribute/],
  ])("rejects bulletin dates %s", (attrs, message) => {
    const xml = tcmbBulletin(attrs, tcmbCurrency("USD", "1", "42.3458"));
    expect(errorOf(() => parseTcmbXml(xml, { today: TODAY, column: "ForexBuying" })).message).toMatch(message);
  });

  it.each([
    ["a zero value", tcmbCurrency("USD", "1", "0.0000"), /Currency\[Kod=USD\] has a zero ForexBuying "0\.0000"/],
    ["a negative value", tcmbCurrency("USD", "1", "-42.3"), /Currency\[Kod=USD\] has a negative ForexBuying "-42\.3"/],
    ["a zero Unit", tcmbCurrency("JPY", "0", "27.03"), /Currency\[Kod=JPY\] has an invalid Unit "0"/],
    ["a fractional Unit", tcmbCurrency("JPY", "1.5", "27.03"), /invalid Unit "1\.5"; expected a positive whole number/],
    ["an invalid code", tcmbCurrency("usd", "1", "42.3"), /Currency #1 has an invalid currency code "usd"/],
    ["only empty cells", tcmbCurrency("IRR", "100", ""), /no currency has a ForexBuying value \(bulletin of 2025-11-20\)/],
    ["no Currency at all", "", /the file contains no rates \(no Currency element\)/],
    ["a missing column element", tcmbCurrency("USD", "1", "1").replace(/<ForexBuying>.*<\/ForexBuying>/, ""),
      /Currency\[Kod=USD\] has no <ForexBuying> element/],
    ["a missing Unit", tcmbCurrency("USD", "1", "1").replace("<Unit>1</Unit>", ""), /Currency\[Kod=USD\] has no Unit value/],
    ["Kod ≠ CurrencyCode", tcmbCurrency("USD", "1", "1").replace('Kod="USD"', 'Kod="EUR"'), /has Kod "EUR" but CurrencyCode "USD"/],
  ])("rejects %s", (_label, currencies, message) => {
    const xml = tcmbBulletin(NOV20, currencies);
    expect(errorOf(() => parseTcmbXml(xml, { today: TODAY, column: "ForexBuying" })).message).toMatch(message);
  });
});

describe("parseRateFile", () => {
  const opts = { today: TODAY, tcmbColumn: "ForexBuying" } as const;

  it("dispatches on the source", () => {
    expect(parseRateFile("ecb", fixture("ecb-usd-try-cross.xml"), opts).source).toBe("ecb");
    const tcmbFile = parseRateFile("tcmb", fixture("tcmb-usd-30.xml"), opts);
    expect(find(tcmbFile, "USD", "TRY")?.rate).toBe("30");
  });

  it("passes tcmbColumn through", () => {
    const file = parseRateFile("tcmb", fixture("tcmb-usd-30.xml"), { ...opts, tcmbColumn: "BanknoteSelling" });
    expect(find(file, "USD", "TRY")?.rate).toBe("30.0991");
  });

  it("throws RateFileError (an Error) for bad input from either source", () => {
    const error = errorOf(() => parseRateFile("tcmb", fixture("empty.xml"), opts));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("RateFileError");
  });
});

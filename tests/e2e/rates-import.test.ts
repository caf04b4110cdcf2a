import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createUser } from "../../src/admin/users";
import { Permissions } from "../../src/auth/permissions";
import { RateFileError } from "../../src/currency/rate-files";
import { importRateXml, type ImportResult } from "../../src/currency/rate-import";
import type { Clock } from "../../src/shared/clock";
import { ecbHistoryXml } from "../fixtures/rates/ecb-history";
import { runCli, describeRun, type CliResult } from "../support/cli";
import { testDatabaseKinds } from "../support/databases";
import { graphql, graphqlText } from "../support/graphql";
import { PatchCustomerDetailsDocument } from "../../src/client";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

const FIXTURES = path.join(__dirname, "../fixtures/rates");
const fixture = (name: string) => path.join(FIXTURES, name);

interface RestDetails {
  annual_revenue: number | null;
  annual_revenue_currency: string | null;
  annual_revenue_converted: number | null;
  annual_revenue_currency_converted: string | null;
}

/**
 * Rates from the central banks' files, end to end: the real admin command line (a child process on the
 * test's database; for the embedded database it goes through the running service's socket) and
 * importRateXml, then conversions through both doors with exact figures.
 */
describe.each(testDatabaseKinds())("exchange-rate files (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  let euroToken: string;
  /** The service's "today"; each test sets it (the time of day stays real). */
  let today = "2025-11-21";
  const clock: Clock = { now: () => new Date(), today: () => today };
  const prisma = () => service.db.prisma;
  const rowCount = () => prisma().exchangeRate.count();
  const allRows = async () =>
    (await prisma().exchangeRate.findMany({ orderBy: { id: "asc" } })).map((row) => ({ ...row, rate: row.rate.toString() }));

  const admin = <T = ImportResult>(...args: string[]): Promise<CliResult<T>> =>
    runCli<T>(args, { databaseUrl: service.config.database.url });
  const importCli = async (source: "ecb" | "tcmb", file: string, env: Record<string, string> = {}) => {
    const args = ["rates:import", "--source", source, file];
    const result = await runCli<ImportResult>(args, { databaseUrl: service.config.database.url, env });
    if (result.code !== 0) throw new Error(describeRun(args, result));
    expect(result.stderr).toBe("");
    return result.stdout as ImportResult;
  };
  const importFile = async (source: "ecb" | "tcmb", name: string) =>
    importRateXml(prisma(), await readFile(fixture(name), "utf8"), { source, today, tcmbColumn: "ForexBuying" });

  /** PATCH through REST as `token`'s user: 2,000,000 in `currency` (on the unowned customer). */
  const patchRest = async (token: string, revenue = 2000000, currency = "USD") => {
    const response = await http<RestDetails>(
      "PATCH",
      `${service.baseUrl}/api/v1/customers/${scenario.customers.unowned}/details`,
      { annual_revenue: revenue, annual_revenue_currency: currency },
      { token },
    );
    expect(response.status).toBe(200);
    return response.body;
  };
  const patchGraphQL = async (token: string, revenue = 2000000, currency = "USD") => {
    const result = await graphql(
      service.baseUrl,
      PatchCustomerDetailsDocument,
      { uuid: scenario.customers.unowned, input: { annualRevenue: revenue, annualRevenueCurrency: currency } },
      token,
    );
    expect(result.errors).toBeUndefined();
    const details = result.data?.patchCustomerDetails;
    return { converted: details?.annualRevenueConverted, currency: details?.annualRevenueCurrencyConverted, conversion: details?.conversion };
  };

  beforeAll(async () => {
    service = await startService(kind, { clock });
    scenario = await seedScenario(service);
    const euroUser = await createUser(prisma(), { email: "euro@test.local", permissions: [Permissions.DetailsUpdate], currency: "EUR" });
    euroToken = service.services.tokens.sign(euroUser.id, "1h");
  });
  afterAll(() => service?.stop());
  beforeEach(async () => {
    today = "2025-11-21";
    await prisma().exchangeRate.deleteMany();
  });

  describe("good files", () => {
    it("imports the TCMB file with USD at 30 via the CLI: 2000000 USD = 60000000 TRY in both doors", async () => {
      const report = await importCli("tcmb", fixture("tcmb-usd-30.xml"));
      expect(report).toEqual({ source: "tcmb", dates: ["2025-11-20"], pairs: ["EUR/TRY", "USD/TRY"], count: 2, changed: 2, skipped: [] });
      expect(await rowCount()).toBe(2);

      expect(await patchRest(scenario.tokens.manager)).toMatchObject({
        annual_revenue: 2000000,
        annual_revenue_currency: "USD",
        annual_revenue_converted: 60000000,
        annual_revenue_currency_converted: "TRY",
      });
      expect(await patchGraphQL(scenario.tokens.manager)).toEqual({
        converted: 60000000,
        currency: "TRY",
        conversion: { amount: "60000000", currency: "TRY", rate: "30", rateDate: "2025-11-20", source: "tcmb", path: "DIRECT", pivot: null, stale: false },
      });
      // A euro user: USD → TRY → EUR, 30 / 37.5 = 0.8 exactly.
      expect(await patchRest(euroToken)).toMatchObject({ annual_revenue_converted: 1600000, annual_revenue_currency_converted: "EUR" });
      expect((await patchGraphQL(euroToken)).conversion).toEqual({
        amount: "1600000", currency: "EUR", rate: "0.8", rateDate: "2025-11-20", source: "tcmb", path: "CROSS", pivot: "TRY", stale: false,
      });
      // No yen in that bulletin: no conversion, and the update still succeeds.
      expect(await patchRest(scenario.tokens.yenUser)).toMatchObject({ annual_revenue_converted: null, annual_revenue_currency_converted: null });
      expect((await patchGraphQL(scenario.tokens.yenUser)).conversion).toBeNull();
    });

    it("imports the ECB file with USD 1.25 and TRY 37.5 via importRateXml: the cross rate via EUR is exactly 30", async () => {
      const report = await importFile("ecb", "ecb-usd-try-cross.xml");
      expect(report).toEqual({ source: "ecb", dates: ["2025-11-20"], pairs: ["EUR/TRY", "EUR/USD"], count: 2, changed: 2, skipped: [] });

      expect(await patchRest(scenario.tokens.manager)).toMatchObject({ annual_revenue_converted: 60000000, annual_revenue_currency_converted: "TRY" });
      expect(await patchGraphQL(scenario.tokens.manager)).toEqual({
        converted: 60000000,
        currency: "TRY",
        conversion: { amount: "60000000", currency: "TRY", rate: "30", rateDate: "2025-11-20", source: "ecb", path: "CROSS", pivot: "EUR", stale: false },
      });
      // The euro user reads the stored EUR/USD pair backwards: 2000000 / 1.25.
      expect((await patchGraphQL(euroToken)).conversion).toMatchObject({ amount: "1600000", rate: "0.8", path: "INVERSE", pivot: null });
    });

    it("imports a TCMB bulletin via the CLI: JPY per 100 units, the bulletin's own date (not today's)", async () => {
      today = "2025-11-22"; // a Saturday: the newest bulletin is an earlier day's
      const report = await importCli("tcmb", fixture("tcmb-today.xml"));
      expect(report).toMatchObject({ source: "tcmb", dates: ["2025-11-20"], count: 22, changed: 22, skipped: [] });
      expect(report.pairs).toEqual(expect.arrayContaining(["USD/TRY", "EUR/TRY", "JPY/TRY", "XDR/TRY"]));
      const jpy = await prisma().exchangeRate.findFirstOrThrow({ where: { base: "JPY", quote: "TRY" } });
      expect(jpy.rate.toString()).toBe("0.270345"); // ForexBuying 27.0345 per Unit 100
      expect(jpy.date.toISOString().slice(0, 10)).toBe("2025-11-20");

      expect(await patchRest(scenario.tokens.manager)).toMatchObject({ annual_revenue_converted: 84691600, annual_revenue_currency_converted: "TRY" });
      // 1,000,000 TRY for a yen user: 1000000 / 0.270345, rounded to whole yen.
      expect(await patchRest(scenario.tokens.yenUser, 1000000, "TRY")).toMatchObject({
        annual_revenue_converted: 3698977,
        annual_revenue_currency_converted: "JPY",
      });
      expect((await patchGraphQL(scenario.tokens.yenUser, 1000000, "TRY")).conversion).toEqual({
        amount: "3698977",
        currency: "JPY",
        rate: "3.698977232795132145961641606095914479646",
        rateDate: "2025-11-20",
        source: "tcmb",
        path: "INVERSE",
        pivot: null,
        stale: false,
      });
      // USD → EUR through the lira: 42.3458 / 48.7804.
      expect((await patchGraphQL(euroToken)).conversion).toMatchObject({
        amount: "1736180.93",
        rate: "0.8680904625628326130987035776664397995916",
        path: "CROSS",
        pivot: "TRY",
      });
    });

    it("uses the configured TCMB column (TCMB_RATE_COLUMN), Unit still honoured", async () => {
      const report = await importCli("tcmb", fixture("tcmb-today.xml"), { TCMB_RATE_COLUMN: "BanknoteSelling" });
      // The bulletin quotes no banknote price for some currencies (the SDR, for one): those are left out.
      expect(report.count).toBe(12);
      expect(report.pairs).not.toContain("XDR/TRY");
      const rate = async (base: string) => (await prisma().exchangeRate.findFirstOrThrow({ where: { base } })).rate.toString();
      expect(await rate("USD")).toBe("42.4857");
      expect(await rate("JPY")).toBe("0.273152");
    });

    it("imports the ECB 90-day history via the CLI and converts across its weekend gap with Friday's rates", async () => {
      const report = await importCli("ecb", fixture("ecb-hist-90d.xml"));
      expect(report).toMatchObject({
        source: "ecb",
        dates: ["2025-11-13", "2025-11-14", "2025-11-17", "2025-11-18", "2025-11-19", "2025-11-20"],
        count: 180,
        changed: 180,
      });
      expect(report.pairs).toHaveLength(30);

      today = "2025-11-16"; // Sunday: Friday the 14th is the newest rate
      expect(await patchRest(scenario.tokens.manager)).toMatchObject({ annual_revenue_converted: 84775605.94 });
      expect((await patchGraphQL(scenario.tokens.manager)).conversion).toEqual({
        amount: "84775605.94",
        currency: "TRY",
        rate: "42.38780297107114933541829554339327599687",
        rateDate: "2025-11-14",
        source: "ecb",
        path: "CROSS",
        pivot: "EUR",
        stale: false,
      });
      expect(await patchRest(scenario.tokens.yenUser)).toMatchObject({ annual_revenue_converted: 314012684, annual_revenue_currency_converted: "JPY" });

      today = "2025-11-21";
      expect((await patchGraphQL(scenario.tokens.manager)).conversion).toMatchObject({ amount: "84774316.7", rateDate: "2025-11-20" });
    });

    it("still converts with rates older than RATES_STALE_AFTER_DAYS, says stale in GraphQL and /readyz (which stays 200)", async () => {
      const fresh = await http<{ status: string; rates: Record<string, unknown> }>("GET", `${service.baseUrl}/readyz`);
      expect(fresh.status).toBe(200);
      expect(fresh.body.rates).toEqual({ newestDate: null, newestBySource: {}, stale: true, staleAfterDays: 7, lastRefresh: null, refresh: null });

      await importCli("ecb", fixture("ecb-daily.xml")); // 2025-03-27
      await importFile("tcmb", "tcmb-usd-30.xml"); // 2025-11-20
      expect(await patchRest(scenario.tokens.manager)).toMatchObject({ annual_revenue_converted: 60000000 });
      expect((await patchGraphQL(scenario.tokens.manager)).conversion).toMatchObject({ source: "tcmb", stale: false });
      const ready = await http<{ status: string; rates: Record<string, unknown> }>("GET", `${service.baseUrl}/readyz`);
      expect(ready.body.rates).toMatchObject({ newestDate: "2025-11-20", newestBySource: { ecb: "2025-03-27", tcmb: "2025-11-20" }, stale: false });

      today = "2025-11-28"; // 8 days after the newest rate
      expect(await patchRest(scenario.tokens.manager)).toMatchObject({ annual_revenue_converted: 60000000 });
      expect((await patchGraphQL(scenario.tokens.manager)).conversion).toEqual({
        amount: "60000000", currency: "TRY", rate: "30", rateDate: "2025-11-20", source: "tcmb", path: "DIRECT", pivot: null, stale: true,
      });
      const stale = await http<{ status: string; database: string; rates: Record<string, unknown> }>("GET", `${service.baseUrl}/readyz`);
      expect(stale.status).toBe(200);
      expect(stale.body).toEqual({
        status: "ready",
        database: kind,
        rates: { newestDate: "2025-11-20", newestBySource: { ecb: "2025-03-27", tcmb: "2025-11-20" }, stale: true, staleAfterDays: 7, lastRefresh: null, refresh: null },
      });

      // The March ECB rates alone: an old cross rate, still used, and stale.
      await prisma().exchangeRate.deleteMany({ where: { source: "tcmb" } });
      expect(await patchRest(euroToken)).toMatchObject({ annual_revenue_converted: 1849796.52, annual_revenue_currency_converted: "EUR" });
      expect((await patchGraphQL(scenario.tokens.manager)).conversion).toMatchObject({
        amount: "75924898.26", rateDate: "2025-03-27", source: "ecb", path: "CROSS", pivot: "EUR", stale: true,
      });
    });
  });

  describe("idempotence", () => {
    it("imports the same file twice: the second run changes nothing (changed 0, same rows)", async () => {
      const first = await importCli("ecb", fixture("ecb-hist-90d.xml"));
      const rows = await allRows();
      const second = await importCli("ecb", fixture("ecb-hist-90d.xml"));
      expect(second).toEqual({ ...first, changed: 0 });
      expect(await allRows()).toEqual(rows);

      const again = await importFile("ecb", "ecb-hist-90d.xml");
      expect(again.changed).toBe(0);
      expect(await allRows()).toEqual(rows);
    });

    it("a revised file updates only the values that changed, keeping one row per pair and date", async () => {
      await importFile("ecb", "ecb-hist-90d.xml");
      const before = await rowCount();
      const revised = await importFile("ecb", "ecb-usd-try-cross.xml"); // 2025-11-20: USD 1.25, TRY 37.5
      expect(revised).toMatchObject({ count: 2, changed: 2 });
      expect(await rowCount()).toBe(before);
      expect(await patchRest(scenario.tokens.manager)).toMatchObject({ annual_revenue_converted: 60000000 });
    });

    it("serialises concurrent imports of the same file: both succeed, one stores, the other changes nothing", async () => {
      const xml = await readFile(fixture("ecb-hist-90d.xml"), "utf8");
      const run = () => importRateXml(prisma(), xml, { source: "ecb", today, tcmbColumn: "ForexBuying" });
      const results = await Promise.all([run(), run()]);
      expect(results.map((result) => result.changed).sort((a, b) => a - b)).toEqual([0, 180]);
      expect(await rowCount()).toBe(180);
    });
  });

  describe("bad files: refused with a clear message, a non-zero exit and nothing stored", () => {
    const cases: ["ecb" | "tcmb", string, RegExp][] = [
      ["ecb", "malformed.xml", /^ECB rate file: not well-formed XML at line 10: the file ends with <gesmes:Envelope>, <Cube>, <Cube> still open \(truncated\?\)\.$/],
      ["tcmb", "tcmb-truncated.xml", /^TCMB rate file: not well-formed XML at line 3, column 1: Unclosed tag 'Tarih_Date'\.$/],
      ["ecb", "wrong-root.xml", /^ECB rate file: wrong root element <html>; expected <gesmes:Envelope>\.$/],
      ["ecb", "tcmb-usd-30.xml", /^ECB rate file: wrong root element <Tarih_Date>; expected <gesmes:Envelope>\.$/],
      ["tcmb", "ecb-daily.xml", /^TCMB rate file: wrong root element <Envelope>; expected <Tarih_Date>\.$/],
      ["ecb", "ecb-no-rates.xml", /^ECB rate file: the file contains no rates/],
      ["tcmb", "tcmb-no-rates.xml", /^TCMB rate file: the file contains no rates/],
      ["tcmb", "tcmb-missing-date.xml", /^TCMB rate file, line 3: <Tarih_Date> has no "Date" attribute \(bulletin date\)\.$/],
      ["ecb", "ecb-negative.xml", /^ECB rate file, line 10: Cube\[time=2025-11-20\] currency "JPY" has a negative rate "-181\.02"; rates must be positive\.$/],
      ["tcmb", "tcmb-negative.xml", /^TCMB rate file, line 15: Currency\[Kod=JPY\] has a negative ForexBuying "-27\.0345"; rates must be positive\.$/],
      ["ecb", "ecb-zero.xml", /^ECB rate file, line 11: Cube\[time=2025-11-20\] currency "GBP" has a zero rate "0\.00000"; rates must be positive\.$/],
      ["tcmb", "tcmb-zero.xml", /^TCMB rate file, line 15: Currency\[Kod=EUR\] has a zero ForexBuying "0\.0000"; rates must be positive\.$/],
      ["ecb", "ecb-nonnumeric.xml", /^ECB rate file, line 9: Cube\[time=2025-11-20\] currency "USD" has a non-numeric rate "abc"\.$/],
      ["tcmb", "tcmb-nonnumeric.xml", /^TCMB rate file, line 4: Currency\[Kod=USD\] has a non-numeric ForexBuying "42,3458"\.$/],
      ["ecb", "ecb-duplicate.xml", /^ECB rate file, line 12: Cube\[time=2025-11-20\] currency "USD" appears more than once for 2025-11-20\.$/],
      ["tcmb", "tcmb-duplicate.xml", /^TCMB rate file, line 37: Currency\[Kod=EUR\] appears more than once in the bulletin of 2025-11-20\.$/],
      ["ecb", "ecb-future.xml", /^ECB rate file, line 8: Cube\[time=2099-01-02\] is dated in the future \(today is \d{4}-\d\d-\d\d\)\.$/],
      ["tcmb", "tcmb-future.xml", /^TCMB rate file, line 3: <Tarih_Date> bulletin date 2099-01-02 is in the future \(today is \d{4}-\d\d-\d\d\)\.$/],
      ["ecb", "empty.xml", /^ECB rate file: the file is empty\.$/],
      ["tcmb", "empty.xml", /^TCMB rate file: the file is empty\.$/],
      ["ecb", "no-such-file.xml", /^Cannot read .*no-such-file\.xml: ENOENT$/],
    ];

    // The command line runs for every case up front, four child processes at a time, on a table that already
    // holds rates; each case then checks its own run. Whatever any run did, the table must be exactly as before.
    const runs = new Map<string, CliResult>();
    let storedBefore: Awaited<ReturnType<typeof allRows>>;
    let storedAfter: Awaited<ReturnType<typeof allRows>>;
    beforeAll(async () => {
      await prisma().exchangeRate.deleteMany();
      await importFile("tcmb", "tcmb-usd-30.xml");
      storedBefore = await allRows();
      for (let start = 0; start < cases.length; start += 4) {
        await Promise.all(
          cases.slice(start, start + 4).map(async ([source, name]) => {
            runs.set(`${source} ${name}`, await admin("rates:import", "--source", source, fixture(name)));
          }),
        );
      }
      storedAfter = await allRows();
    }, 300_000);

    it.each(cases)("--source %s %s", async (source, name, message) => {
      const result = runs.get(`${source} ${name}`) as CliResult;
      expect(result.code).toBe(1);
      expect(result.stdoutText).toBe("");
      expect(result.stderr.trim()).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1); // a message, not a stack trace
      expect(storedBefore.length).toBe(2);
      expect(storedAfter).toEqual(storedBefore);

      if (name !== "no-such-file.xml") {
        await importFile("tcmb", "tcmb-usd-30.xml"); // something already stored, which must stay as it is
        const before = await allRows();
        const xml = await readFile(fixture(name), "utf8");
        await expect(importRateXml(prisma(), xml, { source, today, tcmbColumn: "ForexBuying" })).rejects.toThrow(RateFileError);
        expect(await allRows()).toEqual(before);
      }
    });

    it("refuses an unknown source or a missing file argument, with usage", async () => {
      const unknown = await admin("rates:import", "--source", "fed", fixture("ecb-daily.xml"));
      expect({ code: unknown.code, stderr: unknown.stderr.trim() }).toEqual({ code: 1, stderr: '--source must be ecb or tcmb, got "fed".' });
      const missing = await admin("rates:import", "--source", "ecb");
      expect({ code: missing.code, stderr: missing.stderr.trim() }).toEqual({ code: 1, stderr: "usage: rates:import --source ecb|tcmb <file-or-url>" });
      expect(await rowCount()).toBe(0);
    });

    it("a bad date deep inside a long history file stores none of the good dates before it", async () => {
      const history = ecbHistoryXml("2025-08-22", "2025-11-20").xml;
      const broken = history.replace('<Cube time="2025-08-22">', '<Cube time="2025-08-22"><Cube currency="USD" rate="1,17"/>');
      await expect(importRateXml(prisma(), broken, { source: "ecb", today, tcmbColumn: "ForexBuying" })).rejects.toThrow(
        /currency "USD" has a non-numeric rate "1,17"/,
      );
      expect(await rowCount()).toBe(0);
    });
  });

  describe("big files", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "rates-"));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it("imports a full 90-day ECB file (about 1,950 rates) quickly, and again with no change", async () => {
      const file = ecbHistoryXml("2025-08-22", "2025-11-20");
      const location = path.join(dir, "eurofxref-hist-90d.xml");
      await writeFile(location, file.xml);

      let started = performance.now();
      const report = await importCli("ecb", location);
      const cliMs = performance.now() - started;
      expect(report).toMatchObject({ count: file.rates, changed: file.rates, skipped: [] });
      expect(report.dates).toHaveLength(file.days.length);
      expect(await rowCount()).toBe(file.rates);

      started = performance.now();
      const again = await importRateXml(prisma(), file.xml, { source: "ecb", today, tcmbColumn: "ForexBuying" });
      const againMs = performance.now() - started;
      expect(again.changed).toBe(0);

      await prisma().exchangeRate.deleteMany();
      started = performance.now();
      await importRateXml(prisma(), file.xml, { source: "ecb", today, tcmbColumn: "ForexBuying" });
      const firstMs = performance.now() - started;
      console.info(
        `[${kind}] 90-day ECB file, ${file.rates} rates: CLI ${Math.round(cliMs)} ms (process start included), ` +
          `importRateXml ${Math.round(firstMs)} ms, unchanged re-import ${Math.round(againMs)} ms`,
      );
    });

    it("imports the full ECB history (about 200,000 rates since 1999), skipping withdrawn currencies", async () => {
      const file = ecbHistoryXml("1999-01-04", "2025-11-20");
      const started = performance.now();
      const report = await importRateXml(prisma(), file.xml, { source: "ecb", today, tcmbColumn: "ForexBuying" });
      const firstMs = performance.now() - started;
      expect(report).toMatchObject({ count: file.rates, changed: file.rates, skipped: ["CYP", "HRK", "ROL", "TRL"] });
      expect(await rowCount()).toBe(file.rates);

      console.info(`[${kind}] full ECB history, ${file.rates} rates: import ${Math.round(firstMs)} ms`);

      today = "1999-06-30"; // the history is usable: a conversion on an old date uses that date's rate
      const old = await graphqlText<{ patchCustomerDetails: { conversion: { rateDate: string; path: string } | null } }>(
        service.baseUrl,
        `mutation($uuid: ID!) { patchCustomerDetails(uuid: $uuid, input: { annualRevenue: 1000, annualRevenueCurrency: "EUR" }) { conversion { rateDate path } } }`,
        { uuid: scenario.customers.unowned },
        scenario.tokens.dollarUser,
      );
      expect(old.data?.patchCustomerDetails.conversion).toEqual({ rateDate: "1999-06-30", path: "DIRECT" });
    }, 180_000);
  });
});

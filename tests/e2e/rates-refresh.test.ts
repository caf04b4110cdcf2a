import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { RatesReport } from "../../src/currency/rate-health";
import type { RateRefresher } from "../../src/currency/rate-refresh";
import type { Clock } from "../../src/shared/clock";
import { testDatabaseKinds } from "../support/databases";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";
import { waitFor } from "../support/eventually";

const FIXTURES = path.join(__dirname, "../fixtures/rates");

type Mode = { kind: "file"; body: string } | { kind: "status"; status: number } | { kind: "hang" } | { kind: "garbage" };

/** A file server on 127.0.0.1 whose answer the test switches: a rate file, an error status, silence, or garbage. */
class RateFileServer {
  mode: Mode = { kind: "status", status: 404 };
  requests = 0;
  private readonly server: Server = createServer((request, response) => {
    this.requests += 1;
    const mode = this.mode;
    if (mode.kind === "hang") return; // never answers; the client's timeout must end it
    if (mode.kind === "status") {
      response.writeHead(mode.status, { "content-type": "text/plain" }).end("Internal Server Error");
    } else if (mode.kind === "garbage") {
      response.writeHead(200, { "content-type": "text/xml" }).end("\u0000\u00ff<<not xml at all>>\u0007 GIF89a");
    } else {
      response.writeHead(200, { "content-type": "text/xml" }).end(mode.body);
    }
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A URL on 127.0.0.1 where nothing listens: connections are refused. */
async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/eurofxref-daily.xml`;
}

describe.each(testDatabaseKinds())("scheduled exchange-rate refresh (%s database)", (kind) => {
  const clock: Clock = { now: () => new Date(), today: () => "2025-11-21" };
  let files: RateFileServer;
  let filesUrl: string;
  let service: RunningService;
  let scenario: Scenario;
  let refresher: RateRefresher;
  let warnings: { details: Record<string, unknown>; message: string }[];

  const readyz = async () => {
    const response = await http<{ status: string; rates: RatesReport }>("GET", `${service.baseUrl}/readyz`);
    expect(response.status).toBe(200);
    return response.body.rates;
  };
  const convertedRevenue = async (): Promise<{ status: number; converted: unknown }> => {
    const response = await http<{ annual_revenue_converted: number | null }>(
      "PATCH",
      `${service.baseUrl}/api/v1/customers/${scenario.customers.unowned}/details`,
      { annual_revenue: 2000000, annual_revenue_currency: "USD" },
      { token: scenario.tokens.manager },
    );
    return { status: response.status, converted: response.body?.annual_revenue_converted };
  };
  /** Sends requests back to back while `during` runs; returns what they got. */
  const underLoad = async (during: () => Promise<unknown>) => {
    const answers: { status: number; converted: unknown }[] = [];
    let running = true;
    const load = (async () => {
      while (running) answers.push(await convertedRevenue());
    })();
    try {
      await during();
    } finally {
      running = false;
      await load;
    }
    return answers;
  };

  beforeAll(async () => {
    files = new RateFileServer();
    filesUrl = await files.listen();
    files.mode = { kind: "file", body: await readFile(path.join(FIXTURES, "ecb-hist-90d.xml"), "utf8") };
    service = await startService(kind, {
      clock,
      env: {
        RATES_SOURCE: "ecb",
        RATES_URL: `${filesUrl}/stats/eurofxref/eurofxref-hist-90d.xml`,
        RATES_REFRESH_CRON_HOUR: "16",
        RATES_FETCH_TIMEOUT_MS: "300",
        RATES_RETRY_BASE_MS: "100",
      },
    });
    scenario = await seedScenario(service);
    await service.db.prisma.exchangeRate.deleteMany({ where: { source: "manual" } });
    refresher = service.services.rateRefresher as RateRefresher;
    warnings = [];
    jest.spyOn(service.app.log, "warn").mockImplementation(((details: Record<string, unknown>, message: string) => {
      warnings.push({ details, message });
    }) as typeof service.app.log.warn);
  });
  afterAll(async () => {
    await service?.stop();
    await files?.close();
  });

  it("fetches and imports on start, in the background, then schedules the daily run at RATES_REFRESH_CRON_HOUR UTC", async () => {
    expect(refresher).not.toBeNull();
    const rates = await waitFor(readyz, (report) => report.lastRefresh !== null, "the first refresh");
    const next = new Date();
    next.setUTCHours(16, 0, 0, 0);
    if (next.getTime() <= Date.now()) next.setUTCDate(next.getUTCDate() + 1);
    expect(rates).toEqual({
      newestDate: "2025-11-20",
      newestBySource: { ecb: "2025-11-20" },
      stale: false,
      staleAfterDays: 7,
      lastRefresh: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      refresh: {
        source: "ecb",
        running: false,
        lastAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        lastSuccessAt: rates.lastRefresh,
        lastResult: { newestDate: "2025-11-20", dates: 6, count: 180, changed: 180 },
        lastError: null,
        consecutiveFailures: 0,
        nextAttemptAt: next.toISOString(),
      },
    });
    expect(await service.db.prisma.exchangeRate.count()).toBe(180);
    expect(await convertedRevenue()).toEqual({ status: 200, converted: 84774316.7 });
  });

  const failures: [string, () => Mode, RegExp][] = [
    ["an HTTP 500", () => ({ kind: "status", status: 500 }), /^Cannot fetch http:\/\/127\.0\.0\.1:\d+\/stats\/eurofxref\/eurofxref-hist-90d\.xml: HTTP 500$/],
    ["a server that never answers", () => ({ kind: "hang" }), /^Cannot fetch http:\/\/127\.0\.0\.1:\d+\/.*: no answer within 300 ms$/],
    ["a garbage body", () => ({ kind: "garbage" }), /^ECB rate file: (not well-formed XML|expected exactly one root element)/],
    ["a file in the wrong format (an HTML error page)", () => ({ kind: "file", body: "<html><body>Maintenance</body></html>" }), /^ECB rate file: wrong root element <html>/],
  ];

  it.each(failures)("keeps the old rates and answers every request when the source gives %s; retries with back-off", async (_name, mode, message) => {
    const before = await service.db.prisma.exchangeRate.findMany({ orderBy: { id: "asc" } });
    const lastSuccess = refresher.state().lastSuccessAt;
    const warningsBefore = warnings.length;
    files.mode = mode();

    const answers = await underLoad(async () => {
      expect(await refresher.refreshNow()).toBe(false);
      // Then on its own, on the back-off timer: at least two more attempts (after 100 ms, 200 ms...).
      const failuresNow = refresher.state().consecutiveFailures;
      await waitFor(() => refresher.state(), (state) => state.consecutiveFailures >= failuresNow + 2, "two retries");
    });

    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((answer) => answer.status === 200 && answer.converted === 84774316.7)).toBe(true);
    expect(await service.db.prisma.exchangeRate.findMany({ orderBy: { id: "asc" } })).toEqual(before);

    const state = refresher.state();
    expect(state.lastError?.message).toMatch(message);
    expect(state.lastSuccessAt).toBe(lastSuccess);
    expect(Date.parse(state.nextAttemptAt ?? "")).toBeGreaterThan(Date.now() - 1000);
    const rates = await readyz();
    // The same error on /readyz, with the source's URL named, not shown (the log has it).
    const shown = state.lastError?.message.replaceAll(`${filesUrl}/stats/eurofxref/eurofxref-hist-90d.xml`, "RATES_URL");
    expect(rates).toMatchObject({ newestDate: "2025-11-20", stale: false, lastRefresh: lastSuccess, refresh: { lastError: { message: shown } } });
    expect(JSON.stringify(rates)).not.toContain(filesUrl);

    const logged = warnings.slice(warningsBefore);
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expect(logged[0]).toEqual({
      message: "exchange-rate refresh failed; the stored rates stay in use",
      details: expect.objectContaining({ source: "ecb", error: expect.stringMatching(message), consecutiveFailures: expect.any(Number), retryInMs: expect.any(Number) }),
    });
    const delays = logged.map((entry) => entry.details.retryInMs as number);
    expect(delays.slice(1).every((delay, index) => delay === Math.min((delays[index] as number) * 2, 3_600_000))).toBe(true);

    // Back to a good file: the next attempt succeeds (one already under way may still fail) and the daily rhythm resumes.
    files.mode = { kind: "file", body: await readFile(path.join(FIXTURES, "ecb-hist-90d.xml"), "utf8") };
    await waitFor(() => refresher.refreshNow(), (ok) => ok, "a successful attempt");
    expect(refresher.state()).toMatchObject({ lastError: null, consecutiveFailures: 0, lastResult: { changed: 0 } });
  });

  it("takes new values from the next good file, and reports a successful refresh of old data as stale", async () => {
    files.mode = { kind: "file", body: await readFile(path.join(FIXTURES, "ecb-usd-try-cross.xml"), "utf8") };
    expect(await refresher.refreshNow()).toBe(true);
    expect(refresher.state().lastResult).toEqual({ newestDate: "2025-11-20", dates: 1, count: 2, changed: 2 });
    expect(await convertedRevenue()).toEqual({ status: 200, converted: 60000000 });

    await service.db.prisma.exchangeRate.deleteMany();
    files.mode = { kind: "file", body: await readFile(path.join(FIXTURES, "ecb-daily.xml"), "utf8") }; // 2025-03-27
    expect(await refresher.refreshNow()).toBe(true);
    const rates = await readyz();
    expect(rates).toMatchObject({ newestDate: "2025-03-27", stale: true, refresh: { lastError: null, lastResult: { newestDate: "2025-03-27" } } });
    expect(await convertedRevenue()).toEqual({ status: 200, converted: 75924898.26 });
  });

  it("does not hold up start-up or requests when the source is unreachable (connection refused, or silent)", async () => {
    const url = await refusedUrl();
    const refused = await startService(kind, { clock, env: { RATES_SOURCE: "tcmb", RATES_URL: url, RATES_RETRY_BASE_MS: "50" } });
    try {
      const other = refused.services.rateRefresher as RateRefresher;
      await waitFor(() => other.state(), (state) => state.consecutiveFailures >= 2, "two refused attempts");
      expect(other.state()).toMatchObject({ lastSuccessAt: null, lastError: { message: expect.stringMatching(/^Cannot fetch .*: ECONNREFUSED/) } });
      const ready = await http<{ status: string; rates: RatesReport }>("GET", `${refused.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.body.rates).toMatchObject({ newestDate: null, stale: true, lastRefresh: null, refresh: { source: "tcmb", lastSuccessAt: null } });
    } finally {
      await refused.stop();
    }

    // A source that never answers (within a 60 s timeout): the service is up and answering while the fetch waits.
    files.mode = { kind: "hang" };
    const requestsBefore = files.requests;
    const slow = await startService(kind, {
      clock,
      env: { RATES_SOURCE: "ecb", RATES_URL: `${filesUrl}/slow.xml`, RATES_FETCH_TIMEOUT_MS: "60000" },
    });
    let stopMs: number;
    try {
      await waitFor(() => files.requests, (count) => count > requestsBefore, "the fetch to begin");
      const ready = await http<{ status: string; rates: RatesReport }>("GET", `${slow.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.body.rates.refresh).toMatchObject({ running: true, lastAttemptAt: expect.any(String), lastError: null });
    } finally {
      const stopping = Date.now();
      await slow.stop(); // aborts the pending download at once
      stopMs = Date.now() - stopping;
    }
    expect(stopMs).toBeLessThan(10_000);
  });

  it("is off without RATES_URL, and when RATES_REFRESH_ENABLED=false", async () => {
    expect(service.services.rateRefresher).not.toBeNull();
    const off = await startService(kind, {
      clock,
      env: { RATES_SOURCE: "ecb", RATES_URL: `${filesUrl}/x.xml`, RATES_REFRESH_ENABLED: "false" },
    });
    try {
      expect(off.services.rateRefresher).toBeNull();
    } finally {
      await off.stop();
    }
  });
});

import { launchBrowser, type TestBrowser } from "../support/browser";
import { testDatabaseKinds } from "../support/databases";
import { eventually } from "../support/eventually";
import { http } from "../support/http";
import { DEMO_CUSTOMER_UUID, seedDemo } from "../../src/admin/demo-data";
import { openPlayground, readHeaders, runInPlayground, runOperation, waitForResult } from "../support/playground-driver";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

/** One browser run is enough: the embedded database when it is wanted, else the server. */
const kinds = testDatabaseKinds();
const kind = kinds.includes("embedded") ? "embedded" : kinds[0];
const withDatabase = kind ? describe : describe.skip;

const PRODUCTION_SECRET = "a-production-secret-of-at-least-32-characters";

withDatabase(`the playground served by the real service (${kind ?? "no"} database)`, () => {
  let service: RunningService;
  let scenario: Scenario;
  let browser: TestBrowser;

  beforeAll(async () => {
    [service, browser] = await Promise.all([
      startService(kind ?? "embedded", { env: { PLAYGROUND: "true", INTROSPECTION: "true" } }),
      launchBrowser(),
    ]);
    scenario = await seedScenario(service);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), service?.stop()]);
  });

  it("runs patchCustomerDetails with a demo token and shows the converted revenue; the row changes", async () => {
    const { page } = browser;
    const uuid = scenario.customers.salesOwned;
    const customerId = scenario.customerIds.salesOwned;
    expect(await service.db.prisma.customerDetails.findUnique({ where: { customerId } })).toBeNull();

    await openPlayground(page, `${service.baseUrl}/graphql`);
    const result = await runInPlayground(page, {
      headers: JSON.stringify({ Authorization: `Bearer ${scenario.tokens.manager}` }, null, 2),
      query: `mutation PatchInBrowser {
  patchCustomerDetails(uuid: "${uuid}", input: { annualRevenue: 2000000, annualRevenueCurrency: "USD" }) {
    customerUuid
    annualRevenue
    annualRevenueConverted
    annualRevenueCurrencyConverted
    version
  }
}`,
      expected: "60000000",
    });
    expect(JSON.parse(result)).toEqual({
      data: {
        patchCustomerDetails: {
          customerUuid: uuid,
          annualRevenue: 2000000,
          annualRevenueConverted: 60000000,
          annualRevenueCurrencyConverted: "TRY",
          version: 1,
        },
      },
    });

    const row = await service.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId } });
    expect(row.annualRevenue?.toString()).toBe("2000000");
    expect(row.annualRevenueCurrency).toBe("USD");
    const history = await service.db.prisma.customerDetailsChange.findMany({ where: { customerId } });
    expect(history.map(({ userId, door, method }) => ({ userId, door, method }))).toEqual([
      { userId: scenario.users.manager, door: "GRAPHQL", method: "PATCH" },
    ]);
  });

  it("the same playground is refused without a token, and an .own user cannot reach another's customer", async () => {
    const { page } = browser;
    const query = `mutation Refused { patchCustomerDetails(uuid: "${scenario.customers.otherOwned}", input: { employeeCount: 1 }) { version } }`;
    const anonymous = await runInPlayground(page, { headers: "{}", query, expected: "UNAUTHENTICATED" });
    expect(JSON.parse(anonymous)).toMatchObject({ errors: [{ message: "Unauthenticated.", extensions: { code: "UNAUTHENTICATED" } }] });
    const notOwn = await runInPlayground(page, {
      headers: JSON.stringify({ Authorization: `Bearer ${scenario.tokens.sales}` }),
      query,
      expected: "FORBIDDEN",
    });
    expect(JSON.parse(notOwn)).toMatchObject({ errors: [{ message: "Forbidden", extensions: { code: "FORBIDDEN" } }] });
    expect(await service.db.prisma.customerDetails.findUnique({ where: { customerId: scenario.customerIds.otherOwned } })).toBeNull();
  });

  it("runs the customerDetailsChanged subscription over WebSocket and shows a change made elsewhere", async () => {
    const { page } = browser;
    const uuid = scenario.customers.unowned;
    const shown = runInPlayground(page, {
      headers: JSON.stringify({ Authorization: `Bearer ${scenario.tokens.viewer}` }),
      query: `subscription LiveInBrowser {
  customerDetailsChanged(uuid: "${uuid}") {
    door
    method
    changes { field old new }
  }
}`,
      expected: "Seen live in the browser",
    });
    await eventually(async () => (service.services.history.feed.watching(uuid) >= 1 ? true : undefined));
    const change = await http("PATCH", `${service.baseUrl}/api/v1/customers/${uuid}/details`, { industry: "Seen live in the browser" }, { token: scenario.tokens.manager });
    expect(change.status).toBe(200);
    expect(JSON.parse(await shown)).toEqual({
      data: {
        customerDetailsChanged: { door: "REST", method: "PATCH", changes: [{ field: "industry", old: null, new: "Seen live in the browser" }] },
      },
    });
  });

  it("kept every request on 127.0.0.1, with no page error", () => {
    expect(browser.externalRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });

  it("outside development opens empty: no token in the page, the placeholder customer", async () => {
    const asBrowser = { accept: "text/html" };
    const page = await http("GET", `${service.baseUrl}/graphql`, undefined, { headers: asBrowser });
    expect(service.config.env).toBe("test");
    expect(page.status).toBe(200);
    const config = JSON.parse(/<script type="application\/json" id="playground-config">(.*?)<\/script>/s.exec(page.text)?.[1] ?? "{}") as Record<string, unknown>;
    expect(JSON.parse(String(config.defaultHeaders))).toEqual({ Authorization: "Bearer " });
    expect(config.persistHeaders).toBe(true);
    expect(page.text).not.toMatch(/Bearer ey/);
    expect(page.text).not.toContain(DEMO_CUSTOMER_UUID);
  });

  describe("in development, on the demo data", () => {
    let development: RunningService;
    let fresh: TestBrowser;

    beforeAll(async () => {
      // With GraphQL locked to trusted documents: the development playground keeps working (its page carries a key).
      [development, fresh] = await Promise.all([startService(kind ?? "embedded", { env: { NODE_ENV: "development", GRAPHQL_TRUSTED_DOCUMENTS: "require" } }), launchBrowser()]);
      await seedDemo(development.db.prisma, development.services.clock);
    });
    afterAll(async () => {
      await Promise.all([fresh?.close(), development?.stop()]);
    });

    it("serves each page with a fresh, valid token of the demo administrator, never cached", async () => {
      const asBrowser = { accept: "text/html" };
      const [first, second] = [
        await http("GET", `${development.baseUrl}/graphql`, undefined, { headers: asBrowser }),
        await http("GET", `${development.baseUrl}/graphql`, undefined, { headers: asBrowser }),
      ];
      expect(first.headers.get("cache-control")).toBe("no-store");
      const tokenOf = (text: string) => /Bearer (ey[\w-]+\.[\w-]+\.[\w-]+)/.exec(text)?.[1];
      const token = tokenOf(first.text);
      expect(token).toBeDefined();
      const principal = await development.services.authenticator.authenticate(`Bearer ${token}`);
      const admin = await development.db.prisma.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
      expect(principal?.id).toBe(admin.id);
      const payload = JSON.parse(Buffer.from((token as string).split(".")[1] as string, "base64url").toString()) as { exp: number; iat: number };
      expect(payload.exp - payload.iat).toBeLessThanOrEqual(3600);
      expect(tokenOf(second.text)).toBeDefined();
      expect(first.text).toContain(DEMO_CUSTOMER_UUID);
    });

    it("answers the documented 60000000 TRY on the first Run, with nothing typed", async () => {
      const { page } = fresh;
      await openPlayground(page, `${development.baseUrl}/graphql`);
      expect(await readHeaders(page)).toMatch(/^\{\s*"Authorization": "Bearer ey/);
      await runOperation(page);
      const result = JSON.parse(await waitForResult(page, "60000000")) as { data: { patchCustomerDetails: Record<string, unknown> } };
      expect(result.data.patchCustomerDetails).toMatchObject({
        customerUuid: DEMO_CUSTOMER_UUID,
        annualRevenue: 2000000,
        annualRevenueCurrency: "USD",
        annualRevenueConverted: 60000000,
        annualRevenueCurrencyConverted: "TRY",
        employeeCount: 100,
      });
      expect(fresh.externalRequests).toEqual([]);
      expect(fresh.pageErrors).toEqual([]);
    });
  });

  describe("outside development, with PLAYGROUND unset", () => {
    let production: RunningService;

    beforeAll(async () => {
      production = await startService(kind ?? "embedded", { env: { NODE_ENV: "production", JWT_SECRET: PRODUCTION_SECRET } });
    });
    afterAll(() => production?.stop());

    it("serves no HTML at GET /graphql (nor a landing page or assets), and refuses introspection", async () => {
      expect(production.config).toMatchObject({ env: "production", playground: false, introspection: false });
      const asBrowser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
      const playground = await http("GET", `${production.baseUrl}/graphql`, undefined, { headers: asBrowser });
      expect(playground.status).toBeGreaterThanOrEqual(400);
      expect(playground.headers.get("content-type") ?? "").not.toMatch(/html/);
      expect(playground.text).not.toMatch(/<html|<!doctype|graphiql/i);
      // What the browser shows instead: that the playground is off here, and the setting that turns it on.
      expect(playground.text).toContain("PLAYGROUND=true");

      // The scripts the development playground loads are not served either.
      const page = await http("GET", `${service.baseUrl}/graphql`, undefined, { headers: asBrowser });
      const assets = [...page.text.matchAll(/(?:src|href)="(\/[^"?]+\.(?:js|css)(?:\?[^"]*)?)"/g)].map((match) => (match[1] ?? "").replace(/&amp;/g, "&"));
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        expect([asset, (await http("GET", `${service.baseUrl}${asset}`)).status]).toEqual([asset, 200]);
        expect([asset, (await http("GET", `${production.baseUrl}${asset}`)).status]).toEqual([asset, 404]);
      }

      const landing = await http("GET", `${production.baseUrl}/`, undefined, { headers: asBrowser });
      expect(landing.status).toBe(404);
      expect(landing.text).not.toMatch(/<html|<!doctype/i);

      const navigation = await browser.page.goto(`${production.baseUrl}/graphql`);
      expect(navigation?.headers()["content-type"] ?? "").not.toMatch(/html/);
      expect(await browser.page.locator(".graphiql-container").count()).toBe(0);

      const introspection = await http("POST", `${production.baseUrl}/graphql`, { query: "{ __schema { types { name } } }" });
      expect(introspection.body).toMatchObject({ errors: [expect.objectContaining({ message: expect.stringMatching(/introspection/i) })] });
      expect(introspection.text).not.toContain('"types"');
    });
  });
});

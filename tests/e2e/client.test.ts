import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createGraphQLClient, createRestClient, CustomerDetailsDocument, PatchCustomerDetailsDocument } from "../../src/client";
import { REPO_ROOT } from "../support/cli";
import { testDatabaseKinds } from "../support/databases";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

describe("the package's typed clients: customer-details-api/client", () => {
  it("resolves through package.json exports to the compiled client and its declarations", () => {
    const script = `const c = require("customer-details-api/client");
      process.stdout.write(JSON.stringify({ path: require.resolve("customer-details-api/client"),
        rest: typeof c.createRestClient, graphql: typeof c.createGraphQLClient, document: c.PatchCustomerDetailsDocument.kind }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" })) as Record<string, string>;
    expect(out).toEqual({ path: path.join(REPO_ROOT, "dist/client/index.js"), rest: "function", graphql: "function", document: "Document" });
    const declarations = readFileSync(path.join(REPO_ROOT, "dist/client/index.d.ts"), "utf8");
    expect(declarations).toContain('export * from "./rest"');
  });

  it("src/client/rest.schema.ts is what openapi-typescript makes of the committed openapi.json", () => {
    // Also run by `npm run openapi:check`; openapi.json itself is compared with the served document in openapi.test.ts.
    const run = () => execFileSync(process.execPath, ["-r", "ts-node/register", "scripts/emit-openapi.ts", "--check"], { cwd: REPO_ROOT, stdio: "pipe" });
    expect(run).not.toThrow();
  });
});

describe.each(testDatabaseKinds())("typed clients against the real service (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;

  beforeAll(async () => {
    service = await startService(kind);
    scenario = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  it("REST: the documented example, its 200 and a 422 typed from the OpenAPI document", async () => {
    const api = createRestClient({ baseUrl: service.baseUrl, token: scenario.tokens.manager });
    const uuid = scenario.customers.unowned;
    const written = await api.PATCH("/api/v1/customers/{uuid}/details", {
      params: { path: { uuid } },
      body: { annual_revenue: 2000000, annual_revenue_currency: "USD", employee_count: 100 },
    });
    expect(written.response.status).toBe(200);
    expect(written.data).toMatchObject({ annual_revenue: 2000000, annual_revenue_converted: 60000000, annual_revenue_currency_converted: "TRY" });
    const etag = written.response.headers.get("etag") ?? "";

    const stale = await api.PUT("/api/v1/customers/{uuid}/details", { params: { path: { uuid }, header: { "if-match": '"v0"' } }, body: {} });
    expect({ status: stale.response.status, error: stale.error }).toEqual({ status: 412, error: { message: "Precondition Failed" } });

    const invalid = await api.PATCH("/api/v1/customers/{uuid}/details", { params: { path: { uuid }, header: { "if-match": etag } }, body: { employee_count: "many" } });
    expect(invalid.response.status).toBe(422);
    expect(invalid.error).toEqual({ message: "The employee count field must be an integer.", errors: { employee_count: ["The employee count field must be an integer."] } });

    const anonymous = await createRestClient({ baseUrl: service.baseUrl }).GET("/api/v1/customers/{uuid}/details", { params: { path: { uuid } } });
    expect({ status: anonymous.response.status, error: anonymous.error }).toEqual({ status: 401, error: { message: "Unauthenticated." } });
  });

  it("REST: a typed batch with a 207", async () => {
    const api = createRestClient({ baseUrl: service.baseUrl, token: scenario.tokens.manager });
    const uuid = scenario.customers.otherOwned;
    const batch = await api.PATCH("/api/v1/customers/details", {
      body: { items: [{ uuid, employee_count: 7 }, { uuid, website: "not a url" }] },
    });
    expect(batch.response.status).toBe(207);
    const data = batch.data?.data ?? [];
    expect(data.map((item) => [item.status, item.details?.employee_count ?? null, item.errors ?? null])).toEqual([
      [200, 7, null],
      [422, null, { website: ["The website field must be a valid URL."] }],
    ]);
  });

  it("GraphQL: the typed documents run through createGraphQLClient", async () => {
    const gql = createGraphQLClient({ baseUrl: service.baseUrl, token: scenario.tokens.manager });
    const uuid = scenario.customers.salesOwned;
    const patched = await gql.request(PatchCustomerDetailsDocument, { uuid, input: { annualRevenue: 2000000, annualRevenueCurrency: "USD" } });
    expect(patched.status).toBe(200);
    expect(patched.data?.patchCustomerDetails).toMatchObject({ annualRevenueConverted: 60000000, annualRevenueCurrencyConverted: "TRY" });
    const read = await gql.request(CustomerDetailsDocument, { uuid });
    expect(read.data?.customerDetails?.annualRevenue).toBe(2000000);
    const refused = await createGraphQLClient({ baseUrl: service.baseUrl }).request(CustomerDetailsDocument, { uuid });
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

import { testDatabaseKinds } from "../support/databases";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

describe.each(testDatabaseKinds())("REST order of checks (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  const url = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;
  const storedDetails = () => service.db.prisma.customerDetails.findMany();
  const history = () => service.db.prisma.customerDetailsChange.findMany();

  beforeAll(async () => {
    service = await startService(kind);
    scenario = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  it("reproduces the documented example in every key and value it shows", async () => {
    const response = await http("PATCH", url(scenario.customers.salesOwned), {
      annual_revenue: 2000000,
      annual_revenue_currency: "USD",
      employee_count: 100,
      industry: "Technology",
      website: "https://example.com",
    }, { token: scenario.tokens.manager });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: expect.any(Number),
      customer_id: scenario.customerIds.salesOwned,
      annual_revenue: 2000000,
      annual_revenue_currency: "USD",
      annual_revenue_converted: 60000000,
      annual_revenue_currency_converted: "TRY",
      employee_count: 100,
      industry: "Technology",
      website: "https://example.com",
      address: null,
      is_active: true,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    expect(Object.keys(response.body)).toEqual([
      "id", "customer_id", "annual_revenue", "annual_revenue_currency", "annual_revenue_converted",
      "annual_revenue_currency_converted", "employee_count", "industry", "website", "address", "is_active",
      "created_at", "updated_at",
    ]);
    const row = await service.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: scenario.customerIds.salesOwned } });
    expect(row.annualRevenue?.toString()).toBe("2000000");
    expect(row.annualRevenueCurrency).toBe("USD");
  });

  it("answers 401 before anything else, for every kind of bad credential", async () => {
    const before = await storedDetails();
    const expired = service.services.tokens.sign(scenario.users.manager, -60);
    const cases: (string | undefined)[] = [undefined, "not-a-jwt", expired, scenario.tokens.disabled, `${scenario.tokens.manager}x`];
    for (const token of cases) {
      const response = await http("PUT", url("00000000-0000-0000-0000-000000000000"), { employee_count: "x" }, token ? { token } : {});
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ message: "Unauthenticated." });
    }
    expect(await storedDetails()).toEqual(before);
  });

  it("answers 403 to a user without any update permission, without revealing whether the customer exists", async () => {
    for (const uuid of [scenario.customers.salesOwned, "00000000-0000-0000-0000-000000000000", "not-a-uuid"]) {
      for (const token of [scenario.tokens.viewer, scenario.tokens.nobody]) {
        const response = await http("PATCH", url(uuid), { employee_count: -1 }, { token });
        expect(response.status).toBe(403);
        expect(response.body).toEqual({ message: "Forbidden" });
      }
    }
  });

  it("answers 404 for an unknown or malformed uuid, before ownership and validation", async () => {
    for (const uuid of ["00000000-0000-0000-0000-000000000000", "not-a-uuid", "550e8400e29b41d4a716446655440000"]) {
      const response = await http("PATCH", url(uuid), { employee_count: -1 }, { token: scenario.tokens.sales });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: "Customer not found" });
    }
  });

  it("answers 403 to a .own user on someone else's customer, before validation", async () => {
    const before = await history();
    const response = await http("PATCH", url(scenario.customers.otherOwned), { employee_count: -1 }, { token: scenario.tokens.sales });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ message: "Forbidden" });
    expect(await history()).toEqual(before);
  });

  it("lets a .own user update its own customer", async () => {
    const response = await http("PATCH", url(scenario.customers.salesOwned), { employee_count: 7 }, { token: scenario.tokens.sales });
    expect(response.status).toBe(200);
    expect(response.body.employee_count).toBe(7);
  });

  it("validates after ownership (422) and before the precondition (412)", async () => {
    const response = await http("PATCH", url(scenario.customers.salesOwned), { employee_count: -1 }, {
      token: scenario.tokens.sales,
      headers: { "if-match": '"v999"' },
    });
    expect(response.status).toBe(422);
    const stale = await http("PATCH", url(scenario.customers.salesOwned), { employee_count: 1 }, {
      token: scenario.tokens.sales,
      headers: { "if-match": '"v999"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toEqual({ message: "Precondition Failed" });
  });

  it("refuses bodies that are not JSON before authentication", async () => {
    const target = url(scenario.customers.salesOwned);
    const notJson = await http("PATCH", target, undefined, { raw: "employee_count=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(notJson.status).toBe(415);
    expect(notJson.body.message).toEqual(expect.any(String));
    const malformed = await http("PATCH", target, undefined, { raw: '{"employee_count": ', headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ message: "The body is not valid JSON." });
    const large = await http("PATCH", target, undefined, {
      raw: JSON.stringify({ address: "a".repeat(70 * 1024) }),
      headers: { "content-type": "application/json" },
    });
    expect(large.status).toBe(413);
    expect(large.body.message).toEqual(expect.any(String));
  });

  it("answers 405 with Allow for methods the documented URL does not serve", async () => {
    for (const method of ["POST", "DELETE"]) {
      const response = await http(method, url(scenario.customers.salesOwned), {}, { token: scenario.tokens.manager });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, PUT, PATCH");
      expect(response.body).toEqual({ message: "Method Not Allowed" });
    }
  });
});

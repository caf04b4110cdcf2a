import { createCustomer } from "../../src/admin/customers";
import { storeRates } from "../../src/currency/rates.store";
import { CustomerDetailsDocument, PatchCustomerDetailsDocument, UpdateCustomerDetailsDocument } from "../../src/client";
import { type CustomerDetailsPatchInput } from "../graphql/generated/operations";
import { testDatabaseKinds } from "../support/databases";
import { graphql, graphqlText } from "../support/graphql";
import { http, type HttpResult } from "../support/http";
import { seedScenario, today, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";
import { storedFields, type StoredFields } from "./details-scenarios";

/**
 * What the table in details-scenarios.ts cannot say in one row: round trips, exact decimals on the wire, the legacy
 * coercions of the REST door, GraphQL's omitted-versus-null field by field, and the conversion details GraphQL shows.
 */

const FULL = {
  annual_revenue: 2000000,
  annual_revenue_currency: "USD",
  employee_count: 100,
  industry: "Technology",
  website: "https://example.com",
  address: "1 Main Street",
  is_active: false,
};
const FULL_STORED: StoredFields = { ...FULL, annual_revenue: "2000000" };

const dayFromToday = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const yesterday = (): string => dayFromToday(-1);
const tomorrow = (): string => dayFromToday(1);

describe.each(testDatabaseKinds())("customer details semantics (%s database)", (kind) => {
  let service: RunningService;
  let seeded: Scenario;
  const prisma = () => service.db.prisma;
  const url = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;

  beforeAll(async () => {
    service = await startService(kind);
    seeded = await seedScenario(service);
    // CHF reaches TRY only through EUR; the legs have different dates (the older one dates the cross rate).
    await storeRates(prisma(), "ecb", [{ base: "EUR", quote: "CHF", rate: "0.8", date: yesterday() }]);
    await storeRates(prisma(), "ecb", [{ base: "EUR", quote: "TRY", rate: "40", date: today() }]);
  });
  afterAll(() => service?.stop());

  /** A customer of its own, with `details` PUT by the manager when given. */
  async function freshCustomer(details?: Record<string, unknown>): Promise<{ uuid: string; id: number }> {
    const customer = await createCustomer(prisma(), { name: "Semantics", ownerId: seeded.users.sales });
    if (details) {
      const setup = await http("PUT", url(customer.uuid), details, { token: seeded.tokens.manager });
      expect(setup.status).toBe(200);
    }
    return { uuid: customer.uuid, id: customer.id };
  }
  const stored = async (customerId: number) => storedFields(await prisma().customerDetails.findUnique({ where: { customerId } }));
  const history = (customerId: number) => prisma().customerDetailsChange.findMany({ where: { customerId }, orderBy: { id: "asc" } });
  const sendRaw = (method: string, uuid: string, raw: string, headers: Record<string, string> = {}): Promise<HttpResult> =>
    http(method, url(uuid), undefined, { token: seeded.tokens.manager, raw, headers: { "content-type": "application/json", ...headers } });

  describe("GET-modify-PUT", () => {
    it("PUTs the GET representation back with one field changed: 200, only that field changes", async () => {
      const customer = await freshCustomer(FULL);
      const got = await http("GET", url(customer.uuid), undefined, { token: seeded.tokens.manager });
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: expect.any(Number), customer_id: customer.id, annual_revenue_converted: 60000000, created_at: expect.any(String) });

      const put = await http("PUT", url(customer.uuid), { ...got.body, employee_count: 250 }, {
        token: seeded.tokens.manager,
        headers: { "if-match": got.headers.get("etag") ?? "" },
      });
      expect({ status: put.status, body: put.body }).toMatchObject({ status: 200, body: { employee_count: 250, id: got.body.id } });
      expect(await stored(customer.id)).toEqual({ ...FULL_STORED, employee_count: 250 });
      const changes = await history(customer.id);
      expect(changes.at(-1)?.changes).toEqual({ employee_count: { old: 100, new: 250 } });

      // The representation PUT back as it is changes nothing at all.
      const again = await http("GET", url(customer.uuid), undefined, { token: seeded.tokens.manager });
      const unchanged = await http("PUT", url(customer.uuid), again.body, { token: seeded.tokens.manager });
      expect(unchanged.status).toBe(200);
      expect(unchanged.body.updated_at).toBe(again.body.updated_at);
      expect(unchanged.headers.get("etag")).toBe(again.headers.get("etag"));
      expect(await history(customer.id)).toHaveLength(changes.length);
    });
  });

  describe("If-Match", () => {
    it("uses strong comparison over a list of tags: a weak tag never matches, a list with the current one does", async () => {
      const customer = await freshCustomer(FULL);
      let count = 0;
      const patch = (ifMatch: string) =>
        http("PATCH", url(customer.uuid), { employee_count: (count += 1) }, { token: seeded.tokens.manager, headers: { "if-match": ifMatch } });
      expect((await patch('W/"v1"')).status).toBe(412);
      expect((await patch('"v7", "v1"')).status).toBe(200);
      expect((await patch('"v1"')).status).toBe(412);
      const current = await patch('"v2"');
      expect({ status: current.status, etag: current.headers.get("etag") }).toEqual({ status: 200, etag: '"v3"' });
    });
  });

  describe("exact decimals", () => {
    it("stores and returns 15 significant digits exactly, as a JSON number", async () => {
      const customer = await freshCustomer();
      const put = await sendRaw("PUT", customer.uuid, '{"annual_revenue": 12345678901.1234, "annual_revenue_currency": "TRY"}');
      expect(put.status).toBe(200);
      expect(put.text).toContain('"annual_revenue":12345678901.1234,');
      expect(put.text).toContain('"annual_revenue_converted":12345678901.12,');
      expect((await stored(customer.id))?.annual_revenue).toBe("12345678901.1234");
      const got = await http("GET", url(customer.uuid), undefined, { token: seeded.tokens.manager });
      expect(got.text).toContain('"annual_revenue":12345678901.1234,');

      const big = await sendRaw("PATCH", customer.uuid, '{"annual_revenue": 99999999999.9999}');
      expect(big.text).toContain('"annual_revenue":99999999999.9999,');
      expect((await stored(customer.id))?.annual_revenue).toBe("99999999999.9999");
    });

    it("refuses a number a float would round (1999999.99999999999) instead of storing 2000000", async () => {
      const customer = await freshCustomer();
      const refused = await sendRaw("PUT", customer.uuid, '{"annual_revenue": 1999999.99999999999, "annual_revenue_currency": "USD"}');
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 422,
        body: {
          message: "The annual revenue field must have at most 4 decimal places.",
          errors: { annual_revenue: ["The annual revenue field must have at most 4 decimal places."] },
        },
      });
      expect(await stored(customer.id)).toBeNull();
    });

    it("reads numbers by their value: 0.1, 2000000.0000 (no change), 1E+3, and -0 as zero in both doors", async () => {
      const customer = await freshCustomer({ annual_revenue: 0.1, annual_revenue_currency: "USD" });
      expect((await stored(customer.id))?.annual_revenue).toBe("0.1");
      expect((await sendRaw("PATCH", customer.uuid, '{"annual_revenue": 2000000.0000}')).status).toBe(200);
      const changes = (await history(customer.id)).length;
      const same = await sendRaw("PATCH", customer.uuid, '{"annual_revenue": 2000000.0000}');
      expect(same.status).toBe(200);
      expect(await history(customer.id)).toHaveLength(changes);
      expect((await sendRaw("PATCH", customer.uuid, '{"annual_revenue": 1E+3}')).body.annual_revenue).toBe(1000);

      for (const raw of ['{"annual_revenue": -0}', '{"annual_revenue": -0.0000}', '{"annual_revenue": "-0"}']) {
        const zero = await sendRaw("PATCH", customer.uuid, raw);
        expect({ raw, status: zero.status, revenue: zero.body.annual_revenue }).toEqual({ raw, status: 200, revenue: 0 });
      }
      const viaGraphQL = await graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid: customer.uuid, input: { annualRevenue: -0 } }, seeded.tokens.manager);
      expect(viaGraphQL.errors).toBeUndefined();
      expect(viaGraphQL.data?.patchCustomerDetails.annualRevenue).toBe(0);
      expect((await stored(customer.id))?.annual_revenue).toBe("0");
    });

    it("stores GraphQL's Float exactly as the client wrote it", async () => {
      const customer = await freshCustomer();
      const result = await graphql(service.baseUrl, UpdateCustomerDetailsDocument, {
        uuid: customer.uuid,
        input: { annualRevenue: 12345678901.1234, annualRevenueCurrency: "try" },
      }, seeded.tokens.manager);
      expect(result.errors).toBeUndefined();
      expect(result.data?.updateCustomerDetails).toMatchObject({ annualRevenue: 12345678901.1234, annualRevenueCurrency: "TRY", annualRevenueConverted: 12345678901.12 });
      expect((await stored(customer.id))?.annual_revenue).toBe("12345678901.1234");
    });
  });

  describe("legacy REST values", () => {
    it("accepts 1/0/\"1\"/\"0\"/\"true\"/\"false\" for is_active", async () => {
      const customer = await freshCustomer();
      for (const [value, expected] of [[0, false], [1, true], ["0", false], ["1", true], ["false", false], ["true", true]] as const) {
        const response = await http("PATCH", url(customer.uuid), { is_active: value }, { token: seeded.tokens.manager });
        expect({ value, status: response.status, is_active: response.body.is_active }).toEqual({ value, status: 200, is_active: expected });
        expect((await stored(customer.id))?.is_active).toBe(expected);
      }
      expect((await history(customer.id)).map((change) => change.changes)).toEqual([
        { is_active: { old: true, new: false } },
        { is_active: { old: false, new: true } },
        { is_active: { old: true, new: false } },
        { is_active: { old: false, new: true } },
        { is_active: { old: true, new: false } },
        { is_active: { old: false, new: true } },
      ]);
    });

    it("accepts numeric strings for the number fields through REST; GraphQL's types refuse them and nothing is stored", async () => {
      const customer = await freshCustomer();
      const rest = await http("PUT", url(customer.uuid), { annual_revenue: "2000000", annual_revenue_currency: "USD", employee_count: " 42 " }, { token: seeded.tokens.manager });
      expect(rest.body).toMatchObject({ annual_revenue: 2000000, employee_count: 42, annual_revenue_converted: 60000000 });

      const before = await stored(customer.id);
      const typed = await graphqlText(
        service.baseUrl,
        "mutation ($uuid: ID!, $input: CustomerDetailsPatchInput!) { patchCustomerDetails(uuid: $uuid, input: $input) { employeeCount } }",
        { uuid: customer.uuid, input: { employeeCount: "43" } },
        seeded.tokens.manager,
      );
      expect(typed.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(await stored(customer.id)).toEqual(before);
    });
  });

  describe("GraphQL: an omitted field versus an explicit null", () => {
    const cases: { field: keyof CustomerDetailsPatchInput; key: keyof StoredFields; onNull: "cleared" | string }[] = [
      { field: "annualRevenue", key: "annual_revenue", onNull: "cleared" },
      { field: "annualRevenueCurrency", key: "annual_revenue_currency", onNull: "The annual revenue currency field is required when annual revenue is present." },
      { field: "employeeCount", key: "employee_count", onNull: "cleared" },
      { field: "industry", key: "industry", onNull: "cleared" },
      { field: "website", key: "website", onNull: "cleared" },
      { field: "address", key: "address", onNull: "cleared" },
      { field: "isActive", key: "is_active", onNull: "The is active field must be true or false." },
    ];

    it.each(cases)("patchCustomerDetails: $field omitted keeps it, null clears it or is refused", async ({ field, key, onNull }) => {
      const customer = await freshCustomer(FULL);
      const patch = (input: CustomerDetailsPatchInput) =>
        graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid: customer.uuid, input }, seeded.tokens.manager);

      // Omitted, next to a change of another field: kept.
      const other: CustomerDetailsPatchInput = field === "industry" ? { address: "2 Side Street" } : { industry: "Retail" };
      expect((await patch(other)).errors).toBeUndefined();
      const afterOmitted = await stored(customer.id);
      expect(afterOmitted?.[key]).toEqual(FULL_STORED[key]);

      const nulled = await patch({ [field]: null });
      if (onNull === "cleared") {
        expect(nulled.errors).toBeUndefined();
        expect(await stored(customer.id)).toEqual({ ...afterOmitted, [key]: null });
      } else {
        expect(nulled.errors).toEqual([expect.objectContaining({ message: onNull, extensions: { code: "BAD_USER_INPUT", errors: { [field]: [onNull] } } })]);
        expect(await stored(customer.id)).toEqual(afterOmitted);
      }
    });

    it("updateCustomerDetails: omitted and null both reset, isActive to true", async () => {
      const customer = await freshCustomer(FULL);
      const put = (input: CustomerDetailsPatchInput) =>
        graphql(service.baseUrl, UpdateCustomerDetailsDocument, { uuid: customer.uuid, input }, seeded.tokens.manager);
      const reset: StoredFields = {
        annual_revenue: null, annual_revenue_currency: null, employee_count: null, industry: "Retail", website: null, address: null, is_active: true,
      };
      expect((await put({ industry: "Retail" })).errors).toBeUndefined();
      expect(await stored(customer.id)).toEqual(reset);

      const again = await freshCustomer(FULL);
      const nulls = await graphql(service.baseUrl, UpdateCustomerDetailsDocument, {
        uuid: again.uuid,
        input: { annualRevenue: null, annualRevenueCurrency: null, employeeCount: null, industry: "Retail", website: null, address: null },
      }, seeded.tokens.manager);
      expect(nulls.errors).toBeUndefined();
      expect(await stored(again.id)).toEqual(reset);
    });
  });

  describe("GraphQL customerDetails", () => {
    it("is null for a customer without details", async () => {
      const customer = await freshCustomer();
      const result = await graphql(service.baseUrl, CustomerDetailsDocument, { uuid: customer.uuid }, seeded.tokens.manager);
      expect(result).toMatchObject({ errors: undefined, data: { customerDetails: null } });
    });

    it("shows how the revenue was converted: rate, date, source, path, pivot, for the requesting user's currency", async () => {
      const customer = await freshCustomer(FULL);
      const read = async (token: string) => {
        const result = await graphql(service.baseUrl, CustomerDetailsDocument, { uuid: customer.uuid }, token);
        expect(result.errors).toBeUndefined();
        return result.data?.customerDetails;
      };
      expect(await read(seeded.tokens.manager)).toMatchObject({
        annualRevenue: 2000000,
        annualRevenueConverted: 60000000,
        annualRevenueCurrencyConverted: "TRY",
        conversion: { amount: "60000000", currency: "TRY", rate: "30", rateDate: today(), source: "manual", path: "DIRECT", pivot: null, stale: false },
      });
      expect(await read(seeded.tokens.dollarUser)).toMatchObject({
        annualRevenueConverted: 2000000,
        conversion: { amount: "2000000", currency: "USD", rate: "1", rateDate: today(), source: "identity", path: "IDENTITY", pivot: null, stale: false },
      });

      // A rate dated tomorrow is not used yet.
      await storeRates(prisma(), "manual", [{ base: "USD", quote: "TRY", rate: "99", date: tomorrow() }]);
      expect((await read(seeded.tokens.manager))?.conversion).toMatchObject({ rate: "30", rateDate: today() });

      const swiss = await freshCustomer({ annual_revenue: 100, annual_revenue_currency: "CHF" });
      const cross = await graphql(service.baseUrl, CustomerDetailsDocument, { uuid: swiss.uuid }, seeded.tokens.manager);
      expect(cross.data?.customerDetails).toMatchObject({
        annualRevenueConverted: 5000,
        conversion: { amount: "5000", currency: "TRY", rate: "50", rateDate: yesterday(), source: "ecb", path: "CROSS", pivot: "EUR", stale: false },
      });
      const rest = await http("GET", url(swiss.uuid), undefined, { token: seeded.tokens.manager });
      expect(rest.body).toMatchObject({ annual_revenue_converted: 5000, annual_revenue_currency_converted: "TRY" });

      const noRate = await freshCustomer({ annual_revenue: 100, annual_revenue_currency: "SEK" });
      const none = await graphql(service.baseUrl, CustomerDetailsDocument, { uuid: noRate.uuid }, seeded.tokens.manager);
      expect(none.data?.customerDetails).toMatchObject({ annualRevenue: 100, annualRevenueConverted: null, annualRevenueCurrencyConverted: null, conversion: null });
    });
  });
});

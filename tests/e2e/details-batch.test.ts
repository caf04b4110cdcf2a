import { createCustomer } from "../../src/admin/customers";
import { testDatabaseKinds } from "../support/databases";
import { eventually } from "../support/eventually";
import { http, type HttpResult } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";
import { WebhookReceiver } from "../support/webhook-receiver";

interface ItemResult {
  uuid: string;
  status: number;
  etag?: string;
  details?: Record<string, unknown>;
  message?: string;
  errors?: Record<string, string[]>;
}
interface BatchBody {
  message?: string;
  data: ItemResult[];
}

const UNKNOWN = "00000000-0000-0000-0000-000000000000";
const FAST_WEBHOOKS = { WEBHOOK_RETRY_BASE_MS: "100", WEBHOOK_RETRY_MAX_MS: "400", WEBHOOK_POLL_MS: "200" };

describe.each(testDatabaseKinds())("batch PUT/PATCH of many customers over REST (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  const batchUrl = () => `${service.baseUrl}/api/v1/customers/details`;
  const detailsUrl = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;
  const batch = (method: "PUT" | "PATCH", body: unknown, token = scenario.tokens.manager) =>
    http<BatchBody>(method, batchUrl(), body, { token });
  const get = (uuid: string) => http("GET", detailsUrl(uuid), undefined, { token: scenario.tokens.manager });
  const newCustomer = async (ownerId?: number) =>
    (await createCustomer(service.db.prisma, { name: "Batch Co", ...(ownerId ? { ownerId } : {}) })).uuid;
  const changesOf = async (uuid: string) =>
    service.db.prisma.customerDetailsChange.findMany({ where: { customer: { uuid } }, orderBy: { id: "asc" } });

  beforeAll(async () => {
    service = await startService(kind, { env: FAST_WEBHOOKS });
    scenario = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  it("checks the token and the update permission for the whole request, before the body's shape", async () => {
    const missing = await http("PATCH", batchUrl(), { items: [] });
    expect([missing.status, missing.body]).toEqual([401, { message: "Unauthenticated." }]);
    for (const actor of ["nobody", "viewer"] as const) {
      const refused = await batch("PATCH", { nonsense: true }, scenario.tokens[actor]);
      expect([refused.status, refused.body]).toEqual([403, { message: "Forbidden" }]);
    }
  });

  it("refuses a body whose items are missing, empty, more than 100, or without a uuid (422 on items)", async () => {
    const cases: [unknown, Record<string, string[]>][] = [
      [{}, { items: ["The items field is required."] }],
      [{ items: [] }, { items: ["The items field must have between 1 and 100 items."] }],
      [{ items: Array.from({ length: 101 }, () => ({ uuid: UNKNOWN })) }, { items: ["The items field must have between 1 and 100 items."] }],
      [{ items: "all" }, { items: ["The items field must be an array."] }],
      [
        { items: [{ uuid: UNKNOWN }, 7, { industry: "x" }, { uuid: 5, if_match: 3 }], all_or_none: "maybe", extra: 1 },
        {
          all_or_none: ["The all or none field must be true or false."],
          extra: ["The extra field is not allowed."],
          "items.1": ["The items.1 field must be an object."],
          "items.2.uuid": ["The items.2.uuid field is required."],
          "items.3.uuid": ["The items.3.uuid field must be a string."],
          "items.3.if_match": ["The items.3.if_match field must be a string."],
        },
      ],
    ];
    for (const [body, errors] of cases) {
      const response = await http<{ message: string; errors: unknown }>("PATCH", batchUrl(), body, { token: scenario.tokens.manager });
      expect([response.status, response.body.errors]).toEqual([422, errors]);
      expect(response.body.message).toBe(Object.values(errors)[0]?.[0] + (Object.keys(errors).length > 1 ? ` (and ${Object.keys(errors).length - 1} more errors)` : ""));
    }
    const wrongMethod = await http("GET", batchUrl(), undefined, { token: scenario.tokens.manager });
    expect([wrongMethod.status, wrongMethod.headers.get("allow")]).toEqual([405, "PUT, PATCH"]);
  });

  it("answers 200 with each item's details and ETag, exactly what the single door then reads", async () => {
    const [a, b] = [await newCustomer(), await newCustomer()];
    const response = await batch("PATCH", {
      items: [
        { uuid: a, annual_revenue: "1234567.8901", annual_revenue_currency: "usd", employee_count: "12" },
        { uuid: b.toUpperCase(), industry: "  Retail ", is_active: 0, website: "example.com" },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.data.map((item) => [item.uuid, item.status])).toEqual([[a, 200], [b.toUpperCase(), 200]]);
    expect(response.text).toContain('"annual_revenue":1234567.8901,');
    for (const [index, uuid] of [a, b].entries()) {
      const single = await get(uuid);
      const item = response.body.data[index];
      expect(item?.details).toEqual(single.body);
      expect(item?.etag).toBe(single.headers.get("etag"));
    }
    expect(response.body.data[0]?.details).toMatchObject({ annual_revenue_currency: "USD", employee_count: 12 });
    expect(response.body.data[1]?.details).toMatchObject({ industry: "Retail", is_active: false, website: "https://example.com" });
  });

  it("runs the single door's order of checks per item and answers 207 with each item's outcome in order", async () => {
    const own = await newCustomer(scenario.users.sales);
    const other = await newCustomer(scenario.users.otherSales);
    const current = await http("PATCH", detailsUrl(own), { employee_count: 1 }, { token: scenario.tokens.sales });
    const etag = current.headers.get("etag") ?? "";
    const response = await batch(
      "PATCH",
      {
        items: [
          { uuid: own, employee_count: 2, if_match: etag },
          { uuid: other, employee_count: 2 },
          { uuid: UNKNOWN, employee_count: 2 },
          { uuid: "not-a-uuid", employee_count: 2 },
          { uuid: own, employee_count: -1, website: "not a url" },
          { uuid: own, employee_count: 3, if_match: etag },
          { uuid: other, employee_count: "many" },
          { uuid: own, is_active: null },
        ],
      },
      scenario.tokens.sales,
    );
    expect(response.status).toBe(207);
    expect(response.body.data.map(({ uuid, status, message, errors }) => ({ uuid, status, message, errors }))).toEqual([
      { uuid: own, status: 200, message: undefined, errors: undefined },
      { uuid: other, status: 403, message: "Forbidden", errors: undefined },
      { uuid: UNKNOWN, status: 404, message: "Customer not found", errors: undefined },
      { uuid: "not-a-uuid", status: 404, message: "Customer not found", errors: undefined },
      {
        uuid: own,
        status: 422,
        message: "The employee count field must be between 0 and 10000000. (and 1 more error)",
        errors: { employee_count: ["The employee count field must be between 0 and 10000000."], website: ["The website field must be a valid URL."] },
      },
      // The first item moved the details on: the same If-Match is now stale, as it would be for the single door.
      { uuid: own, status: 412, message: "Precondition Failed", errors: undefined },
      // Not the owner comes before validation, as in the single door.
      { uuid: other, status: 403, message: "Forbidden", errors: undefined },
      { uuid: own, status: 422, message: "The is active field must be true or false.", errors: { is_active: ["The is active field must be true or false."] } },
    ]);
    expect((await get(own)).body).toMatchObject({ employee_count: 2 });
    expect((await get(other)).status).toBe(404);
  });

  it("applies items for the same customer one after another, in order, each recorded as if sent alone", async () => {
    const uuid = await newCustomer();
    const response = await batch("PATCH", {
      items: [{ uuid, employee_count: 10 }, { uuid, industry: "Tech" }, { uuid, industry: "Tech" }, { uuid, employee_count: 11 }],
    });
    expect(response.status).toBe(200);
    expect(response.body.data.map((item) => item.etag)).toEqual(['"v1"', '"v2"', '"v2"', '"v3"']);
    expect(response.body.data[3]?.details).toMatchObject({ employee_count: 11, industry: "Tech" });
    const changes = await changesOf(uuid);
    expect(changes.map((change) => [change.door, change.method, change.created, change.changes])).toEqual([
      ["REST", "PATCH", true, expect.objectContaining({ employee_count: { old: null, new: 10 } })],
      ["REST", "PATCH", false, { industry: { old: null, new: "Tech" } }],
      ["REST", "PATCH", false, { employee_count: { old: 10, new: 11 } }],
    ]);
    expect(changes.every((change) => change.userId === scenario.users.manager)).toBe(true);
  });

  it("PUT replaces each item's details (fields not sent are reset), and an unchanged item writes nothing", async () => {
    const uuid = await newCustomer();
    await http("PATCH", detailsUrl(uuid), { industry: "Old", employee_count: 5, is_active: false }, { token: scenario.tokens.manager });
    const before = (await get(uuid)).body;
    const response = await batch("PUT", { items: [{ uuid, industry: "New" }] });
    expect(response.body.data[0]?.details).toMatchObject({ industry: "New", employee_count: null, is_active: true });
    const again = await batch("PUT", { items: [{ uuid, industry: "New" }] });
    expect(again.body.data[0]?.details?.updated_at).toBe(response.body.data[0]?.details?.updated_at);
    expect(before.updated_at).not.toBe(response.body.data[0]?.details?.updated_at);
    expect((await changesOf(uuid)).map((change) => change.method)).toEqual(["PATCH", "PUT"]);
  });

  it("all_or_none: stores every item in one transaction, or nothing (422, the others 424) when any fails", async () => {
    const [a, b] = [await newCustomer(), await newCustomer()];
    const failing = await batch("PATCH", {
      all_or_none: true,
      items: [{ uuid: a, employee_count: 1 }, { uuid: b, website: "not a url" }, { uuid: a, industry: "x" }, { uuid: UNKNOWN }],
    });
    expect(failing.status).toBe(422);
    expect(failing.body).toEqual({
      message: "Nothing was stored: 2 of 4 items failed.",
      data: [
        { uuid: a, status: 424, message: "Failed Dependency" },
        { uuid: b, status: 422, message: "The website field must be a valid URL.", errors: { website: ["The website field must be a valid URL."] } },
        { uuid: a, status: 424, message: "Failed Dependency" },
        { uuid: UNKNOWN, status: 404, message: "Customer not found" },
      ],
    });
    expect([(await get(a)).status, (await get(b)).status]).toEqual([404, 404]);
    expect([...(await changesOf(a)), ...(await changesOf(b))]).toEqual([]);

    const passing = await batch("PUT", { all_or_none: true, items: [{ uuid: a, employee_count: 1 }, { uuid: b, industry: "Both" }, { uuid: a, employee_count: 2 }] });
    expect(passing.status).toBe(200);
    expect(passing.body.data.map((item) => [item.status, item.etag])).toEqual([[200, '"v1"'], [200, '"v1"'], [200, '"v2"']]);
    expect((await get(a)).body).toMatchObject({ employee_count: 2 });
    expect((await get(b)).body).toMatchObject({ industry: "Both" });
    expect((await changesOf(a)).length).toBe(2);
  });

  it("sends each item's change to webhooks as if it had been sent alone (a failed or unchanged item sends nothing)", async () => {
    const receiver = new WebhookReceiver(() => secret);
    await receiver.start();
    const { secret } = await service.services.webhooks.create({ url: receiver.url, fields: [] });
    try {
      const [a, b, c] = [await newCustomer(), await newCustomer(), await newCustomer()];
      await http("PATCH", detailsUrl(c), { industry: "Same" }, { token: scenario.tokens.manager });
      const response = await batch("PATCH", {
        items: [{ uuid: a, industry: "A" }, { uuid: b, website: "bad url" }, { uuid: c, industry: "Same" }, { uuid: b, industry: "B" }],
      });
      expect(response.body.data.map((item) => item.status)).toEqual([200, 422, 200, 200]);
      const received = await eventually(async () => (receiver.received.length >= 3 ? receiver.received : undefined));
      const events = received.map((hook) => [hook.json.customer_uuid, hook.json.changes]);
      expect(events).toEqual(
        expect.arrayContaining([
          [c, { industry: { old: null, new: "Same" } }],
          [a, expect.objectContaining({ industry: { old: null, new: "A" } })],
          [b, expect.objectContaining({ industry: { old: null, new: "B" } })],
        ]),
      );
      expect(receiver.badSignatures).toEqual([]);
      // Nothing more arrives for the failed item or the unchanged one.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(receiver.received).toHaveLength(3);
    } finally {
      await receiver.stop();
    }
  });

  it("takes a body up to 1 MiB (100 large items) and refuses a larger one with 413", async () => {
    const uuid = await newCustomer();
    const address = "x".repeat(1000);
    const large = { items: Array.from({ length: 100 }, (_, index) => ({ uuid, address, employee_count: index })) };
    expect(JSON.stringify(large).length).toBeGreaterThan(64 * 1024);
    const ok: HttpResult<BatchBody> = await batch("PATCH", large);
    expect([ok.status, ok.body.data[99]?.details?.employee_count]).toEqual([200, 99]);
    const tooLarge = await batch("PATCH", { items: [{ uuid, address: "x".repeat(1024 * 1024) }] });
    expect([tooLarge.status, tooLarge.body]).toEqual([413, { message: "Payload Too Large: the body must not exceed 1 MiB." }]);
  });
});

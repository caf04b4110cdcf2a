import { createCustomer } from "../../src/admin/customers";
import { CustomerDetailsChangedDocument } from "../graphql/generated/operations";
import { PatchCustomerDetailsBatchDocument, UpdateCustomerDetailsBatchDocument, type PatchCustomerDetailsBatchMutationVariables } from "../../src/client";
import { testDatabaseKinds } from "../support/databases";
import { eventually } from "../support/eventually";
import { graphql, graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";
import { subscribe, wsClient } from "../support/subscription-client";

const UNKNOWN = "00000000-0000-0000-0000-000000000000";

describe.each(testDatabaseKinds())("batch mutations over GraphQL (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  const newCustomer = async (ownerId?: number) =>
    (await createCustomer(service.db.prisma, { name: "Batch Co", ...(ownerId ? { ownerId } : {}) })).uuid;
  const detailsOf = (uuid: string) =>
    http("GET", `${service.baseUrl}/api/v1/customers/${uuid}/details`, undefined, { token: scenario.tokens.manager });
  const patchBatch = (items: PatchCustomerDetailsBatchMutationVariables["items"], token = scenario.tokens.manager, allOrNone = false) =>
    graphql(service.baseUrl, PatchCustomerDetailsBatchDocument, { items, allOrNone }, token);

  beforeAll(async () => {
    service = await startService(kind);
    scenario = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  it("refuses the whole operation without a token or without any update permission", async () => {
    const items = [{ uuid: scenario.customers.unowned, industry: "x" }];
    const anonymous = await graphql(service.baseUrl, PatchCustomerDetailsBatchDocument, { items }, undefined);
    expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    for (const actor of ["nobody", "viewer"] as const) {
      const refused = await graphql(service.baseUrl, UpdateCustomerDetailsBatchDocument, { items }, scenario.tokens[actor]);
      expect([refused.data, refused.errors?.map((error) => error.extensions?.code)]).toEqual([null, ["FORBIDDEN"]]);
    }
  });

  it("answers each item in order: its details, or the single mutation's error code and the failing input fields", async () => {
    const own = await newCustomer(scenario.users.sales);
    const other = await newCustomer(scenario.users.otherSales);
    const result = await patchBatch(
      [
        { uuid: own, employeeCount: 5, annualRevenue: 1234.5, annualRevenueCurrency: "usd" },
        { uuid: other, employeeCount: 5 },
        { uuid: UNKNOWN, employeeCount: 5 },
        { uuid: own, employeeCount: -1, website: "not a url" },
        { uuid: own, industry: "Late", expectedVersion: 0 },
        { uuid: own, industry: "Now", expectedVersion: 1 },
      ],
      scenario.tokens.sales,
    );
    expect(result.errors).toBeUndefined();
    const results = result.data?.patchCustomerDetailsBatch.results ?? [];
    expect(results.map((item) => [item.customerUuid, item.error?.code ?? null])).toEqual([
      [own, null],
      [other, "FORBIDDEN"],
      [UNKNOWN, "NOT_FOUND"],
      [own, "BAD_USER_INPUT"],
      [own, "PRECONDITION_FAILED"],
      [own, null],
    ]);
    expect(results[0]?.details).toMatchObject({ employeeCount: 5, annualRevenue: 1234.5, annualRevenueCurrency: "USD", version: 1 });
    expect(results[3]?.error).toEqual({
      code: "BAD_USER_INPUT",
      message: "The employee count field must be between 0 and 10000000. (and 1 more error)",
      errors: [
        { field: "employeeCount", messages: ["The employee count field must be between 0 and 10000000."] },
        { field: "website", messages: ["The website field must be a valid URL."] },
      ],
    });
    expect(results[5]?.details).toMatchObject({ industry: "Now", version: 2 });
    expect(results[1]?.details).toBeNull();
    const history = await service.db.prisma.customerDetailsChange.findMany({ where: { customer: { uuid: own } }, orderBy: { id: "asc" } });
    expect(history.map((change) => [change.door, change.method, change.userId])).toEqual([
      ["GRAPHQL", "PATCH", scenario.users.sales],
      ["GRAPHQL", "PATCH", scenario.users.sales],
    ]);
  });

  it("updateCustomerDetailsBatch replaces; allOrNone stores nothing when an item fails (the others FAILED_DEPENDENCY)", async () => {
    const [a, b] = [await newCustomer(), await newCustomer()];
    await patchBatch([{ uuid: a, industry: "Old", employeeCount: 3 }]);
    const failed = await patchBatch([{ uuid: a, employeeCount: 4 }, { uuid: b, isActive: null }], scenario.tokens.manager, true);
    expect(failed.data?.patchCustomerDetailsBatch.results.map((item) => [item.error?.code, item.details])).toEqual([
      ["FAILED_DEPENDENCY", null],
      ["BAD_USER_INPUT", null],
    ]);
    expect((await detailsOf(a)).body).toMatchObject({ employee_count: 3 });
    expect((await detailsOf(b)).status).toBe(404);
    const replaced = await graphql(service.baseUrl, UpdateCustomerDetailsBatchDocument, { items: [{ uuid: a, industry: "New" }, { uuid: b }], allOrNone: true }, scenario.tokens.manager);
    expect(replaced.data?.updateCustomerDetailsBatch.results.map((item) => [item.error, item.details?.industry, item.details?.employeeCount])).toEqual([
      [null, "New", null],
      [null, null, null],
    ]);
  });

  it("bounds the items of an operation (summed over its batch fields, literal or in variables) before anything runs", async () => {
    const uuid = await newCustomer();
    const items = (count: number) => Array.from({ length: count }, (_, index) => ({ uuid, employeeCount: index }));
    const hundred = await patchBatch(items(100));
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data?.patchCustomerDetailsBatch.results[99]?.details?.employeeCount).toBe(99);
    const tooMany = await patchBatch(items(101));
    expect([tooMany.status, tooMany.errors?.map((error) => [error.extensions?.code, error.message])]).toEqual([
      400,
      [["GRAPHQL_VALIDATION_FAILED", "An operation may carry at most 100 batch items; this one carries 101."]],
    ]);
    const split = await graphqlText(
      service.baseUrl,
      `mutation ($a: [CustomerDetailsBatchItem!]!) {
        a: patchCustomerDetailsBatch(items: $a) { results { customerUuid } }
        ...More
      }
      fragment More on Mutation { b: updateCustomerDetailsBatch(items: [{uuid: "${uuid}"}, {uuid: "${uuid}"}]) { results { customerUuid } } }`,
      { a: items(99) },
      scenario.tokens.manager,
    );
    expect([split.status, split.errors?.[0]?.message]).toEqual([400, "An operation may carry at most 100 batch items; this one carries 101."]);
    expect((await detailsOf(uuid)).body).toMatchObject({ employee_count: 99 });
  });

  it("shows each item's change to subscribers as if it had been sent alone", async () => {
    const [a, b] = [await newCustomer(), await newCustomer()];
    const client = wsClient(service.baseUrl, { Authorization: `Bearer ${scenario.tokens.viewer}` });
    try {
      const run = subscribe(client, CustomerDetailsChangedDocument, { uuid: a });
      await eventually(async () => (service.services.history.feed.watching(a) >= 1 ? true : undefined));
      const result = await patchBatch([{ uuid: a, industry: "One" }, { uuid: b, industry: "Elsewhere" }, { uuid: a, industry: "One" }, { uuid: a, employeeCount: 2 }]);
      expect(result.errors).toBeUndefined();
      const received = await run.results.atLeast(2);
      expect(received.map((event) => [event.data?.customerDetailsChanged.door, event.data?.customerDetailsChanged.changes.map((change) => change.field)])).toEqual([
        ["GRAPHQL", expect.arrayContaining(["industry"])],
        ["GRAPHQL", ["employeeCount"]],
      ]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(run.results.received).toHaveLength(2);
      run.stop();
    } finally {
      await client.dispose();
    }
  });
});

import { testDatabaseKinds } from "../support/databases";
import { graphql } from "../support/graphql";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";
import { CustomerDetailsHistoryDocument, PatchCustomerDetailsDocument } from "../../src/client";

interface Entry {
  id: number;
  customer_id: number;
  user_id: number | null;
  door: string;
  method: string;
  created: boolean;
  changes: Record<string, { old: unknown; new: unknown }>;
  created_at: string;
}
interface Page {
  data: Entry[];
  path: string;
  per_page: number;
  next_cursor: string | null;
  next_page_url: string | null;
  prev_cursor: string | null;
  prev_page_url: string | null;
}

const UNKNOWN = "00000000-0000-0000-0000-000000000000";

describe.each(testDatabaseKinds())("change history over REST and GraphQL (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  const historyUrl = (uuid: string, query = "") => `${service.baseUrl}/api/v1/customers/${uuid}/details/history${query}`;
  const detailsUrl = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;

  beforeAll(async () => {
    service = await startService(kind);
    scenario = await seedScenario(service);
    const token = scenario.tokens.manager;
    const uuid = scenario.customers.salesOwned;
    // Seven changes through both doors, one of them a no-op (writes no history).
    expect((await http("PUT", detailsUrl(uuid), { annual_revenue: "1234567.8901", annual_revenue_currency: "usd", employee_count: 10 }, { token })).status).toBe(200);
    expect((await http("PATCH", detailsUrl(uuid), { employee_count: 11 }, { token })).status).toBe(200);
    expect((await http("PATCH", detailsUrl(uuid), { employee_count: 11 }, { token })).status).toBe(200);
    expect((await http("PATCH", detailsUrl(uuid), { annual_revenue: 0.1, industry: "Tech" }, { token: scenario.tokens.sales })).status).toBe(200);
    for (const employeeCount of [12, 13, 14]) {
      const result = await graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid, input: { employeeCount } }, token);
      expect(result.errors).toBeUndefined();
    }
    expect((await http("PATCH", detailsUrl(uuid), { is_active: false, website: "example.com" }, { token })).status).toBe(200);
    expect((await http("PATCH", detailsUrl(scenario.customers.otherOwned), { industry: "Other" }, { token })).status).toBe(200);
  });
  afterAll(() => service?.stop());

  it("lists the changes newest first in Laravel's cursor-paginator shape, money as exact strings", async () => {
    const response = await http<Page>("GET", historyUrl(scenario.customers.salesOwned), undefined, { token: scenario.tokens.manager });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(["data", "path", "per_page", "next_cursor", "next_page_url", "prev_cursor", "prev_page_url"]);
    const page = response.body;
    expect(page.path).toBe(historyUrl(scenario.customers.salesOwned));
    expect(page.per_page).toBe(15);
    expect([page.next_cursor, page.next_page_url, page.prev_cursor, page.prev_page_url]).toEqual([null, null, null, null]);
    expect(page.data).toHaveLength(7);
    const ids = page.data.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    for (const entry of page.data) {
      expect(Object.keys(entry)).toEqual(["id", "customer_id", "user_id", "door", "method", "created", "changes", "created_at"]);
      expect(entry.customer_id).toBe(scenario.customerIds.salesOwned);
      expect(entry.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    const [latest, , , , byOwner, , first] = page.data as Entry[];
    expect(latest).toMatchObject({
      user_id: scenario.users.manager, door: "REST", method: "PATCH", created: false,
      changes: { website: { old: null, new: "https://example.com" }, is_active: { old: true, new: false } },
    });
    expect(page.data.slice(1, 4).map((entry) => [entry.door, entry.changes])).toEqual([
      ["GRAPHQL", { employee_count: { old: 13, new: 14 } }],
      ["GRAPHQL", { employee_count: { old: 12, new: 13 } }],
      ["GRAPHQL", { employee_count: { old: 11, new: 12 } }],
    ]);
    expect(byOwner).toMatchObject({
      user_id: scenario.users.sales,
      changes: { annual_revenue: { old: "1234567.8901", new: "0.1" }, industry: { old: null, new: "Tech" } },
    });
    expect(first).toMatchObject({
      method: "PUT",
      created: true,
      changes: {
        annual_revenue: { old: null, new: "1234567.8901" },
        annual_revenue_currency: { old: null, new: "USD" },
        employee_count: { old: null, new: 10 },
      },
    });
  });

  it("pages forward and back with cursors, keeping per_page in the page URLs", async () => {
    const token = scenario.tokens.viewer;
    const get = async (url: string) => {
      const response = await http<Page>("GET", url, undefined, { token });
      expect(response.status).toBe(200);
      return response.body;
    };
    const all = (await get(historyUrl(scenario.customers.salesOwned))).data.map((entry) => entry.id);
    const page1 = await get(historyUrl(scenario.customers.salesOwned, "?per_page=3"));
    expect(page1.data.map((entry) => entry.id)).toEqual(all.slice(0, 3));
    expect(page1.prev_cursor).toBeNull();
    expect(page1.next_page_url).toBe(`${historyUrl(scenario.customers.salesOwned)}?per_page=3&cursor=${page1.next_cursor}`);
    const page2 = await get(page1.next_page_url as string);
    expect(page2.data.map((entry) => entry.id)).toEqual(all.slice(3, 6));
    const page3 = await get(page2.next_page_url as string);
    expect(page3.data.map((entry) => entry.id)).toEqual(all.slice(6));
    expect(page3.next_cursor).toBeNull();
    expect(page3.next_page_url).toBeNull();
    const back2 = await get(page3.prev_page_url as string);
    expect(back2.data.map((entry) => entry.id)).toEqual(all.slice(3, 6));
    const back1 = await get(back2.prev_page_url as string);
    expect(back1.data.map((entry) => entry.id)).toEqual(all.slice(0, 3));
    expect(back1.prev_cursor).toBeNull();
    expect(back1.next_cursor).not.toBeNull();
  });

  it("answers 422 for per_page outside 1..100 and for forged, edited or foreign cursors", async () => {
    const token = scenario.tokens.manager;
    const uuid = scenario.customers.salesOwned;
    for (const [value, message] of [
      ["0", "The per page field must be between 1 and 100."],
      ["101", "The per page field must be between 1 and 100."],
      ["-1", "The per page field must be between 1 and 100."],
      ["abc", "The per page field must be an integer."],
      ["1.5", "The per page field must be an integer."],
    ]) {
      const response = await http("GET", historyUrl(uuid, `?per_page=${value}`), undefined, { token });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({ message, errors: { per_page: [message] } });
    }
    expect((await http("GET", historyUrl(uuid, "?per_page=100"), undefined, { token })).status).toBe(200);
    expect((await http("GET", historyUrl(uuid, "?per_page=1"), undefined, { token })).status).toBe(200);

    const page = (await http<Page>("GET", historyUrl(uuid, "?per_page=2"), undefined, { token })).body;
    const cursor = page.next_cursor as string;
    const [body = "", signature = ""] = cursor.split(".");
    const decoded = JSON.parse(Buffer.from(body, "base64url").toString()) as { id: string };
    const edited = `${Buffer.from(JSON.stringify({ ...decoded, id: "1" })).toString("base64url")}.${signature}`;
    const flipped = `${body}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    const laravelStyle = Buffer.from(JSON.stringify({ id: 1, _pointsToNextItems: true })).toString("base64");
    const foreign = (await http<Page>("GET", historyUrl(scenario.customers.otherOwned, "?per_page=1"), undefined, { token })).body;
    expect(foreign.data).toHaveLength(1);
    const otherCursor = (await http<Page>("GET", historyUrl(scenario.customers.salesOwned, "?per_page=1"), undefined, { token })).body.next_cursor as string;
    for (const bad of [edited, flipped, laravelStyle, "x", otherCursor.replace(/.$/, "")]) {
      const response = await http("GET", historyUrl(uuid, `?cursor=${encodeURIComponent(bad)}`), undefined, { token });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({ message: "The selected cursor is invalid.", errors: { cursor: ["The selected cursor is invalid."] } });
    }
    // A cursor of one customer is refused for another.
    const replayed = await http("GET", historyUrl(scenario.customers.otherOwned, `?cursor=${otherCursor}`), undefined, { token });
    expect(replayed.status).toBe(422);
    // Both problems at once.
    const both = await http("GET", historyUrl(uuid, "?per_page=0&cursor=x"), undefined, { token });
    expect(both.body).toEqual({
      message: "The per page field must be between 1 and 100. (and 1 more error)",
      errors: { per_page: ["The per page field must be between 1 and 100."], cursor: ["The selected cursor is invalid."] },
    });
  });

  it("checks in the contract's order: 401, 403 without a read permission, 404, 403 not own, then 422", async () => {
    const own = scenario.customers.salesOwned;
    const bad = "?per_page=0";
    const expectAnswer = async (uuid: string, token: string | undefined, status: number, body: unknown) => {
      const response = await http("GET", historyUrl(uuid, bad), undefined, token ? { token } : {});
      expect({ uuid, status: response.status, body: response.body }).toEqual({ uuid, status, body });
    };
    await expectAnswer(own, undefined, 401, { message: "Unauthenticated." });
    await expectAnswer(own, scenario.tokens.disabled, 401, { message: "Unauthenticated." });
    for (const uuid of [own, UNKNOWN, "not-a-uuid"]) await expectAnswer(uuid, scenario.tokens.nobody, 403, { message: "Forbidden" });
    for (const uuid of [UNKNOWN, "not-a-uuid"]) await expectAnswer(uuid, scenario.tokens.sales, 404, { message: "Customer not found" });
    await expectAnswer(scenario.customers.otherOwned, scenario.tokens.sales, 403, { message: "Forbidden" });
    expect((await http("GET", historyUrl(own, bad), undefined, { token: scenario.tokens.sales })).status).toBe(422);
    expect((await http("GET", historyUrl(own), undefined, { token: scenario.tokens.sales })).status).toBe(200);
    expect((await http("GET", historyUrl(scenario.customers.otherOwned), undefined, { token: scenario.tokens.viewer })).status).toBe(200);
    const unowned = await http<Page>("GET", historyUrl(scenario.customers.unowned), undefined, { token: scenario.tokens.viewer });
    expect(unowned.status).toBe(200);
    expect(unowned.body.data).toEqual([]);
    const post = await http("POST", historyUrl(own), {}, { token: scenario.tokens.manager });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("serves the same history as a Relay connection over GraphQL", async () => {
    const uuid = scenario.customers.salesOwned;
    const token = scenario.tokens.viewer;
    const rest = (await http<Page>("GET", historyUrl(uuid), undefined, { token })).body.data;
    const first = await graphql(service.baseUrl, CustomerDetailsHistoryDocument, { uuid, first: 4 }, token);
    expect(first.errors).toBeUndefined();
    const connection = first.data?.customerDetailsHistory;
    expect(connection?.edges.map((edge) => Number(edge.node.id))).toEqual(rest.slice(0, 4).map((entry) => entry.id));
    expect(connection?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: connection?.edges[3]?.cursor });
    expect(connection?.edges[0]?.node).toMatchObject({
      customerUuid: uuid,
      customerId: scenario.customerIds.salesOwned,
      userId: scenario.users.manager,
      door: "REST",
      method: "PATCH",
      created: false,
      changes: [
        { field: "website", old: null, new: "https://example.com" },
        { field: "isActive", old: "true", new: "false" },
      ],
    });
    const second = await graphql(service.baseUrl, CustomerDetailsHistoryDocument, { uuid, first: 4, after: connection?.pageInfo.endCursor }, token);
    const rest2 = second.data?.customerDetailsHistory;
    expect(rest2?.edges.map((edge) => Number(edge.node.id))).toEqual(rest.slice(4).map((entry) => entry.id));
    expect(rest2?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const created = rest2?.edges[rest2.edges.length - 1]?.node;
    expect(created?.changes).toContainEqual({ field: "annualRevenue", old: null, new: "1234567.8901" });
    // Resuming from an edge's cursor continues after that edge.
    const fromEdge = await graphql(service.baseUrl, CustomerDetailsHistoryDocument, { uuid, first: 1, after: connection?.edges[0]?.cursor }, token);
    expect(fromEdge.data?.customerDetailsHistory.edges.map((edge) => Number(edge.node.id))).toEqual([rest[1]?.id]);
  });

  it("refuses over GraphQL as over REST: codes, field errors and the order of checks", async () => {
    const uuid = scenario.customers.salesOwned;
    const run = (token: string | undefined, variables: { uuid: string; first?: number; after?: string }) =>
      graphql(service.baseUrl, CustomerDetailsHistoryDocument, variables, token);
    const codeOf = async (token: string | undefined, variables: { uuid: string; first?: number; after?: string }) =>
      (await run(token, variables)).errors?.map((error) => error.extensions?.code);
    expect(await codeOf(undefined, { uuid })).toEqual(["UNAUTHENTICATED"]);
    expect(await codeOf(scenario.tokens.nobody, { uuid: UNKNOWN })).toEqual(["FORBIDDEN"]);
    expect(await codeOf(scenario.tokens.sales, { uuid: UNKNOWN })).toEqual(["NOT_FOUND"]);
    expect(await codeOf(scenario.tokens.sales, { uuid: scenario.customers.otherOwned, first: 0 })).toEqual(["FORBIDDEN"]);
    const tooMany = await run(scenario.tokens.sales, { uuid, first: 101 });
    expect(tooMany.errors?.[0]).toMatchObject({
      message: "The first field must be between 1 and 100.",
      extensions: { code: "BAD_USER_INPUT", errors: { first: ["The first field must be between 1 and 100."] } },
    });
    const forged = await run(scenario.tokens.sales, { uuid, after: "eyJjIjoxLCJpZCI6IjEiLCJuIjp0cnVlfQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    expect(forged.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", errors: { after: ["The selected after is invalid."] } } });
  });
});

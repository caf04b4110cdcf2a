import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { Client } from "graphql-ws";
import { testDatabaseKinds } from "../support/databases";
import { eventually } from "../support/eventually";
import { graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";
import { subscribe, wsClient } from "../support/subscription-client";
import { CustomerDetailsChangedDocument } from "../graphql/generated/operations";

/**
 * docs/behaviour.md section 14 with each instance's own memory (no REDIS_URL): budgets per user and per client address on
 * both doors, GraphQL priced per root field, the RateLimit header fields on every counted answer, 429 with Retry-After
 * and nothing executed, what is never counted, the bound on open subscriptions, and RATE_LIMIT=false.
 * (tests/e2e/budgets-redis.test.ts: the same budgets shared through Redis, and Redis going away.)
 */

const USER_QUOTA = 6;
const ADDRESS_QUOTA = 3;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * A request sent from a given loopback address (all of 127.0.0.0/8 is this machine): each test spends the budget of
 * an address of its own.
 */
function fromAddress(localAddress: string, method: string, url: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, localAddress, headers: options.headers ?? {} }, (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

/** `RateLimit: "<name>";r=<remaining>;t=<seconds>` → its parts. */
function parseRateLimit(value: string | null | undefined): { name: string; remaining: number; reset: number } {
  const match = /^"([a-z]+)";r=(\d+);t=(\d+)$/.exec(value ?? "");
  if (!match) throw new Error(`Not a RateLimit field: ${String(value)}`);
  return { name: match[1] ?? "", remaining: Number(match[2]), reset: Number(match[3]) };
}

describe.each(testDatabaseKinds())("budgets in each instance's memory (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  const clients: Client[] = [];
  const detailsUrl = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;
  const stored = async () => ({
    details: await service.db.prisma.customerDetails.findMany({ orderBy: { id: "asc" } }),
    changes: await service.db.prisma.customerDetailsChange.count(),
  });

  beforeAll(async () => {
    service = await startService(kind, {
      env: {
        RATE_LIMIT_PER_MINUTE: String(USER_QUOTA),
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(ADDRESS_QUOTA),
        SUBSCRIPTIONS_PER_USER: "2",
        PLAYGROUND: "true",
        CORS_ORIGINS: "https://app.example.com",
      },
    });
    scenario = await seedScenario(service);
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await service?.stop();
  });

  it("counts a user's REST requests, says what is left on every answer (4xx too), then answers 429 with Retry-After and does nothing", async () => {
    const token = scenario.tokens.manager;
    const url = detailsUrl(scenario.customers.unowned);
    const remaining: number[] = [];
    for (let i = 0; i < USER_QUOTA - 1; i += 1) {
      // A mix of answers: 200s, a 422 and a 404 all count.
      const body = i === 1 ? { employee_count: "many" } : { employee_count: i + 1 };
      const response = await http("PATCH", i === 2 ? detailsUrl("00000000-0000-4000-8000-000000000000") : url, body, { token });
      expect([200, 404, 422]).toContain(response.status);
      expect(response.headers.get("ratelimit-policy")).toBe(`"user";q=${USER_QUOTA};w=60`);
      const field = parseRateLimit(response.headers.get("ratelimit"));
      expect(field.name).toBe("user");
      expect(field.reset).toBeGreaterThan(0);
      expect(field.reset).toBeLessThanOrEqual(60);
      expect(response.headers.get("retry-after")).toBeNull();
      remaining.push(field.remaining);
    }
    expect(remaining).toEqual([5, 4, 3, 2, 1]);
    const last = await http("GET", url, undefined, { token });
    expect(last.status).toBe(200);
    expect(parseRateLimit(last.headers.get("ratelimit")).remaining).toBe(0);

    const before = await stored();
    const refused = await http("PATCH", url, { employee_count: 999 }, { token });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ message: "Too Many Requests" });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get("ratelimit-policy")).toBe(`"user";q=${USER_QUOTA};w=60`);
    expect(parseRateLimit(refused.headers.get("ratelimit"))).toEqual({ name: "user", remaining: 0, reset: retryAfter });
    expect(await stored()).toEqual(before);

    // Another user's budget is untouched.
    const other = await http("GET", detailsUrl(scenario.customers.salesOwned), undefined, { token: scenario.tokens.sales });
    expect(other.status).toBe(404); // no details yet
    expect(parseRateLimit(other.headers.get("ratelimit")).remaining).toBe(USER_QUOTA - 1);
  });

  it("answers 429 instead of what section 2 would have answered once the budget is spent", async () => {
    const url = detailsUrl(scenario.customers.unowned);
    for (let i = 0; i < USER_QUOTA; i += 1) {
      expect((await http("PATCH", url, { industry: "x" }, { token: scenario.tokens.nobody })).status).toBe(403);
    }
    const refused = await http("PATCH", url, { industry: "x" }, { token: scenario.tokens.nobody });
    expect(refused.status).toBe(429);
    // A body that is not even JSON: 429 as well, not 400.
    const malformed = await http("PATCH", url, undefined, { token: scenario.tokens.nobody, raw: "{not json", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(429);
    expect(malformed.body).toEqual({ message: "Too Many Requests" });
  });

  it("counts requests without a valid token against their client address, each address apart", async () => {
    const url = detailsUrl(scenario.customers.unowned);
    const answers: Answer[] = [];
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer not-a-token" }, { authorization: `Bearer ${scenario.tokens.disabled}` }];
    for (const headers of attempts) answers.push(await fromAddress("127.0.0.2", "GET", url, { headers }));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect(answers.map((answer) => answer.headers["ratelimit-policy"])).toEqual(Array(3).fill(`"address";q=${ADDRESS_QUOTA};w=60`));
    expect(answers.map((answer) => parseRateLimit(String(answer.headers.ratelimit)).remaining)).toEqual([2, 1, 0]);

    const refused = await fromAddress("127.0.0.2", "GET", url, { headers: { origin: "https://app.example.com" } });
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toEqual({ message: "Too Many Requests" });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // A page on a listed origin can read why (docs/behaviour.md section 13).
    expect(refused.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(String(refused.headers["access-control-expose-headers"]).toLowerCase()).toEqual(expect.stringContaining("ratelimit"));

    // Another address has its own budget; a valid token from the spent address spends its user's.
    const elsewhere = await fromAddress("127.0.0.3", "GET", url);
    expect(elsewhere.status).toBe(401);
    expect(parseRateLimit(String(elsewhere.headers.ratelimit)).remaining).toBe(ADDRESS_QUOTA - 1);
    const user = await fromAddress("127.0.0.2", "GET", detailsUrl(scenario.customers.salesOwned), { headers: { authorization: `Bearer ${scenario.tokens.otherSales}` } });
    expect(user.status).toBe(403);
    expect(user.headers["ratelimit-policy"]).toBe(`"user";q=${USER_QUOTA};w=60`);
  });

  it("never counts health, readiness, metrics, docs, the OpenAPI document, the playground or preflights", async () => {
    const address = "127.0.0.4";
    for (let i = 0; i <= ADDRESS_QUOTA; i += 1) await fromAddress(address, "GET", detailsUrl(scenario.customers.unowned));
    expect((await fromAddress(address, "GET", detailsUrl(scenario.customers.unowned))).status).toBe(429);

    const free: [string, string, Record<string, string>?][] = [
      ["GET", "/healthz"],
      ["GET", "/readyz"],
      ["GET", "/metrics"],
      ["GET", "/openapi.json"],
      ["GET", "/docs/"],
      ["GET", "/graphql", { accept: "text/html" }],
      ["GET", "/playground/assets/graphiql.min.js"],
      ["OPTIONS", "/graphql", { origin: "https://app.example.com", "access-control-request-method": "POST" }],
      ["OPTIONS", `/api/v1/customers/${scenario.customers.unowned}/details`, { origin: "https://app.example.com", "access-control-request-method": "PATCH" }],
    ];
    for (const [method, path, headers] of free) {
      const answer = await fromAddress(address, method, `${service.baseUrl}${path}`, { headers: headers ?? {} });
      expect({ path, method, status: answer.status === 429 ? 429 : "not 429", counted: answer.headers.ratelimit ?? null }).toEqual({ path, method, status: "not 429", counted: null });
      if (method === "OPTIONS") expect(answer.status).toBe(204);
    }
  });

  it("prices a GraphQL operation per root field, with the header fields, and runs nothing over the budget", async () => {
    const token = scenario.tokens.dollarUser;
    const uuid = scenario.customers.unowned;
    const reads = (count: number) => `query { ${Array.from({ length: count }, (_, i) => `r${i}: customerDetails(uuid: "${uuid}") { industry }`).join(" ")} }`;
    const call = (query: string) => http<{ data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }>("POST", `${service.baseUrl}/graphql`, { query }, { token });

    const three = await call(reads(3));
    expect(three.status).toBe(200);
    expect(three.headers.get("ratelimit-policy")).toBe(`"user";q=${USER_QUOTA};w=60`);
    expect(parseRateLimit(three.headers.get("ratelimit")).remaining).toBe(USER_QUOTA - 3);
    // A fragment and __typename add nothing; fields merged under one key run once.
    const fragment = await call(`query { ...F r0: customerDetails(uuid: "${uuid}") { industry } __typename } fragment F on Query { r0: customerDetails(uuid: "${uuid}") { industry } }`);
    expect(fragment.status).toBe(200);
    expect(parseRateLimit(fragment.headers.get("ratelimit")).remaining).toBe(USER_QUOTA - 4);
    // A syntax error costs 1 too (it is answered before its operation is known).
    const broken = await call("query { r0: ");
    expect(broken.status).toBe(400);
    expect(parseRateLimit(broken.headers.get("ratelimit")).remaining).toBe(USER_QUOTA - 5);

    // Two root fields with one unit left: refused whole, neither runs.
    const before = await stored();
    const patches = `mutation { a: patchCustomerDetails(uuid: "${uuid}", input: {industry: "A"}) { industry } b: patchCustomerDetails(uuid: "${uuid}", input: {industry: "B"}) { industry } }`;
    const refused = await call(patches);
    expect(refused.status).toBe(429);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors).toEqual([{ message: "Too Many Requests", extensions: { code: "RATE_LIMITED" } }]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(parseRateLimit(refused.headers.get("ratelimit")).remaining).toBe(0);
    expect(await stored()).toEqual(before);

    // Spent: even a validation error is now a 429.
    const invalid = await call("query { noSuchField }");
    expect(invalid.status).toBe(429);
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(invalid.headers.get("retry-after")).not.toBeNull();
  });

  it("costs a batch one unit per item, over REST and GraphQL, and refuses a batch the budget cannot cover whole", async () => {
    const token = scenario.tokens.dinarUser;
    const uuid = scenario.customers.unowned;
    const rest = await http("PATCH", `${service.baseUrl}/api/v1/customers/details`, { items: [1, 2, 3, 4].map((n) => ({ uuid, employee_count: n })) }, { token });
    expect(rest.status).toBe(200);
    expect(parseRateLimit(rest.headers.get("ratelimit")).remaining).toBe(USER_QUOTA - 4);

    const before = await stored();
    const mutation = "mutation ($items: [CustomerDetailsBatchItem!]!) { patchCustomerDetailsBatch(items: $items) { results { customerUuid } } }";
    const graphql = await http<{ errors?: { extensions?: { code?: string } }[] }>("POST", `${service.baseUrl}/graphql`, { query: mutation, variables: { items: [5, 6, 7].map((n) => ({ uuid, employeeCount: n })) } }, { token });
    expect(graphql.status).toBe(429);
    expect(graphql.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(await stored()).toEqual(before);
    const tooMany = await http("PATCH", `${service.baseUrl}/api/v1/customers/details`, { items: [8, 9, 10].map((n) => ({ uuid, employee_count: n })) }, { token });
    expect(tooMany.status).toBe(429);
    expect(await stored()).toEqual(before);
  });

  it("bounds a user's open subscriptions: the extra subscribe gets a RATE_LIMITED error, the others go on", async () => {
    const customer = scenario.customers.salesOwned;
    const client = wsClient(service.baseUrl, { Authorization: `Bearer ${scenario.tokens.yenUser}` });
    clients.push(client);
    const first = subscribe(client, CustomerDetailsChangedDocument, { uuid: customer });
    const second = subscribe(client, CustomerDetailsChangedDocument, { uuid: customer });
    const watched = (count: number) => eventually(async () => (service.services.history.feed.watching(customer) >= count ? true : undefined));
    await watched(2);
    const third = subscribe(client, CustomerDetailsChangedDocument, { uuid: customer });
    await expect(third.ended).rejects.toEqual([{ message: "Too many open subscriptions: at most 2 per user.", extensions: { code: "RATE_LIMITED" } }]);

    // The first two still deliver; the refusal did not close the connection.
    expect((await http("PATCH", detailsUrl(customer), { industry: "Live" }, { token: scenario.tokens.sales })).status).toBe(200);
    expect((await first.results.atLeast(1))[0]?.errors).toBeUndefined();
    expect((await second.results.atLeast(1))[0]?.errors).toBeUndefined();

    // Ending one frees its slot.
    first.stop();
    await eventually(async () => (service.services.history.feed.watching(customer) === 1 ? true : undefined));
    const fourth = subscribe(client, CustomerDetailsChangedDocument, { uuid: customer });
    await watched(2);
    expect((await http("PATCH", detailsUrl(customer), { industry: "Again" }, { token: scenario.tokens.sales })).status).toBe(200);
    expect((await fourth.results.atLeast(1))[0]?.errors).toBeUndefined();
  });
});

describe.each(testDatabaseKinds())("RATE_LIMIT=false (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;

  beforeAll(async () => {
    service = await startService(kind, { env: { RATE_LIMIT: "false", RATE_LIMIT_PER_MINUTE: "1", RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1" } });
    scenario = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  it("counts nothing and sends no RateLimit fields", async () => {
    for (let i = 0; i < 3; i += 1) {
      const rest = await http("GET", `${service.baseUrl}/api/v1/customers/${scenario.customers.salesOwned}/details`, undefined, { token: scenario.tokens.sales });
      const anonymous = await http("GET", `${service.baseUrl}/api/v1/customers/${scenario.customers.salesOwned}/details`);
      const graphql = await graphqlText(service.baseUrl, `{ a: customerDetails(uuid: "${scenario.customers.salesOwned}") { industry } }`, {}, scenario.tokens.sales);
      expect([rest.status, anonymous.status, graphql.status]).toEqual([404, 401, 200]);
      expect([rest.headers.get("ratelimit"), anonymous.headers.get("ratelimit-policy")]).toEqual([null, null]);
    }
  });
});

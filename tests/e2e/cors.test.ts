import WebSocket from "ws";
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS } from "../../src/browser/cors";
import { testDatabaseKinds } from "../support/databases";
import { http, type HttpResult } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

const APP = "http://app.test.local:8080";
const SECOND = "https://second.test.local";
const STRANGER = "http://evil.test.local";

/** The CORS headers of an answer, as a browser reads them. */
function corsOf(result: HttpResult<unknown>) {
  const list = (name: string) => (result.headers.get(name) ?? "").split(",").map((item) => item.trim().toLowerCase()).filter(Boolean).sort();
  return {
    allowOrigin: result.headers.get("access-control-allow-origin"),
    allowMethods: list("access-control-allow-methods"),
    allowHeaders: list("access-control-allow-headers"),
    exposeHeaders: list("access-control-expose-headers"),
    maxAge: result.headers.get("access-control-max-age"),
    credentials: result.headers.get("access-control-allow-credentials"),
    vary: list("vary"),
  };
}

const lower = (names: string[]) => names.map((name) => name.toLowerCase()).sort();

function preflight(url: string, origin: string, method: string, headers = "authorization,content-type") {
  return http("OPTIONS", url, undefined, { headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers } });
}

/** Opens a WebSocket to /graphql with this Origin (or none): "open", or the HTTP status the upgrade was refused with. */
function upgrade(baseUrl: string, origin: string | undefined): Promise<"open" | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws", origin === undefined ? {} : { origin });
    socket.on("open", () => {
      socket.close();
      resolve("open");
    });
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("error", reject);
  });
}

describe.each(testDatabaseKinds())("browser clients: CORS and WebSocket origins (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  const details = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;

  beforeAll(async () => {
    service = await startService(kind, { env: { CORS_ORIGINS: `${APP}, ${SECOND}` } });
    scenario = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  it("answers a listed origin's preflight for POST /graphql with 204, its origin, the allowed headers and a max-age, never credentials", async () => {
    const answer = await preflight(`${service.baseUrl}/graphql`, APP, "POST", "authorization,content-type,apollo-require-preflight");
    expect(answer.status).toBe(204);
    expect(corsOf(answer)).toEqual({
      allowOrigin: APP,
      allowMethods: expect.arrayContaining(["post"]) as unknown,
      allowHeaders: lower(CORS_ALLOWED_HEADERS),
      exposeHeaders: lower(CORS_EXPOSED_HEADERS),
      maxAge: String(CORS_MAX_AGE_SECONDS),
      credentials: null,
      vary: expect.arrayContaining(["origin"]) as unknown,
    });
    expect(lower(CORS_ALLOWED_HEADERS)).toEqual(["apollo-require-preflight", "authorization", "content-type", "if-match", "x-request-id"]);
    expect(lower(CORS_EXPOSED_HEADERS)).toEqual(["etag", "ratelimit", "ratelimit-policy", "retry-after", "x-request-id"]);
  });

  it("answers a preflight for each REST route with that route's methods (not the ones it only refuses with 405)", async () => {
    const patch = await preflight(details(scenario.customers.unowned), SECOND, "PATCH", "authorization,content-type,if-match");
    expect([patch.status, corsOf(patch).allowOrigin, corsOf(patch).allowMethods]).toEqual([204, SECOND, ["get", "head", "patch", "put"]]);
    const history = await preflight(`${details(scenario.customers.unowned)}/history?per_page=2`, APP, "GET", "authorization");
    expect([history.status, corsOf(history).allowMethods]).toEqual([204, ["get", "head"]]);
  });

  it("gives no CORS headers to an origin that is not listed, and leaves its preflights to the routes (CSRF prevention, 404)", async () => {
    const graphql = await preflight(`${service.baseUrl}/graphql`, STRANGER, "POST");
    expect(corsOf(graphql).allowOrigin).toBeNull();
    expect(graphql.status).not.toBe(204);
    const rest = await preflight(details(scenario.customers.unowned), STRANGER, "PATCH");
    expect([rest.status, corsOf(rest).allowOrigin, corsOf(rest).allowMethods]).toEqual([404, null, []]);
    const real = await http("GET", details(scenario.customers.unowned), undefined, { token: scenario.tokens.manager, headers: { origin: STRANGER } });
    expect([corsOf(real).allowOrigin, corsOf(real).exposeHeaders, corsOf(real).vary]).toEqual([null, [], ["origin"]]);
    // An origin differing only in scheme or port is another origin.
    const near = await preflight(details(scenario.customers.unowned), "https://app.test.local:8080", "PATCH");
    expect([near.status, corsOf(near).allowOrigin]).toEqual([404, null]);
  });

  it("answers a preflight for a path no route serves with 404 and no CORS headers", async () => {
    const answer = await preflight(`${service.baseUrl}/api/v1/nothing/here`, APP, "GET");
    expect([answer.status, corsOf(answer).allowOrigin]).toEqual([404, null]);
  });

  it("puts the listed origin and the exposed headers on real answers: a PATCH with its ETag, GraphQL, and every error", async () => {
    const headers = { origin: APP, "content-type": "application/json" };
    const patched = await http("PATCH", details(scenario.customers.unowned), { employee_count: 7 }, { token: scenario.tokens.manager, headers });
    expect(patched.status).toBe(200);
    expect(patched.headers.get("etag")).toMatch(/^"/);
    const graphql = await http("POST", `${service.baseUrl}/graphql`, { query: "{ __typename }" }, { headers });
    const answers: [string, HttpResult<unknown>][] = [
      ["200 PATCH", patched],
      ["200 GraphQL", graphql],
      ["401", await http("PATCH", details(scenario.customers.unowned), {}, { headers })],
      ["403", await http("PATCH", details(scenario.customers.unowned), {}, { token: scenario.tokens.nobody, headers })],
      ["404", await http("GET", `${service.baseUrl}/no/such/route`, undefined, { headers })],
      ["405", await http("DELETE", details(scenario.customers.unowned), undefined, { token: scenario.tokens.manager, headers })],
      ["412", await http("PATCH", details(scenario.customers.unowned), {}, { token: scenario.tokens.manager, headers: { ...headers, "if-match": '"nope"' } })],
      ["422", await http("PATCH", details(scenario.customers.unowned), { employee_count: "many" }, { token: scenario.tokens.manager, headers })],
      ["400 GraphQL", await http("POST", `${service.baseUrl}/graphql`, { query: "{" }, { headers })],
      ["400 malformed", await http("PATCH", details(scenario.customers.unowned), undefined, { token: scenario.tokens.manager, headers, raw: "{" })],
    ];
    expect(answers.map(([name, answer]) => [name, answer.status, corsOf(answer).allowOrigin, corsOf(answer).exposeHeaders, corsOf(answer).credentials])).toEqual(
      answers.map(([name]) => [name, Number(name.slice(0, 3)), APP, lower(CORS_EXPOSED_HEADERS), null]),
    );
    for (const [, answer] of answers) expect(corsOf(answer).vary).toContain("origin");
  });

  it("keeps Apollo's CSRF prevention: a simple cross-origin POST (text/plain) is refused before it runs", async () => {
    const answer = await http("POST", `${service.baseUrl}/graphql`, undefined, {
      headers: { origin: APP, "content-type": "text/plain" },
      raw: JSON.stringify({ query: "mutation { __typename }" }),
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/Cross-Site Request Forgery/);
    expect(corsOf(answer).allowOrigin).toBe(APP);
  });

  it("refuses a WebSocket upgrade from an unlisted origin with 403, and lets in no origin, a listed one and the service's own", async () => {
    expect(await upgrade(service.baseUrl, STRANGER)).toBe(403);
    expect(await upgrade(service.baseUrl, "null")).toBe(403);
    expect(await upgrade(service.baseUrl, undefined)).toBe("open");
    expect(await upgrade(service.baseUrl, APP)).toBe("open");
    expect(await upgrade(service.baseUrl, service.baseUrl)).toBe("open");
  });
});

describe("browser clients by default (no CORS_ORIGINS)", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(testDatabaseKinds()[0] ?? "server");
  });
  afterAll(() => service?.stop());

  it("allows no cross-origin access: no CORS headers, and WebSocket upgrades only from the service's own pages or no page", async () => {
    const answer = await preflight(`${service.baseUrl}/graphql`, APP, "POST");
    expect(corsOf(answer).allowOrigin).toBeNull();
    const real = await http("POST", `${service.baseUrl}/graphql`, { query: "{ __typename }" }, { headers: { origin: APP } });
    expect([real.status, corsOf(real).allowOrigin]).toEqual([200, null]);
    expect(await upgrade(service.baseUrl, APP)).toBe(403);
    expect(await upgrade(service.baseUrl, service.baseUrl)).toBe("open");
  });
});

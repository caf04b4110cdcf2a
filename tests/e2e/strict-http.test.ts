import jwt from "jsonwebtoken";
import { testDatabaseKinds } from "../support/databases";
import { graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { rawRequest } from "../support/raw-socket";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, TEST_JWT_SECRET, type RunningService } from "../support/service";

/**
 * docs/behaviour.md section 9, strict bodies and headers: a REST body that is not UTF-8 → 400 and one declared in another
 * charset → 415, nothing stored; several Authorization headers → 400 {"message": "Bad Request"} on REST and GraphQL;
 * CONNECT and methods Node cannot parse are answered with JSON, not dropped.
 */
describe.each(testDatabaseKinds())("strict bodies and headers (%s database)", (kind) => {
  let service: RunningService;
  let seeded: Scenario;
  let path: string;

  beforeAll(async () => {
    service = await startService(kind);
    seeded = await seedScenario(service);
    path = `/api/v1/customers/${seeded.customers.unowned}/details`;
    expect((await http("PUT", `${service.baseUrl}${path}`, { industry: "Before" }, { token: seeded.tokens.manager })).status).toBe(200);
  });
  afterAll(() => service?.stop());

  const snapshot = async () => ({
    details: await service.db.prisma.customerDetails.findMany({ orderBy: { id: "asc" } }),
    changes: await service.db.prisma.customerDetailsChange.count(),
  });
  const send = async (body: Uint8Array | string, contentType: string) => {
    const response = await fetch(`${service.baseUrl}${path}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${seeded.tokens.manager}`, "content-type": contentType },
      body,
    });
    return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as Record<string, unknown> };
  };

  it("refuses bytes that are not UTF-8 with 400, storing nothing (not even U+FFFD)", async () => {
    const before = await snapshot();
    const bodies = [
      Buffer.concat([Buffer.from('{"industry": "Caf'), Buffer.from([0xe9]), Buffer.from('"}')]),
      Buffer.concat([Buffer.from('{"industry": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
      Buffer.concat([Buffer.from('{"industry": "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
      Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
    ];
    for (const body of bodies) {
      expect(await send(body, "application/json")).toEqual({
        status: 400,
        type: "application/json; charset=utf-8",
        body: { message: "The body is not valid UTF-8." },
      });
    }
    expect(await snapshot()).toEqual(before);
    // The same text in proper UTF-8 is stored as sent.
    const good = await send(Buffer.from('{"industry": "Café"}', "utf8"), "application/json");
    expect(good).toMatchObject({ status: 200, body: { industry: "Café" } });
  });

  it("refuses a body declared in another charset with 415, accepting utf-8 however it is spelt", async () => {
    const before = await snapshot();
    for (const type of ["application/json; charset=iso-8859-1", "application/json;charset=utf-16", 'application/json; charset="latin1"', "application/json; charset="]) {
      expect([type, await send('{"industry": "Other"}', type)]).toEqual([
        type,
        { status: 415, type: "application/json; charset=utf-8", body: { message: "Unsupported Media Type: the body must be UTF-8 encoded." } },
      ]);
    }
    expect(await snapshot()).toEqual(before);
    for (const [type, industry] of [["application/json; charset=utf-8", "A"], ["application/json; charset=UTF-8", "B"], ['application/json;charset="utf8"', "C"]] as const) {
      expect(await send(JSON.stringify({ industry }), type)).toMatchObject({ status: 200, body: { industry } });
    }
  });

  it("answers several Authorization headers with 400 Bad Request, whichever comes first, on REST and GraphQL", async () => {
    const before = await snapshot();
    const valid = `Bearer ${seeded.tokens.manager}`;
    const body = '{"industry":"Twice"}';
    const graphqlBody = JSON.stringify({ query: `mutation { patchCustomerDetails(uuid: "${seeded.customers.unowned}", input: {industry: "Twice"}) { id } }` });
    for (const [first, second] of [[valid, "Bearer junk"], ["Bearer junk", valid], [valid, valid]]) {
      const rest = await rawRequest(
        service.baseUrl,
        `PATCH ${path} HTTP/1.1\r\nHost: test\r\nAuthorization: ${first}\r\nAuthorization: ${second}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      expect(rest.status).toBe(400);
      expect(JSON.parse(rest.body)).toEqual({ message: "Bad Request" });
      const graphql = await rawRequest(
        service.baseUrl,
        `POST /graphql HTTP/1.1\r\nHost: test\r\nauthorization: ${first}\r\nAUTHORIZATION: ${second}\r\nContent-Type: application/json\r\nContent-Length: ${graphqlBody.length}\r\nConnection: close\r\n\r\n${graphqlBody}`,
      );
      expect(graphql.status).toBe(400);
      expect(JSON.parse(graphql.body)).toEqual({ message: "Bad Request", errors: [{ message: "Bad Request", extensions: { code: "BAD_REQUEST" } }] });
    }
    expect(await snapshot()).toEqual(before);
    // One header still works.
    const once = await rawRequest(
      service.baseUrl,
      `PATCH ${path} HTTP/1.1\r\nHost: test\r\nAuthorization: ${valid}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(once.status).toBe(200);
  });

  it("answers a GraphQL body it cannot parse (malformed JSON, a __proto__ key) with 400 in GraphQL's shape, running nothing", async () => {
    const before = await snapshot();
    const mutation = `mutation($input: CustomerDetailsPatchInput!) { patchCustomerDetails(uuid: "${seeded.customers.unowned}", input: $input) { id } }`;
    const bodies = [
      `{"query": ${JSON.stringify(mutation)}, "variables": {"input": {"industry": "Nope"}`,
      `{"query": ${JSON.stringify(mutation)}, "variables": {"input": {"annualRevenue": {"__proto__": false}}}}`,
    ];
    for (const body of bodies) {
      const response = await fetch(`${service.baseUrl}/graphql`, {
        method: "POST",
        headers: { authorization: `Bearer ${seeded.tokens.manager}`, "content-type": "application/json" },
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        message: "The body is not valid JSON.",
        errors: [{ message: "The body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }],
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses with 401 a token whose header carries crit, or that lives longer than JWT_MAX_AGE, on REST and GraphQL", async () => {
    const before = await snapshot();
    const now = Math.floor(Date.now() / 1000);
    const sub = String(seeded.users.manager);
    const tokens = {
      crit: jwt.sign({ sub, exp: now + 600 }, TEST_JWT_SECRET, { header: { alg: "HS256", crit: ["x"] } as unknown as jwt.JwtHeader }),
      tenYears: jwt.sign({ sub, iat: now, exp: now + 10 * 365 * 86_400 }, TEST_JWT_SECRET),
      noIat: jwt.sign({ sub, exp: now + 2 * 86_400 }, TEST_JWT_SECRET, { noTimestamp: true }),
    };
    for (const [name, token] of Object.entries(tokens)) {
      const rest = await http("PATCH", `${service.baseUrl}${path}`, { industry: name }, { token });
      expect([name, rest.status, rest.body]).toEqual([name, 401, { message: "Unauthenticated." }]);
      const viaGraphQL = await graphqlText(service.baseUrl, `mutation { patchCustomerDetails(uuid: "${seeded.customers.unowned}", input: {industry: "${name}"}) { id } }`, {}, token);
      expect([name, viaGraphQL.errors?.[0]?.extensions?.code]).toEqual([name, "UNAUTHENTICATED"]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("answers CONNECT, unknown and unparseable methods with a JSON message instead of dropping them", async () => {
    const connect = await rawRequest(service.baseUrl, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    expect(connect.status).toBe(405);
    expect(connect.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(connect.body)).toEqual({ message: "Method Not Allowed" });

    for (const method of ["FOO", "BREW", "G E T"]) {
      const response = await rawRequest(service.baseUrl, `${method} ${path} HTTP/1.1\r\nHost: test\r\n\r\n`);
      expect([method, response.status, JSON.parse(response.body)]).toEqual([method, 400, { message: "Bad Request" }]);
    }
    for (const method of ["PROPFIND", "TRACE", "MKCOL", "SEARCH", "LINK", "PURGE", "QUERY"]) {
      const response = await rawRequest(service.baseUrl, `${method} ${path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect([method, typeof (JSON.parse(response.body) as { message?: unknown }).message]).toEqual([method, "string"]);
    }
  });
});

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { OpenAPIV3_1 } from "openapi-types";
import { buildApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/database";
import { createServices } from "../../src/services";
import { createScratchDatabase, testDatabaseKinds } from "../support/databases";
import { TcpProxy } from "../support/tcp-proxy";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, TEST_JWT_SECRET, type RunningService } from "../support/service";
import { REPO_ROOT } from "../support/cli";
import { rawRequest } from "../support/raw-socket";

type Document = OpenAPIV3_1.Document;
const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";

/** The schema the document gives for this operation's response with this status (JSON body). */
function responseSchema(doc: Document, route: string, method: string, status: number): object {
  const operation = (doc.paths?.[route] as Record<string, OpenAPIV3_1.OperationObject> | undefined)?.[method];
  const response = operation?.responses?.[String(status)] as OpenAPIV3_1.ResponseObject | undefined;
  const schema = response?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`the document has no JSON schema for ${method.toUpperCase()} ${route} ${status}`);
  return schema;
}

/**
 * @apidevtools/swagger-parser's validation (structure against the OpenAPI 3.1 schema, refs resolved), run in a child
 * Node process: the parser loads an ES module with require(), which Node 20.19 does and Jest's module loader does not.
 */
function validateWithSwaggerParser(doc: Document): { status: number | null; stderr: string } {
  const script = `let text = ""; process.stdin.on("data", (c) => (text += c)).on("end", () =>
    require("@apidevtools/swagger-parser").validate(JSON.parse(text)).then(() => process.exit(0), (e) => { process.stderr.write(e.message); process.exit(1); }));`;
  const run = spawnSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, input: JSON.stringify(doc), encoding: "utf8" });
  return { status: run.status, stderr: run.stderr };
}

/** Validators for the document's schemas; its #/components refs resolve against the document itself. */
function validatorFor(doc: Document): (schema: object) => ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "openapi.json", components: doc.components } as object);
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    const text = JSON.stringify(schema).replace(/"#\/components\//g, '"openapi.json#/components/');
    let validate = cache.get(text);
    if (!validate) cache.set(text, (validate = ajv.compile(JSON.parse(text) as object)));
    return validate;
  };
}

/**
 * Two requests on one connection while the service drains: the first is held in flight (its customer row is locked),
 * so the second, pipelined behind it, reaches the service after close() began and gets the 503 of shutdown.
 */
async function answerDuringShutdown(service: RunningService, uuid: string, token: string, second: string): Promise<{ status: number; body: string }> {
  const lock = await service.db.pool.connect();
  try {
    await lock.query("BEGIN");
    await lock.query("SELECT id FROM customers WHERE uuid = $1::uuid FOR UPDATE", [uuid]);
    const { port } = new URL(service.baseUrl);
    const socket = connect(Number(port), "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => (received += chunk));
    const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    const arrived = new Promise<void>((resolve) =>
      service.app.server.on("request", (request: { headers: Record<string, unknown> }) => {
        if (request.headers["x-request-id"] === "second") setImmediate(resolve);
      }),
    );
    const held = `PATCH /api/v1/customers/${uuid}/details HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`;
    socket.write(held);
    // Wait until the held request is inside the service (waiting for the lock).
    for (let i = 0; i < 200 && service.db.pool.waitingCount + (service.db.pool.totalCount - service.db.pool.idleCount) < 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const closed = service.app.close();
    socket.write(second.replace("\r\n\r\n", "\r\nx-request-id: second\r\n\r\n"));
    await arrived;
    await lock.query("COMMIT");
    await closed;
    await ended;
    const answers = received.split(/(?=HTTP\/1\.1 )/);
    const last = answers[answers.length - 1] ?? "";
    return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(last)?.[1]), body: last.slice(last.indexOf("\r\n\r\n") + 4) };
  } finally {
    lock.release();
  }
}

describe.each(testDatabaseKinds())("OpenAPI document and /docs (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  let doc: Document;
  let validator: (schema: object) => ValidateFunction;
  const checked = new Set<string>();

  const details = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;
  const history = (uuid: string, query = "") => `${details(uuid)}/history${query}`;

  /** Asserts the real response matches the document's schema for its status, and records the status as covered. */
  function conforms(route: string, method: string, response: { status: number; text: string }): void {
    const validate = validator(responseSchema(doc, route, method, response.status));
    const body: unknown = JSON.parse(response.text);
    expect({ status: response.status, valid: validate(body), errors: validate.errors ?? null }).toEqual({ status: response.status, valid: true, errors: null });
    checked.add(`${method} ${route} ${response.status}`);
  }

  /** A request with two Authorization headers (fetch cannot send that). */
  async function twoAuthorizations(method: string, target: string): Promise<{ status: number; text: string }> {
    const token = scenario.tokens.manager;
    const body = method === "get" ? "" : "{}";
    const response = await rawRequest(
      service.baseUrl,
      `${method.toUpperCase()} ${target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    return { status: response.status, text: response.body };
  }

  beforeAll(async () => {
    service = await startService(kind);
    scenario = await seedScenario(service);
    const served = await http<Document>("GET", `${service.baseUrl}/openapi.json`);
    expect(served.status).toBe(200);
    doc = served.body;
    validator = validatorFor(doc);
  });
  afterAll(() => service?.stop());

  it("is a valid OpenAPI 3.1 document with the bearer scheme, identical to the committed openapi.json", async () => {
    expect(validateWithSwaggerParser(doc)).toEqual({ status: 0, stderr: "" });
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components?.securitySchemes).toEqual({ bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer", bearerFormat: "JWT" }) });
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual(["/api/v1/customers/details", "/api/v1/customers/{uuid}/details", "/api/v1/customers/{uuid}/details/history"]);
    expect(doc).toEqual(JSON.parse(readFileSync(path.join(REPO_ROOT, "openapi.json"), "utf8")));
    const patch = doc.paths?.["/api/v1/customers/{uuid}/details"]?.patch;
    expect(patch?.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(patch?.responses ?? {}).sort()).toEqual(["200", "400", "401", "403", "404", "412", "413", "415", "422", "429", "503"]);
    expect(Object.keys(doc.paths?.["/api/v1/customers/{uuid}/details"]?.get?.responses ?? {}).sort()).toEqual(["200", "400", "401", "403", "404", "429", "503"]);
    // The documented example, as the source document gives it.
    expect((patch?.responses?.["200"] as OpenAPIV3_1.ResponseObject).content?.["application/json"]?.example).toMatchObject({
      annual_revenue: 2000000,
      annual_revenue_currency: "USD",
      annual_revenue_converted: 60000000,
      annual_revenue_currency_converted: "TRY",
    });
  });

  it("describes every real answer of the details routes, and money stays exact", async () => {
    const route = "/api/v1/customers/{uuid}/details";
    const uuid = scenario.customers.unowned;
    const manager = { token: scenario.tokens.manager };
    // The most a revenue may carry (15 significant digits, 4 decimals) comes back as exactly these digits.
    const written = await http("PATCH", details(uuid), undefined, { ...manager, raw: '{"annual_revenue": 12345678901.2345, "annual_revenue_currency": "USD"}', headers: { "content-type": "application/json" } });
    expect(written.text).toContain('"annual_revenue":12345678901.2345,');
    expect(written.text).toContain('"annual_revenue_converted":370370367037.04,');
    conforms(route, "patch", written);
    const tooPrecise = await http("PATCH", details(uuid), undefined, { ...manager, raw: '{"annual_revenue": 12345678901234.5678}', headers: { "content-type": "application/json" } });
    expect(tooPrecise.status).toBe(422);
    conforms(route, "patch", tooPrecise);

    conforms(route, "put", await http("PUT", details(uuid), { annual_revenue: 2000000, annual_revenue_currency: "USD", employee_count: 100 }, manager));
    conforms(route, "get", await http("GET", details(uuid), undefined, manager));
    for (const method of ["get", "put", "patch"] as const) {
      const body = method === "get" ? undefined : {};
      conforms(route, method, await http(method.toUpperCase(), details(uuid), body));
      conforms(route, method, await http(method.toUpperCase(), details(uuid), body, { token: scenario.tokens.nobody }));
      conforms(route, method, await http(method.toUpperCase(), details(UNKNOWN_UUID), body, manager));
    }
    for (const method of ["get", "put", "patch"] as const) {
      conforms(route, method, await twoAuthorizations(method, `/api/v1/customers/${uuid}/details`));
    }
    for (const method of ["put", "patch"] as const) {
      const send = (options: Parameters<typeof http>[3], body?: unknown) => http(method.toUpperCase(), details(uuid), body, { ...manager, ...options });
      conforms(route, method, await send({ headers: { "if-match": '"v999"' } }, {}));
      conforms(route, method, await send({}, { employee_count: "many", website: "not a url" }));
      conforms(route, method, await send({ raw: "{", headers: { "content-type": "application/json" } }));
      conforms(route, method, await send({ raw: "x", headers: { "content-type": "text/plain" } }));
      conforms(route, method, await send({ raw: JSON.stringify({ industry: "x".repeat(70_000) }), headers: { "content-type": "application/json" } }));
    }
  });

  it("describes every real answer of the batch route", async () => {
    const route = "/api/v1/customers/details";
    const target = `${service.baseUrl}${route}`;
    const manager = { token: scenario.tokens.manager };
    const uuid = scenario.customers.unowned;
    for (const method of ["put", "patch"] as const) {
      const send = (body: unknown, options: Parameters<typeof http>[3] = manager) => http(method.toUpperCase(), target, body, options);
      const ok = await send({ items: [{ uuid, annual_revenue: 12345678901.2345, annual_revenue_currency: "USD" }] });
      expect(ok.text).toContain('"annual_revenue":12345678901.2345,');
      conforms(route, method, ok);
      conforms(route, method, await send({ items: [{ uuid, employee_count: 1 }, { uuid: UNKNOWN_UUID }, { uuid, website: "not a url" }] }));
      conforms(route, method, await send({ all_or_none: true, items: [{ uuid, employee_count: 1 }, { uuid, if_match: '"v999"' }] }));
      conforms(route, method, await send({ items: [] }));
      conforms(route, method, await send({ items: [] }, {}));
      conforms(route, method, await send({ items: [] }, { token: scenario.tokens.nobody }));
      conforms(route, method, await send(undefined, { ...manager, raw: "{", headers: { "content-type": "application/json" } }));
      conforms(route, method, await send(undefined, { ...manager, raw: "x", headers: { "content-type": "text/plain" } }));
      conforms(route, method, await send({ items: [{ uuid, industry: "x".repeat(1_100_000) }] }));
      conforms(route, method, await twoAuthorizations(method, route));
    }
  });

  it("describes every real answer of the history route", async () => {
    const route = "/api/v1/customers/{uuid}/details/history";
    const uuid = scenario.customers.unowned;
    const manager = { token: scenario.tokens.manager };
    await http("PATCH", details(uuid), { employee_count: 7 }, manager);
    const page = await http<{ data: unknown[] }>("GET", history(uuid, "?per_page=1"), undefined, manager);
    expect(page.body.data).toHaveLength(1);
    conforms(route, "get", page);
    conforms(route, "get", await http("GET", history(uuid)));
    conforms(route, "get", await http("GET", history(uuid), undefined, { token: scenario.tokens.nobody }));
    conforms(route, "get", await http("GET", history(UNKNOWN_UUID), undefined, manager));
    conforms(route, "get", await http("GET", history(uuid, "?per_page=0"), undefined, manager));
    conforms(route, "get", await twoAuthorizations("get", `/api/v1/customers/${uuid}/details/history`));
  });

  it("describes the 429 of a spent budget, with its Retry-After and RateLimit fields", async () => {
    // A service of its own whose budget per address is one request (this one's budgets are out of reach).
    const limited = await startService(kind, { env: { RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1" } });
    try {
      const uuid = scenario.customers.unowned;
      const at = (path: string) => `${limited.baseUrl}${path}`;
      expect((await http("GET", at(`/api/v1/customers/${uuid}/details`))).status).toBe(401);
      const operations: [string, string, string, unknown][] = [
        ["/api/v1/customers/{uuid}/details", "get", `/api/v1/customers/${uuid}/details`, undefined],
        ["/api/v1/customers/{uuid}/details", "put", `/api/v1/customers/${uuid}/details`, {}],
        ["/api/v1/customers/{uuid}/details", "patch", `/api/v1/customers/${uuid}/details`, {}],
        ["/api/v1/customers/{uuid}/details/history", "get", `/api/v1/customers/${uuid}/details/history`, undefined],
        ["/api/v1/customers/details", "put", "/api/v1/customers/details", { items: [{ uuid, details: {} }] }],
        ["/api/v1/customers/details", "patch", "/api/v1/customers/details", { items: [{ uuid, details: {} }] }],
      ];
      for (const [route, method, path, body] of operations) {
        const refused = await http(method.toUpperCase(), at(path), body);
        expect(refused.status).toBe(429);
        conforms(route, method, refused);
        const documented = (doc.paths?.[route] as Record<string, OpenAPIV3_1.OperationObject>)[method]?.responses?.["429"] as OpenAPIV3_1.ResponseObject;
        for (const header of ["retry-after", "ratelimit", "ratelimit-policy"]) {
          expect({ header, documented: header in (documented.headers ?? {}), sent: refused.headers.get(header) !== null }).toEqual({ header, documented: true, sent: true });
        }
      }
    } finally {
      await limited.stop();
    }
  });

  it("describes the 503 of shutdown; and every status the document lists was checked against a real answer", async () => {
    const uuid = scenario.customers.salesOwned;
    const operations: [string, string, string][] = [
      ["/api/v1/customers/{uuid}/details", "get", `GET /api/v1/customers/${uuid}/details HTTP/1.1\r\nHost: x\r\n\r\n`],
      ["/api/v1/customers/{uuid}/details", "put", `PUT /api/v1/customers/${uuid}/details HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`],
      ["/api/v1/customers/{uuid}/details", "patch", `PATCH /api/v1/customers/${uuid}/details HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`],
      ["/api/v1/customers/{uuid}/details/history", "get", `GET /api/v1/customers/${uuid}/details/history HTTP/1.1\r\nHost: x\r\n\r\n`],
      ["/api/v1/customers/details", "put", `PUT /api/v1/customers/details HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`],
      ["/api/v1/customers/details", "patch", `PATCH /api/v1/customers/details HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`],
    ];
    // One shutdown of the service: the first operation's request is the one that reaches it while it drains; the
    // 503 Fastify writes then does not depend on the route, so it stands for every operation's.
    const answer = await answerDuringShutdown(service, uuid, scenario.tokens.manager, operations[0]?.[2] as string);
    expect(answer.status).toBe(503);
    for (const [route, method] of operations) conforms(route, method, { status: 503, text: answer.body });

    const documented = Object.entries(doc.paths ?? {}).flatMap(([route, item]) =>
      Object.entries(item as Record<string, OpenAPIV3_1.OperationObject>).flatMap(([method, operation]) =>
        Object.keys(operation.responses ?? {}).map((status) => `${method} ${route} ${status}`),
      ),
    );
    expect([...checked].sort()).toEqual(documented.sort());
  });
});

// The database's 503 (with Retry-After): PostgreSQL behind a TCP proxy that starts refusing (an embedded database has
// no network to cut).
if (testDatabaseKinds().includes("server")) {
  describe("the 503 of an unreachable database (server database)", () => {
    it("matches the schema the document gives every operation's 503, with the documented Retry-After", async () => {
      const scratch = await createScratchDatabase("server");
      const target = new URL(scratch.url);
      const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      const config = loadConfig({
        NODE_ENV: "test",
        LOG_LEVEL: "silent",
        METRICS: "false",
        JWT_SECRET: TEST_JWT_SECRET,
        DATABASE_URL: proxy.urlFor(scratch.url),
        DATABASE_POOL_SIZE: "2",
      });
      const db = await openDatabase(config.database);
      const services = createServices(config, db);
      const app = await buildApp(services);
      try {
        await db.migrate();
        const base = await app.listen({ host: "127.0.0.1", port: 0 });
        const doc = (await http<Document>("GET", `${base}/openapi.json`)).body;
        const validator = validatorFor(doc);
        await proxy.refuse();
        const token = services.tokens.sign(1, "1h");
        const uuid = "550e8400-e29b-41d4-a716-446655440000";
        const operations: [string, string, string][] = [
          ["/api/v1/customers/{uuid}/details", "get", `/api/v1/customers/${uuid}/details`],
          ["/api/v1/customers/{uuid}/details", "put", `/api/v1/customers/${uuid}/details`],
          ["/api/v1/customers/{uuid}/details", "patch", `/api/v1/customers/${uuid}/details`],
          ["/api/v1/customers/{uuid}/details/history", "get", `/api/v1/customers/${uuid}/details/history`],
          ["/api/v1/customers/details", "put", "/api/v1/customers/details"],
          ["/api/v1/customers/details", "patch", "/api/v1/customers/details"],
        ];
        for (const [route, method, target] of operations) {
          const response = await http(method.toUpperCase(), `${base}${target}`, method === "get" ? undefined : {}, { token });
          const validate = validator(responseSchema(doc, route, method, 503));
          const documentedHeaders = Object.keys(((doc.paths?.[route] as Record<string, OpenAPIV3_1.OperationObject>)[method]?.responses?.["503"] as OpenAPIV3_1.ResponseObject).headers ?? {});
          expect({ status: response.status, valid: validate(response.body), retryAfter: response.headers.get("retry-after"), documentedHeaders }).toEqual({
            status: 503,
            valid: true,
            retryAfter: expect.stringMatching(/^[1-9]\d*$/),
            documentedHeaders: ["retry-after", "ratelimit-policy", "ratelimit", "x-request-id"],
          });
        }
      } finally {
        await app.close();
        await db.close();
        await proxy.close();
        await scratch.drop();
      }
    });
  });
}

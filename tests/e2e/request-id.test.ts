import { request as httpRequest, type Agent, type IncomingMessage } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { Writable } from "node:stream";
import Fastify from "fastify";
import { requestIdOf, requestIdServerFactory } from "../../src/observability/request-id";
import { testDatabaseKinds } from "../support/databases";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Answer {
  status: number;
  requestId: string | undefined;
  body: string;
}

/** A request over a plain socket, so that any header value (even one fetch would refuse) can be sent. */
function send(url: string, options: { method?: string; headers?: Record<string, string | string[]>; body?: string; agent?: Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers ?? {}, agent: options.agent ?? false }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        const id = res.headers["x-request-id"];
        resolve({ status: res.statusCode ?? 0, requestId: Array.isArray(id) ? id.join(",") : id, body });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Collects the JSON log lines the service writes. */
class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

describe.each(testDatabaseKinds())("x-request-id (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  const logs = new LogLines();
  const details = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;

  beforeAll(async () => {
    service = await startService(kind, { env: { LOG_LEVEL: "info" }, logStream: logs });
    scenario = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  it("echoes a sane id on every kind of answer: 200, 401, 403, 404, 415, 400, 422, GraphQL, health", async () => {
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const json = { "content-type": "application/json" };
    const cases: [string, Parameters<typeof send>[1] & { url: string }][] = [
      ["200", { url: details(scenario.customers.unowned), method: "PATCH", headers: { ...auth(scenario.tokens.manager), ...json }, body: "{}" }],
      ["401", { url: details(scenario.customers.unowned), method: "PATCH", headers: json, body: "{}" }],
      ["403", { url: details(scenario.customers.unowned), method: "PATCH", headers: { ...auth(scenario.tokens.nobody), ...json }, body: "{}" }],
      ["404", { url: `${service.baseUrl}/no/such/route` }],
      ["415", { url: details(scenario.customers.unowned), method: "PATCH", headers: { ...auth(scenario.tokens.manager), "content-type": "text/plain" }, body: "x" }],
      ["400", { url: details(scenario.customers.unowned), method: "PATCH", headers: { ...auth(scenario.tokens.manager), ...json }, body: "{" }],
      ["422", { url: details(scenario.customers.unowned), method: "PATCH", headers: { ...auth(scenario.tokens.manager), ...json }, body: '{"employee_count":"many"}' }],
      ["200", { url: `${service.baseUrl}/graphql`, method: "POST", headers: json, body: '{"query":"{ __typename }"}' }],
      ["200", { url: `${service.baseUrl}/healthz` }],
    ];
    const seen: [string, number, string | undefined][] = [];
    for (const [index, [expected, { url, ...options }]] of cases.entries()) {
      const id = `ticket-${index}_ABC.xyz:~!`;
      const answer = await send(url, { ...options, headers: { ...options.headers, "x-request-id": id } });
      seen.push([expected, answer.status, answer.requestId === id ? "echoed" : answer.requestId]);
    }
    expect(seen).toEqual(cases.map(([expected]) => [expected, Number(expected), "echoed"]));
  });

  it("generates a fresh UUID when the caller sent none, or one that is not sane", async () => {
    const url = `${service.baseUrl}/healthz`;
    const ids = [
      (await send(url)).requestId,
      (await send(url, { headers: { "x-request-id": "x".repeat(129) } })).requestId,
      (await send(url, { headers: { "x-request-id": "has space" } })).requestId,
      (await send(url, { headers: { "x-request-id": "tab\there" } })).requestId,
      (await send(url, { headers: { "x-request-id": ["one", "two"] } })).requestId,
    ];
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await send(url, { headers: { "x-request-id": "x".repeat(128) } })).requestId).toBe("x".repeat(128));
  });

  it("puts the id on every log line of the request", async () => {
    const id = `log-check-${kind}`;
    await send(details(scenario.customers.unowned), { method: "PATCH", headers: { "content-type": "application/json", "x-request-id": id }, body: "{}" });
    const mine = logs.lines.filter((line) => line.reqId === id);
    expect(mine.map((line) => line.msg)).toEqual(["incoming request", "request completed"]);
    expect(mine[1]).toMatchObject({ res: { statusCode: 401 } });
  });
});

describe("x-request-id while closing", () => {
  it("is on the 503 Fastify answers by itself while the server drains", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let slowStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (slowStarted = resolve));
    const app = Fastify({ serverFactory: requestIdServerFactory, genReqId: requestIdOf, requestIdHeader: false, return503OnClosing: true });
    app.get("/slow", async () => {
      slowStarted();
      await held;
      return { ok: true };
    });
    app.get("/fast", async () => ({ ok: true }));
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const arrived = new Promise<void>((resolve) =>
      app.server.on("request", (request: IncomingMessage) => {
        if (request.headers["x-request-id"] === "during-drain") setImmediate(resolve);
      }),
    );
    const socket = connect(port, "127.0.0.1");
    try {
      let received = "";
      socket.setEncoding("utf8").on("data", (chunk: string) => (received += chunk));
      const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      // A request in flight keeps the connection busy, so the drain does not cut it; the request pipelined behind it
      // reaches Fastify while it is closing.
      socket.write("GET /slow HTTP/1.1\r\nHost: x\r\nx-request-id: slow-one\r\n\r\n");
      await started;
      const closed = app.close();
      socket.write("GET /fast HTTP/1.1\r\nHost: x\r\nx-request-id: during-drain\r\n\r\n");
      await arrived;
      release();
      await closed;
      await ended;
      const answers = received.split(/(?=HTTP\/1\.1 )/).map((answer) => ({
        status: Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1]),
        requestId: /^x-request-id: (.*)\r$/im.exec(answer)?.[1],
      }));
      expect(answers).toEqual([
        { status: 200, requestId: "slow-one" },
        { status: 503, requestId: "during-drain" },
      ]);
    } finally {
      release();
      socket.destroy();
    }
  });
});

import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { TokenService } from "../../src/auth/token-service";
import { loadConfig } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/database";
import { childEnv, REPO_ROOT } from "../support/cli";
import { createScratchDatabase, testDatabaseKinds, type ScratchDatabase } from "../support/databases";
import { eventually } from "../support/eventually";
import { http } from "../support/http";
import { spawnMain, type MainProcess } from "../support/main-process";
import { OtlpReceiver, SpanKind, type ReceivedSpan } from "../support/otlp-receiver";
import { seedScenario, type Scenario } from "../support/scenario";
import { TEST_JWT_SECRET } from "../support/service";
import { WebhookReceiver } from "../support/webhook-receiver";
import { WebhookService } from "../../src/webhooks/webhooks.service";

/** Spans are exported in batches: a short delay keeps the tests quick. */
const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: "100" };

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const statementOf = (span: ReceivedSpan) => String(span.attributes["db.query.text"] ?? span.attributes["db.statement"] ?? "");
/** The write's statement (an update, or the insert of a customer's first details). */
const WRITES_DETAILS = /(UPDATE|INSERT INTO) customer_details\b/;
const isStatement = (span: ReceivedSpan) => statementOf(span) !== "";
/** Everything the spans recorded, as text. */
const attributesOf = (spans: ReceivedSpan[]) => JSON.stringify(spans.map((span) => span.attributes));

const UPDATE_DETAILS = `mutation UpdateCustomerDetails($uuid: ID!, $input: CustomerDetailsInput!) {
  updateCustomerDetails(uuid: $uuid, input: $input) { industry version }
}`;

/** The service as its own process (instrumentation patches modules as they load), exporting to an in-test receiver. */
describe.each(testDatabaseKinds())("traces over OTLP/HTTP (%s database)", (kind) => {
  let scratch: ScratchDatabase;
  let receiver: OtlpReceiver;
  let main: MainProcess;
  let db: Database;
  let scenario: Scenario;
  let secret = "";
  const hooks = new WebhookReceiver(() => secret);
  const detailsUrl = (uuid: string) => `${main.baseUrl}/api/v1/customers/${uuid}/details`;
  const serverSpanOf = (traceId: string, name: string) =>
    eventually(async () => receiver.trace(traceId).find((span) => span.kind === SpanKind.server && span.name === name));

  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
    receiver = new OtlpReceiver();
    await receiver.start();
    await hooks.start();
    main = await spawnMain({
      DATABASE_URL: scratch.url,
      WEBHOOK_POLL_MS: "300",
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      ...FAST_EXPORT,
    });
    db = await openDatabase({ url: scratch.url, poolSize: 2 });
    const tokens = new TokenService(loadConfig({ NODE_ENV: "test", JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: scratch.url }).jwt);
    scenario = await seedScenario({ db, services: { tokens } });
    secret = (await new WebhookService(db.prisma).create({ url: hooks.url, fields: ["website"] })).secret;
  }, 180_000); // a process of its own to start, on a busy machine
  afterAll(async () => {
    await main?.stop("SIGTERM");
    await hooks.stop();
    await db?.close();
    await receiver?.stop();
    await scratch?.drop();
  });

  it("continues the caller's traceparent into a REST PATCH: server span by route, one span per statement with its text and no values", async () => {
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const industry = `Industry ${hex(6)}`;
    const response = await http("PATCH", detailsUrl(scenario.customers.salesOwned), { industry, employee_count: 987654 }, {
      token: scenario.tokens.manager,
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
    });
    expect(response.status).toBe(200);

    const server = await serverSpanOf(traceId, "PATCH /api/v1/customers/:uuid/details");
    expect(server).toMatchObject({ parentSpanId: callerSpanId, service: "customer-details-api" });
    expect(server.attributes).toMatchObject({ "http.route": "/api/v1/customers/:uuid/details", "http.response.status_code": 200 });
    const statements = await eventually(async () => {
      const found = receiver.descendants(server).filter(isStatement);
      return found.some((span) => WRITES_DETAILS.test(statementOf(span))) ? found : undefined;
    });
    for (const span of statements) expect(span.kind).toBe(SpanKind.client);
    // The statements' text is there, with placeholders; the values sent are nowhere in the trace.
    expect(statements.map(statementOf).join("\n")).toMatch(/\$1/);
    const recorded = attributesOf(receiver.trace(traceId));
    expect(recorded).not.toContain(industry);
    expect(recorded).not.toContain("987654");
    expect(recorded).not.toContain(scenario.tokens.manager);
  });

  it("makes a GraphQL mutation a span named by its operation, with the statements beneath it", async () => {
    const traceId = hex(16);
    const industry = `Industry ${hex(6)}`;
    const response = await http("POST", `${main.baseUrl}/graphql`, {
      query: UPDATE_DETAILS,
      operationName: "UpdateCustomerDetails",
      variables: { uuid: scenario.customers.otherOwned, input: { industry } },
    }, { token: scenario.tokens.manager, headers: { traceparent: `00-${traceId}-${hex(8)}-01` } });
    expect(response.body).toMatchObject({ data: { updateCustomerDetails: { industry } } });

    const server = await serverSpanOf(traceId, "POST /graphql");
    const operation = await eventually(async () => receiver.descendants(server).find((span) => span.name === "mutation UpdateCustomerDetails"));
    expect(operation.attributes).toMatchObject({ "graphql.operation.name": "UpdateCustomerDetails", "graphql.operation.type": "mutation" });
    const statements = await eventually(async () => {
      const found = receiver.descendants(operation).filter(isStatement);
      return found.some((span) => WRITES_DETAILS.test(statementOf(span))) ? found : undefined;
    });
    expect(statements.length).toBeGreaterThan(0);
    expect(attributesOf(receiver.trace(traceId))).not.toContain(industry);
  });

  it("makes each webhook delivery a client span of the trace that made the change, carrying its traceparent", async () => {
    const traceId = hex(16);
    const website = `https://${hex(6)}.example.com`;
    const response = await http("PATCH", detailsUrl(scenario.customers.unowned), { website }, {
      token: scenario.tokens.manager,
      headers: { traceparent: `00-${traceId}-${hex(8)}-01` },
    });
    expect(response.status).toBe(200);
    const delivered = await eventually(async () => hooks.received.find((message) => (message.json.details as { website?: string } | undefined)?.website === website));
    expect(hooks.badSignatures).toEqual([]);
    const [version, sentTraceId, parentId, flags] = (delivered.traceparent ?? "").split("-");
    expect({ version, sentTraceId, flags }).toEqual({ version: "00", sentTraceId: traceId, flags: "01" });

    const server = await serverSpanOf(traceId, "PATCH /api/v1/customers/:uuid/details");
    const delivery = await eventually(async () => receiver.trace(traceId).find((span) => span.spanId === parentId));
    expect(delivery).toMatchObject({ kind: SpanKind.client, name: "POST", parentSpanId: server.spanId });
    expect(delivery.attributes).toMatchObject({ "url.full": hooks.url, "http.response.status_code": 200 });
  });

  it("puts the trace_id and span_id of a traced request on its log lines", async () => {
    const traceId = hex(16);
    const response = await http("GET", detailsUrl(scenario.customers.salesOwned), undefined, {
      token: scenario.tokens.manager,
      headers: { traceparent: `00-${traceId}-${hex(8)}-01` },
    });
    expect(response.status).toBe(200);
    const server = await serverSpanOf(traceId, "GET /api/v1/customers/:uuid/details");
    const line = await eventually(async () =>
      main.stdout().split("\n").filter((text) => text.includes(traceId)).map((text) => JSON.parse(text) as Record<string, unknown>)
        .find((entry) => entry.msg === "request completed"),
    );
    expect(line).toMatchObject({ trace_id: traceId, span_id: server.spanId, reqId: response.headers.get("x-request-id") });
  });
});

describe("traces over OTLP/HTTP with protobuf, the default protocol", () => {
  it("exports protobuf to /v1/traces under the default service name", async () => {
    const scratch = await createScratchDatabase("server");
    const receiver = new OtlpReceiver();
    await receiver.start();
    const main = await spawnMain({ DATABASE_URL: scratch.url, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, ...FAST_EXPORT });
    try {
      const traceId = hex(16);
      expect((await http("GET", `${main.baseUrl}/api/v1/customers/${hex(16)}/details`, undefined, { headers: { traceparent: `00-${traceId}-${hex(8)}-01` } })).status).toBe(401);
      const exported = await eventually(async () =>
        receiver.raw.find((body) => body.body.includes(Buffer.from(traceId, "hex")) && body.body.includes("GET /api/v1/customers/:uuid/details")),
      );
      expect(exported).toMatchObject({ path: "/v1/traces", contentType: "application/x-protobuf" });
      expect(exported.body.includes("customer-details-api")).toBe(true);
    } finally {
      await main.stop("SIGTERM");
      await receiver.stop();
      await scratch.drop();
    }
  });

  it("loads nothing of OpenTelemetry when no endpoint is configured", () => {
    const probe = `require("./src/tracing/register"); require("reflect-metadata"); require("./src/app");
      const loaded = Object.keys(require.cache).filter((file) => /@opentelemetry[\\\\/](sdk-|instrumentation|exporter-)/.test(file));
      process.stdout.write(JSON.stringify(loaded));`;
    const run = spawnSync(process.execPath, ["-r", "ts-node/register", "-e", probe], { cwd: REPO_ROOT, env: childEnv({}), encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});

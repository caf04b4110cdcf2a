import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../../src/db/database";
import { createMetrics } from "../../src/observability/metrics";
import { systemClock } from "../../src/shared/clock";
import { testDatabaseKinds } from "../support/databases";
import { graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";
import { eventually } from "../support/eventually";
import { WebhookReceiver } from "../support/webhook-receiver";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' text format, the sample lines only. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[label[1] as string] = label[2] as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));

describe.each(testDatabaseKinds())("GET /metrics (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  const details = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;
  const scrape = async (url = `${service.baseUrl}/metrics`) => {
    const response = await http("GET", url);
    return { status: response.status, type: response.headers.get("content-type"), samples: parseExposition(response.text), text: response.text };
  };

  beforeAll(async () => {
    service = await startService(kind);
    scenario = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  it("serves Node and process defaults in Prometheus' text format", async () => {
    const { status, type, samples } = await scrape();
    expect({ status, type }).toEqual({ status: 200, type: "text/plain; version=0.0.4; charset=utf-8" });
    for (const name of ["process_cpu_user_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes"]) {
      expect(find(samples, name)).not.toHaveLength(0);
    }
  });

  it("times requests by method, route pattern (never the raw URL) and status code", async () => {
    const uuid = scenario.customers.unowned;
    expect((await http("PATCH", details(uuid), {}, { token: scenario.tokens.manager })).status).toBe(200);
    expect((await http("PATCH", details(uuid), {}, { token: scenario.tokens.manager })).status).toBe(200);
    expect((await http("GET", details(uuid))).status).toBe(401);
    expect((await http("GET", `${service.baseUrl}/no/such/${uuid}`)).status).toBe(404);
    const { samples, text } = await scrape();
    const count = (labels: Record<string, string>) => find(samples, "http_request_duration_seconds_count", labels).map((sample) => sample.value);
    expect(count({ method: "PATCH", route: "/api/v1/customers/:uuid/details", status_code: "200" })).toEqual([2]);
    expect(count({ method: "GET", route: "/api/v1/customers/:uuid/details", status_code: "401" })).toEqual([1]);
    expect(count({ method: "GET", route: "unmatched", status_code: "404" })).toEqual([1]);
    expect(find(samples, "http_request_duration_seconds_bucket", { method: "PATCH", status_code: "200", le: "+Inf" })).toMatchObject([{ value: 2 }]);
    expect(text).not.toContain(uuid);
  });

  it("counts GraphQL operations by name, type and outcome", async () => {
    const uuid = scenario.customers.unowned;
    await graphqlText(service.baseUrl, "query MetricsProbe { __typename }");
    await graphqlText(service.baseUrl, "query MetricsProbe { __typename }");
    await graphqlText(service.baseUrl, "query MetricsRead($uuid: ID!) { customerDetails(uuid: $uuid) { id } }", { uuid });
    await graphqlText(service.baseUrl, "mutation MetricsWrite($uuid: ID!) { patchCustomerDetails(uuid: $uuid, input: {}) { id } }", { uuid }, scenario.tokens.manager);
    const { samples } = await scrape();
    const total = (labels: Record<string, string>) => find(samples, "graphql_operations_total", labels).map((sample) => sample.value);
    expect(total({ operation_name: "MetricsProbe", operation_type: "query", outcome: "success" })).toEqual([2]);
    expect(total({ operation_name: "MetricsRead", operation_type: "query", outcome: "error" })).toEqual([1]);
    expect(total({ operation_name: "MetricsWrite", operation_type: "mutation", outcome: "success" })).toEqual([1]);
  });

  it("reports the database pool and the age of the newest exchange rate", async () => {
    const { samples } = await scrape();
    expect(find(samples, "db_pool_connections_in_use")).toMatchObject([{ value: expect.any(Number) }]);
    expect(find(samples, "db_pool_connections_idle")[0]?.value).toBeGreaterThanOrEqual(0);
    expect(find(samples, "db_pool_requests_waiting")).toMatchObject([{ value: 0 }]);
    // The scenario's rate is dated today: between 0 and 24 hours old.
    const age = find(samples, "exchange_rate_age_seconds", { source: "manual" })[0]?.value;
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThanOrEqual(86_400);
    expect(find(samples, "exchange_rate_age_seconds", { source: "ecb" })).toEqual([]);
  });

  it("reports the webhook outbox's backlog and lag, and this instance's delivery attempts by outcome", async () => {
    const before = await scrape();
    expect(find(before.samples, "webhook_delivery_attempts_total", { outcome: "delivered" })).toMatchObject([{ value: 0 }]);
    expect(find(before.samples, "webhook_outbox_pending_deliveries")).toMatchObject([{ value: 0 }]);
    const receiver = new WebhookReceiver(() => "");
    receiver.answer = () => 503;
    await receiver.start();
    try {
      await service.services.webhooks.create({ url: receiver.url, fields: [] });
      expect((await http("PATCH", details(scenario.customers.salesOwned), { industry: "Owed" }, { token: scenario.tokens.manager })).status).toBe(200);
      const owed = await eventually(async () => {
        const { samples } = await scrape();
        const failed = find(samples, "webhook_delivery_attempts_total", { outcome: "failed" })[0]?.value ?? 0;
        const pending = find(samples, "webhook_outbox_pending_deliveries")[0]?.value ?? 0;
        return failed >= 1 && pending >= 1 ? samples : undefined;
      }, 40_000);
      expect(find(owed, "webhook_outbox_oldest_pending_age_seconds")[0]?.value).toBeGreaterThan(0);
    } finally {
      await receiver.stop();
    }
  });
});

describe("metrics settings", () => {
  const kind = testDatabaseKinds()[0] ?? "embedded";

  it("METRICS=false: no /metrics", async () => {
    const service = await startService(kind, { env: { METRICS: "false" } });
    try {
      expect((await http("GET", `${service.baseUrl}/metrics`)).status).toBe(404);
      expect(service.app.metricsListenerUrl()).toBeNull();
    } finally {
      await service.stop();
    }
  });

  it("METRICS_PORT: /metrics on a listener of its own, closed with the service", async () => {
    const service = await startService(kind, { env: { METRICS_PORT: "0" } });
    const url = service.app.metricsListenerUrl();
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect((await http("GET", `${service.baseUrl}/metrics`)).status).toBe(404);
      const own = await http("GET", url as string);
      expect(own.status).toBe(200);
      expect(own.text).toContain("# TYPE http_request_duration_seconds histogram");
      expect((await http("GET", (url as string).replace("/metrics", "/other"))).status).toBe(404);
    } finally {
      await service.stop();
    }
    await expect(fetch(url as string)).rejects.toThrow();
  });
});

describe("metrics while the database is unreachable", () => {
  let blackHole: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers: a database that hangs.
    blackHole = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => blackHole.close(() => resolve()));
  });

  it.each([
    ["refusing", () => "postgresql://postgres@127.0.0.1:1/none"],
    ["not answering", () => `postgresql://postgres@127.0.0.1:${(blackHole.address() as AddressInfo).port}/none`],
  ])("still scrapes when the database is %s, without the rate age", async (_name, url) => {
    const db = await openDatabase({ url: url(), poolSize: 2 });
    try {
      const metrics = createMetrics({ pool: db.pool, prisma: db.prisma, clock: systemClock });
      const samples = parseExposition(await metrics.registry.metrics());
      expect(find(samples, "exchange_rate_age_seconds")).toEqual([]);
      expect(find(samples, "db_pool_requests_waiting")).toHaveLength(1);
      expect(find(samples, "process_resident_memory_bytes")).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await db.close();
    }
  });
});

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../support/cli";
import { testDatabaseKinds } from "../support/databases";
import { http } from "../support/http";
import { startService, type RunningService } from "../support/service";

const RULES = path.join(REPO_ROOT, "deploy/prometheus/alerts.yml");
const RULE_TESTS = path.join(REPO_ROOT, "deploy/prometheus/alerts.test.yml");
const DASHBOARD = path.join(REPO_ROOT, "deploy/grafana/customer-details-api.dashboard.json");

/** Metrics Prometheus makes itself, not the service. */
const PROMETHEUS_OWN = new Set(["up"]);

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
}

/** The metric names a PromQL expression selects (every selector in these files carries a label matcher). */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][\w:]*)\{/g)].map((match) => match[1] as string).filter((name) => !PROMETHEUS_OWN.has(name));
}

/** A histogram's series are its name plus _bucket, _count or _sum. */
const baseName = (name: string) => name.replace(/_(bucket|count|sum)$/, "");

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync("promtool", args, { encoding: "utf8" });
  if (run.error) throw new Error(`promtool could not run (Debian's prometheus package provides it; .ci/run installs it): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("deploy/: alerting rules and the Grafana dashboard", () => {
  let service: RunningService;
  let exposed: Set<string>;

  beforeAll(async () => {
    service = await startService(testDatabaseKinds()[0] ?? "embedded");
    const response = await http("GET", `${service.baseUrl}/metrics`);
    exposed = new Set([...response.text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1] as string));
  });
  afterAll(() => service?.stop());

  it("promtool accepts the rules, and each alert fires on the series that should fire it (promtool test rules)", () => {
    const check = promtool("check", "rules", RULES);
    expect(check).toMatchObject({ status: 0, output: expect.stringMatching(/SUCCESS: \d+ rules found/) });
    const tested = promtool("test", "rules", RULE_TESTS);
    expect(tested).toMatchObject({ status: 0, output: expect.stringContaining("SUCCESS") });
  });

  it("alerts on readiness, 5xx rate, p99, outbox lag and stale rates, over metrics the service serves", () => {
    const rules = readFileSync(RULES, "utf8");
    for (const alert of ["CustomerDetailsApiNotReady", "CustomerDetailsApiHigh5xxRate", "CustomerDetailsApiSlowP99", "WebhookOutboxLagging", "ExchangeRatesStale"]) {
      expect(rules).toContain(`alert: ${alert}`);
    }
    const used = [...new Set(metricsIn(rules).map(baseName))];
    expect(used.filter((name) => !exposed.has(name))).toEqual([]);
  });

  it("charts requests, latency by route, GraphQL outcomes, the pool, rate age and the outbox, over metrics the service serves", () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as { uid: string; panels: Panel[] };
    const charts = dashboard.panels.filter((panel) => panel.type !== "row");
    const exprs = charts.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
    const used = [...new Set(exprs.flatMap(metricsIn).map(baseName))];
    expect(used).toEqual(expect.arrayContaining([
      "http_request_duration_seconds",
      "graphql_operations_total",
      "db_pool_connections_in_use",
      "exchange_rate_age_seconds",
      "webhook_outbox_oldest_pending_age_seconds",
      "webhook_outbox_pending_deliveries",
      "webhook_delivery_attempts_total",
    ]));
    expect(used.filter((name) => !exposed.has(name))).toEqual([]);
    expect(exprs.filter((expr) => expr.includes("histogram_quantile(0.99"))).toHaveLength(1);
    expect(charts.every((panel) => (panel.targets ?? []).length > 0)).toBe(true);
  });
});

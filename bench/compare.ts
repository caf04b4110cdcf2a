import { prepare, startFloor, startService, type Environment } from "./environment";
import { measure, type LoadOptions } from "./load";
import type { BenchOptions } from "./options";
import { startOtlpSink, type OtlpSink } from "./otlp-sink";
import type { ServerProcess } from "./processes";
import { startRedis, type RedisProcess } from "./redis";
import { ratio, table, targets, type Row } from "./report";
import type { Operation } from "./scenarios";

interface Scenario {
  row: Row;
  /** Scenarios compared with each other run back to back: the writes, then the reads. */
  group: "write" | "read";
  server: () => ServerProcess;
  operation: Operation;
  load: () => LoadOptions;
}

/**
 * `npm run bench`: the floor and the service side by side, in interleaved rounds (every scenario once per
 * round, next to the floor it is compared with, the order reversed every other round), so that whatever else the
 * machine does hits all of them alike.
 */
export async function compare(options: BenchOptions): Promise<void> {
  const environments: Environment[] = [];
  const extra: ServerProcess[] = [];
  let sink: OtlpSink | null = null;
  let redis: RedisProcess | null = null;
  try {
    const scenarios: Scenario[] = [];
    const loadFor = (environment: () => Environment) => () => ({
      token: environment().token,
      uuids: environment().uuids,
      connections: options.connections,
      duration: options.duration,
    });
    const add = (label: string, server: () => ServerProcess, operation: Operation, load: () => LoadOptions, floor?: Row): Row => {
      const row: Row = { label, rounds: [], ...(floor ? { floor } : {}) };
      scenarios.push({ row, group: operation === "GET" ? "read" : "write", server, operation, load });
      return row;
    };

    const useServer = options.databases.includes("server");
    let floorPatch: Row | undefined;
    let floorGet: Row | undefined;
    let servicePatch: Row | undefined;
    let serviceGraphQL: Row | undefined;
    let serviceGet: Row | undefined;
    let embeddedPatch: Row | undefined;
    let clusterPatch: Row | undefined;
    let tracedPatch: Row | undefined;
    let limitsOff: Row | undefined;
    let limitsRedis: Row | undefined;
    if (useServer) {
      const environment = await prepare("server", { customers: options.customers });
      environments.push(environment);
      const floor = await startFloor(environment.database.url);
      extra.push(floor);
      const load = loadFor(() => environment);
      floorPatch = add("floor PATCH (PostgreSQL)", () => floor, "PATCH", load);
      servicePatch = add("service REST PATCH (PostgreSQL)", () => environment.service, "PATCH", load, floorPatch);
      serviceGraphQL = add("service GraphQL patch (PostgreSQL)", () => environment.service, "GraphQL patch", load, floorPatch);
      if (options.workers) {
        const cluster = await prepare("server", { customers: options.customers, serviceEnv: { WEB_CONCURRENCY: "2" }, name: "service (2 workers)" });
        environments.push(cluster);
        clusterPatch = add("service REST PATCH, WEB_CONCURRENCY=2 (PostgreSQL)", () => cluster.service, "PATCH", loadFor(() => cluster), floorPatch);
      }
      if (options.tracing) {
        // The same database, a second service process with tracing on (default sampler: every request), exporting
        // over OTLP/HTTP (protobuf, the default) to a receiver in this process. Its (×) is against the untraced row.
        const otlp = await startOtlpSink();
        sink = otlp;
        const traced = await startService("service (traced)", environment.database.url, { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint });
        extra.push(traced);
        tracedPatch = add("service REST PATCH, traced (PostgreSQL)", () => traced, "PATCH", load, servicePatch);
      }
      if (options.limits) {
        // The same database and token: only the budgets differ from the row above (on, in memory).
        const off = await startService("service (budgets off)", environment.database.url, { RATE_LIMIT: "false" });
        extra.push(off);
        limitsOff = add("service REST PATCH, budgets off (PostgreSQL)", () => off, "PATCH", load, floorPatch);
        redis = await startRedis();
        const shared = await startService("service (budgets in Redis)", environment.database.url, { REDIS_URL: redis.url });
        extra.push(shared);
        limitsRedis = add("service REST PATCH, budgets in Redis (PostgreSQL)", () => shared, "PATCH", load, floorPatch);
      }
      floorGet = add("floor GET (PostgreSQL)", () => floor, "GET", load);
      serviceGet = add("service REST GET (PostgreSQL)", () => environment.service, "GET", load, floorGet);
    }
    if (options.databases.includes("embedded")) {
      const environment = await prepare("embedded", { customers: options.customers });
      environments.push(environment);
      const load = loadFor(() => environment);
      embeddedPatch = add("service REST PATCH (embedded)", () => environment.service, "PATCH", load, floorPatch);
      add("service GraphQL patch (embedded)", () => environment.service, "GraphQL patch", load, floorPatch);
      add("service REST GET (embedded)", () => environment.service, "GET", load, floorGet);
    }

    console.error(`warm-up (${options.warmup} s each)…`);
    for (const scenario of scenarios) await measure(scenario.server(), scenario.operation, { ...scenario.load(), duration: options.warmup });

    for (let round = 0; round < options.rounds; round += 1) {
      // Each group back to back, forwards in even rounds and backwards in odd ones (A B C, C B A, …), so that every
      // row is measured next to its floor and drift on the shared machine cancels out over the rounds.
      const order: Scenario[] = [];
      for (const group of ["write", "read"] as const) {
        const members = scenarios.filter((scenario) => scenario.group === group);
        order.push(...(round % 2 === 0 ? members : members.reverse()));
      }
      for (const scenario of order) {
        const result = await measure(scenario.server(), scenario.operation, scenario.load());
        scenario.row.rounds[round] = result;
        console.error(
          `round ${round + 1}/${options.rounds} ${scenario.row.label}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
            `${result.errors} errors, ${result.cpuMsPerRequest.toFixed(2)} CPU ms/req`,
        );
      }
    }

    console.log(
      `\n${options.rounds} interleaved rounds of ${options.duration} s, ${options.connections} connections, ${options.customers} customers, ` +
        `autocannon, node ${process.version}; figures are medians, (×) the median of the per-round ratios to the floor.\n`,
    );
    console.log(table(scenarios.map((scenario) => scenario.row)));
    console.log("");
    console.log(
      targets([
        { name: "REST PATCH throughput vs floor", value: servicePatch ? ratio(servicePatch, "rps") : null, kind: "min", bound: 1.0 },
        { name: "GraphQL patch throughput vs floor PATCH", value: serviceGraphQL ? ratio(serviceGraphQL, "rps") : null, kind: "min", bound: 0.85 },
        { name: "REST GET throughput vs floor GET", value: serviceGet ? ratio(serviceGet, "rps") : null, kind: "min", bound: 1.0 },
        { name: "REST PATCH p99 vs floor", value: servicePatch ? ratio(servicePatch, "p99") : null, kind: "max", bound: 1.5 },
        { name: "GraphQL patch p99 vs floor PATCH", value: serviceGraphQL ? ratio(serviceGraphQL, "p99") : null, kind: "max", bound: 1.5 },
        { name: "REST GET p99 vs floor GET", value: serviceGet ? ratio(serviceGet, "p99") : null, kind: "max", bound: 1.5 },
        { name: "server CPU per REST PATCH vs floor", value: servicePatch ? ratio(servicePatch, "cpuMsPerRequest") : null, kind: "max", bound: 1.5 },
        {
          name: "embedded REST PATCH vs PostgreSQL REST PATCH",
          value: embeddedPatch && servicePatch ? ratio(embeddedPatch, "rps", servicePatch) : null,
          kind: "min",
          bound: 0.75,
        },
      ]),
    );
    if (tracedPatch && servicePatch && sink) {
      const { requests, bytes } = sink.exports();
      console.log(`- traced REST PATCH vs untraced: ${ratio(tracedPatch, "rps", servicePatch)?.toFixed(2)}× (target ≥ 0.80); the receiver took ${requests} exports, ${(bytes / 1048576).toFixed(1)} MiB`);
    }
    if (clusterPatch && servicePatch) console.log(`- 2 workers vs 1 (REST PATCH, PostgreSQL): ${ratio(clusterPatch, "rps", servicePatch)?.toFixed(2)}×`);
    if (limitsOff && servicePatch && limitsRedis) {
      console.log(
        targets([
          { name: "REST PATCH with budgets in memory vs budgets off", value: ratio(servicePatch, "rps", limitsOff), kind: "min", bound: 0.9 },
          { name: "REST PATCH with budgets in Redis vs budgets off", value: ratio(limitsRedis, "rps", limitsOff), kind: "min", bound: 0.9 },
        ]),
      );
    }
  } finally {
    for (const server of extra) await server.stop();
    await sink?.close();
    for (const environment of environments) await environment.close();
    await redis?.stop();
  }
}

import { PgBouncer } from "../tests/support/pgbouncer";
import { adminUrl } from "./databases";
import { prepare, startService } from "./environment";
import { measure } from "./load";
import type { BenchOptions } from "./options";
import type { ServerProcess } from "./processes";
import { median, ratio, table, type Row } from "./report";
import type { Operation } from "./scenarios";

/**
 * `npm run bench -- --pooler`: the service directly on PostgreSQL and the same build through pgbouncer (transaction
 * mode, default settings, `?pgbouncer=true`, DATABASE_DIRECT_URL for LISTEN), on one database, in interleaved rounds:
 * what the pooler costs a request (an extra hop, unnamed statements planned on every execution). The ratio is to the
 * direct run of the same round. pgbouncer's own CPU is not in "server CPU" (it is a process of its own).
 */
export async function pooler(options: BenchOptions): Promise<void> {
  console.error(`seeding ${options.customers} customers…`);
  const direct = await prepare("server", { customers: options.customers, name: "service, direct" });
  let bouncer: PgBouncer | null = null;
  let pooled: ServerProcess | null = null;
  try {
    bouncer = await PgBouncer.start(adminUrl());
    pooled = await startService("service, through pgbouncer", bouncer.urlFor(direct.database.url), { DATABASE_DIRECT_URL: direct.database.url });
    const scenarios: { row: Row; server: ServerProcess; operation: Operation }[] = [];
    for (const operation of ["PATCH", "GET"] as const) {
      const base: Row = { label: `REST ${operation}, direct`, rounds: [] };
      scenarios.push({ row: base, server: direct.service, operation });
      scenarios.push({ row: { label: `REST ${operation}, through pgbouncer`, rounds: [], floor: base }, server: pooled, operation });
    }
    const run = (scenario: (typeof scenarios)[number], duration: number) =>
      measure(scenario.server, scenario.operation, { token: direct.token, uuids: direct.uuids, connections: options.connections, duration });
    for (const scenario of scenarios) await run(scenario, options.warmup);
    for (let round = 0; round < options.rounds; round += 1) {
      for (let index = 0; index < scenarios.length; index += 1) {
        const scenario = scenarios[(index + round) % scenarios.length] as (typeof scenarios)[number];
        scenario.row.rounds[round] = await run(scenario, options.duration);
        console.error(`round ${round + 1} ${scenario.row.label}: ${scenario.row.rounds[round]?.rps.toFixed(0)} req/s, p50 ${scenario.row.rounds[round]?.p50} ms`);
      }
    }
    const rows = scenarios.map((scenario) => scenario.row);
    console.log(
      `\n${options.rounds} interleaved rounds of ${options.duration} s, ${options.connections} connections, ${options.customers} customers (PostgreSQL); (×) = ratio to the direct run.\n`,
    );
    console.log(table(rows));
    console.log(
      `\n(pgbouncer vs direct, median of per-round ratios: ${rows
        .filter((row) => row.floor)
        .map((row) => `${row.label} req/s ${ratio(row, "rps")?.toFixed(2)}×, p50 ${ratio(row, "p50")?.toFixed(2)}×`)
        .join("; ")}; medians: ${rows.map((row) => `${row.label} ${median(row.rounds.map((m) => m.rps)).toFixed(0)} req/s`).join("; ")})`,
    );
  } finally {
    await pooled?.stop();
    await bouncer?.stop();
    await direct.close();
  }
}

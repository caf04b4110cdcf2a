import { openDatabase } from "../src/db/database";
import { prepare, type Environment } from "./environment";
import { explainHotPath } from "./explain";
import { measure } from "./load";
import type { BenchOptions } from "./options";
import { median, ratio, table, targets, type Row } from "./report";
import type { Operation } from "./scenarios";

/**
 * `npm run bench -- --scale`: the service on 1,000 customers and on 1,000,000 customers with 1,000,000
 * history rows and daily rates for 30 currencies since 1999, side by side in interleaved rounds
 * (PostgreSQL). The large run's p50 must stay within 1.2× the small run's.
 */
export async function scale(options: BenchOptions): Promise<void> {
  const environments: Environment[] = [];
  try {
    console.error("seeding 1,000 customers, then 1,000,000 customers + 1,000,000 history rows + the rate history…");
    const small = await prepare("server", { customers: 1000, name: "service (1,000 customers)" });
    environments.push(small);
    const started = Date.now();
    const large = await prepare("server", { customers: 1_000_000, scale: true, name: "service (1,000,000 customers)" });
    environments.push(large);
    console.error(`large data set seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    const scenarios: { row: Row; environment: Environment; operation: Operation }[] = [];
    for (const operation of ["PATCH", "GET"] as const) {
      const base: Row = { label: `${operation}, 1,000 customers`, rounds: [] };
      scenarios.push({ row: base, environment: small, operation });
      scenarios.push({ row: { label: `${operation}, 1,000,000 customers + rate history`, rounds: [], floor: base }, environment: large, operation });
    }
    const run = (scenario: (typeof scenarios)[number], duration: number) =>
      measure(scenario.environment.service, scenario.operation, {
        token: scenario.environment.token,
        uuids: scenario.environment.uuids,
        connections: options.connections,
        duration,
      });
    for (const scenario of scenarios) await run(scenario, options.warmup);
    for (let round = 0; round < options.rounds; round += 1) {
      for (let index = 0; index < scenarios.length; index += 1) {
        const scenario = scenarios[(index + round) % scenarios.length] as (typeof scenarios)[number];
        scenario.row.rounds[round] = await run(scenario, options.duration);
        console.error(`round ${round + 1} ${scenario.row.label}: p50 ${scenario.row.rounds[round]?.p50} ms`);
      }
    }
    const rows = scenarios.map((scenario) => scenario.row);
    console.log(`\n${options.rounds} interleaved rounds of ${options.duration} s, ${options.connections} connections (PostgreSQL); (×) = ratio to the 1,000-customer run.\n`);
    console.log(table(rows));
    console.log("");
    console.log(
      targets(
        rows
          .filter((row) => row.floor)
          .map((row) => ({ name: `${row.label}: p50 vs 1,000 customers`, value: ratio(row, "p50"), kind: "max" as const, bound: 1.2 })),
      ),
    );
    const db = await openDatabase({ url: large.database.url, poolSize: 1 });
    try {
      const { rows } = await db.pool.query<{ id: number }>("SELECT id FROM users WHERE email = 'bench@example.com'");
      console.log(`\n## EXPLAIN (ANALYZE) of the hot path on the large data set\n\n${await explainHotPath(db.pool, rows[0]?.id ?? 1, large.uuids[0] ?? "")}`);
    } finally {
      await db.close();
    }
    console.log(`(medians: ${rows.map((row) => `${row.label} p50 ${median(row.rounds.map((m) => m.p50))} ms`).join("; ")})`);
  } finally {
    for (const environment of environments) await environment.close();
  }
}

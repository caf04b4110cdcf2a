import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../src/db/database";
import { prepare, serviceEnv } from "./environment";
import { measure } from "./load";
import type { BenchOptions } from "./options";
import { median } from "./report";
import { BATCH_SIZE } from "./scenarios";

const ROOT = path.resolve(__dirname, "..");

/**
 * `npm run bench -- --batch [--import-rows N]`:
 * 1. customers per second through 100-item batches (PATCH /api/v1/customers/details) against single PATCHes, in
 *    interleaved rounds on the same service (target: ≥ 5×);
 * 2. `details:import` of N generated rows (default 1,000,000) on PostgreSQL, the compiled command line as a user runs
 *    it: rows per second and the process's peak RSS (target: ≥ 5,000 rows/s, RSS flat).
 */
export async function batch(options: BenchOptions): Promise<void> {
  for (const kind of options.databases) await batchAgainstSingle(kind, options);
  if (options.importRows > 0) await importRate(options.importRows);
}

async function batchAgainstSingle(kind: "server" | "embedded", options: BenchOptions): Promise<void> {
  console.error(`seeding ${options.customers} customers (${kind})…`);
  const env = await prepare(kind, { customers: options.customers, name: `service (${kind})` });
  try {
    const run = (operation: "PATCH" | "PATCH batch", duration: number) =>
      measure(env.service, operation, { token: env.token, uuids: env.uuids, connections: options.connections, duration });
    await run("PATCH", options.warmup);
    await run("PATCH batch", options.warmup);
    const single: number[] = [];
    const batched: number[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const order = round % 2 === 0 ? (["PATCH", "PATCH batch"] as const) : (["PATCH batch", "PATCH"] as const);
      for (const operation of order) {
        const result = await run(operation, options.duration);
        const perSecond = operation === "PATCH" ? result.rps : result.rps * BATCH_SIZE;
        (operation === "PATCH" ? single : batched)[round] = perSecond;
        console.error(`round ${round + 1} ${operation}: ${perSecond.toFixed(0)} customers/s (${result.rps.toFixed(1)} req/s, p50 ${result.p50} ms, errors ${result.errors})`);
      }
    }
    const ratios = batched.map((value, index) => value / (single[index] ?? Number.NaN));
    console.log(
      `\n${kind}: ${options.rounds} interleaved rounds of ${options.duration} s, ${options.connections} connections, ${options.customers} customers\n` +
        `| scenario | customers/s (median) |\n|---|---|\n| single PATCH | ${median(single).toFixed(0)} |\n| batches of ${BATCH_SIZE} | ${median(batched).toFixed(0)} |\n` +
        `batch ratio (median of per-round ratios): ${median(ratios).toFixed(2)}× (target ≥ 5×)`,
    );
  } finally {
    await env.close();
  }
}

async function importRate(rows: number): Promise<void> {
  console.error(`\nseeding ${rows} customers (PostgreSQL) for the import…`);
  const env = await prepare("server", { customers: rows, name: "service (import)" });
  const dir = await mkdtemp(path.join(tmpdir(), "cd-bench-import-"));
  try {
    await env.service.stop();
    const file = path.join(dir, "import.csv");
    await writeImportFile(env.database.url, file);
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(ROOT, "dist/admin/admin.cli.js"), "details:import", file], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...serviceEnv(env.database.url) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let peakKiB = 0;
    const samples: number[] = [];
    const timer = setInterval(() => {
      void readFile(`/proc/${child.pid}/status`, "utf8").then(
        (status) => {
          const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
          peakKiB = Math.max(peakKiB, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
          samples.push(rss);
        },
        () => undefined,
      );
    }, 500);
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const [code] = (await once(child, "exit")) as [number | null];
    clearInterval(timer);
    const seconds = (Date.now() - started) / 1000;
    const report = JSON.parse(stdout) as { read: number; updated: number; unchanged: number; failed: unknown[] };
    const quarter = (at: number) => Math.round((samples[Math.floor(samples.length * at)] ?? 0) / 1024);
    console.log(
      `\ndetails:import of ${rows} CSV rows on PostgreSQL (exit ${code}): ${report.read} read, ${report.updated} updated, ${report.failed.length} failed in ` +
        `${seconds.toFixed(1)} s = ${(report.read / seconds).toFixed(0)} rows/s (target ≥ 5,000); peak RSS ${Math.round(peakKiB / 1024)} MiB ` +
        `(RSS at 25/50/75 % of the run: ${quarter(0.25)}/${quarter(0.5)}/${quarter(0.75)} MiB)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await env.database.drop();
  }
}

/** One line per customer, each changing its employee count and industry (every line is a write). */
async function writeImportFile(databaseUrl: string, file: string): Promise<void> {
  const db = await openDatabase({ url: databaseUrl, poolSize: 1, timeoutMs: 600_000 });
  const out = createWriteStream(file);
  try {
    out.write("uuid,employee_count,industry\n");
    let after = 0;
    for (;;) {
      const { rows } = await db.pool.query<{ id: number; uuid: string }>("SELECT id, uuid::text FROM customers WHERE id > $1 ORDER BY id LIMIT 10000", [after]);
      if (rows.length === 0) break;
      const text = rows.map((row) => `${row.uuid},${(row.id % 5000) + 2},Industry ${row.id % 97}\n`).join("");
      if (!out.write(text)) await once(out, "drain");
      after = rows[rows.length - 1]?.id ?? after;
    }
  } finally {
    out.end();
    await once(out, "finish");
    await db.close();
  }
}

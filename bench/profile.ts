import { execFileSync } from "node:child_process";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freshDatabase } from "./databases";
import { serviceEnv } from "./environment";
import { measure } from "./load";
import type { BenchOptions } from "./options";
import { startOtlpSink } from "./otlp-sink";
import { startProcess } from "./processes";
import { openDatabase } from "../src/db/database";
import { seed } from "./seed";
import { TokenService } from "../src/auth/token-service";
import { loadConfig } from "../src/config";

/**
 * `npm run bench -- --profile PATCH [--tracing]`: the service (PostgreSQL) under `node --cpu-prof` for one operation
 * (with `--tracing`: traced, exporting to a receiver in the benchmark).
 */
export async function profile(options: BenchOptions): Promise<void> {
  const operation = options.profile ?? "PATCH";
  const directory = await mkdtemp(path.join(tmpdir(), "cd-profile-"));
  const database = await freshDatabase(options.databases[0] ?? "server");
  const sink = options.tracing ? await startOtlpSink() : null;
  const env = serviceEnv(database.url, sink ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint } : {});
  const root = path.resolve(__dirname, "..");
  const service = await startProcess("service", ["--cpu-prof", `--cpu-prof-dir=${directory}`, path.join(root, "dist/main.js")], env);
  try {
    const db = await openDatabase({ url: database.url, poolSize: 2 });
    const seeded = await seed(db.pool, options.customers);
    await db.close();
    const token = new TokenService(loadConfig(env).jwt).sign(seeded.userId, "1h");
    const load = { token, uuids: seeded.uuids, connections: options.connections, duration: options.duration * options.rounds };
    const result = await measure(service, operation, load);
    console.log(`${operation}: ${result.rps.toFixed(0)} req/s, ${result.cpuMsPerRequest.toFixed(2)} CPU ms/req under the profiler`);
  } finally {
    await service.stop();
    await database.drop();
    await sink?.close();
  }
  const file = (await readdir(directory)).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error("no profile written");
  console.log(`profile: ${path.join(directory, file)}`);
  console.log(execFileSync(process.execPath, ["-r", "ts-node/register", path.join(root, "bench/profile-summary.ts"), path.join(directory, file)], { encoding: "utf8" }));
}

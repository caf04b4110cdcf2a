import "reflect-metadata";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { Client } from "pg";
import { createCustomer } from "../src/admin/customers";
import { createUser } from "../src/admin/users";
import { TokenService } from "../src/auth/token-service";
import { loadConfig } from "../src/config";
import { storeRates } from "../src/currency/rates.store";
import { openDatabase } from "../src/db/database";

/**
 * `npm run bench [-- --db embedded|server|both --duration 10 --connections 20]`
 * Starts the built service (dist/main.js) as its own process on a fresh database, loads it over
 * loopback with autocannon, and prints throughput, latency and the server's memory per scenario.
 */
const { values } = parseArgs({
  options: {
    db: { type: "string", default: "both" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "20" },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const SECRET = "bench-secret-that-is-long-enough-for-hs256-keys!";
const PORT = 4700;

interface Row {
  database: string;
  scenario: string;
  "req/s": number;
  "p50 ms": number;
  "p99 ms": number;
  errors: number;
  non2xx: number;
  "server RSS MiB": number;
}

async function freshDatabase(kind: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === "embedded") {
    const dir = await mkdtemp(path.join(tmpdir(), "cd-bench-"));
    return { url: `file:${dir}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `cd_bench_${Date.now()}`;
  const run = async (sql: string) => {
    const client = new Client({ connectionString: admin });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function waitForReady(base: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the service did not become ready");
}

async function rssMiB(child: ChildProcess): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function benchDatabase(kind: string): Promise<Row[]> {
  const database = await freshDatabase(kind);
  const env = { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", JWT_SECRET: SECRET, DATABASE_URL: database.url, PORT: String(PORT) };
  const server = spawn(process.execPath, ["dist/main.js"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const base = `http://127.0.0.1:${PORT}`;
  const rows: Row[] = [];
  try {
    await waitForReady(base);
    const db = await openDatabase({ url: database.url, poolSize: 2 });
    const config = loadConfig(env);
    const user = await createUser(db.prisma, { email: "bench@example.com", currency: "TRY", permissions: ["customer.details.update"] });
    const customers = [];
    for (let i = 0; i < 50; i += 1) customers.push(await createCustomer(db.prisma, { name: `Bench ${i}`, ownerId: user.id }));
    await storeRates(db.prisma, "manual", [{ base: "USD", quote: "TRY", rate: "30", date: new Date().toISOString().slice(0, 10) }]);
    await db.close();
    const token = new TokenService(config.jwt).sign(user.id, "1h");
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const uuids = customers.map((customer) => customer.uuid);
    let counter = 0;
    const next = () => uuids[(counter += 1) % uuids.length] as string;
    // Create the details once so that reads have something to convert.
    for (const uuid of uuids) {
      await fetch(`${base}/api/v1/customers/${uuid}/details`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ annual_revenue: 2000000, annual_revenue_currency: "USD", employee_count: 1 }),
      });
    }

    const scenarios: { name: string; request: () => autocannon.Request }[] = [
      { name: "REST GET (read + conversion)", request: () => ({ method: "GET", path: `/api/v1/customers/${next()}/details` }) },
      {
        name: "REST PATCH no-op (validate, no write)",
        request: () => ({ method: "PATCH", path: `/api/v1/customers/${next()}/details`, body: JSON.stringify({ employee_count: 1 }) }),
      },
      {
        name: "REST PATCH change (write + history)",
        request: () => ({
          method: "PATCH",
          path: `/api/v1/customers/${next()}/details`,
          body: JSON.stringify({ employee_count: 2 + (counter % 1000), annual_revenue: 1000 + counter }),
        }),
      },
      {
        name: "GraphQL patchCustomerDetails change",
        request: () => ({
          method: "POST",
          path: "/graphql",
          body: JSON.stringify({
            query: "mutation($u: ID!, $n: Int) { patchCustomerDetails(uuid: $u, input: {employeeCount: $n}) { employeeCount annualRevenueConverted } }",
            variables: { u: next(), n: 3 + (counter % 1000) },
          }),
        }),
      },
    ];
    for (const scenario of scenarios) {
      const result = await autocannon({
        url: base,
        connections,
        duration,
        headers,
        requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, ...scenario.request() }) }],
      });
      rows.push({
        database: kind,
        scenario: scenario.name,
        "req/s": Math.round(result.requests.average),
        "p50 ms": result.latency.p50,
        "p99 ms": result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        "server RSS MiB": await rssMiB(server),
      });
    }
  } finally {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    // A service that does not stop within 10 s is a bug worth seeing, but must not hang the benchmark.
    const timer = setTimeout(() => {
      console.error("the service ignored SIGTERM for 10 s: killing it");
      server.kill("SIGKILL");
    }, 10_000);
    await exited;
    clearTimeout(timer);
    await database.drop();
  }
  return rows;
}

async function main(): Promise<void> {
  const kinds = values.db === "both" ? ["embedded", "server"] : [values.db as string];
  const rows: Row[] = [];
  for (const kind of kinds) rows.push(...(await benchDatabase(kind)));
  console.table(rows);
  console.log(JSON.stringify({ duration, connections, node: process.version, rows }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

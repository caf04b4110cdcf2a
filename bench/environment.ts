import path from "node:path";
import { TokenService } from "../src/auth/token-service";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/database";
import { freshDatabase, type BenchDatabase } from "./databases";
import { startProcess, type ServerProcess } from "./processes";
import { seed, seedScale } from "./seed";

export const BENCH_SECRET = "bench-secret-that-is-long-enough-for-hs256-keys!";
const ROOT = path.resolve(__dirname, "..");

/**
 * The settings a user gets in production: NODE_ENV=production and a real secret, nothing else
 * (every other setting at its default, so LOG_LEVEL=info, the default pool, caches as shipped).
 */
/**
 * Budgets stay on in the benchmark (their cost belongs in the figures), large enough that one user sending thousands
 * of requests a second is never refused.
 */
export const BENCH_BUDGETS: Record<string, string> = {
  RATE_LIMIT_PER_MINUTE: "1000000000",
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000000",
  SUBSCRIPTIONS_PER_USER: "1000000",
};

export function serviceEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return { NODE_ENV: "production", JWT_SECRET: BENCH_SECRET, DATABASE_URL: databaseUrl, ...BENCH_BUDGETS, ...extra };
}

export function startService(name: string, databaseUrl: string, extra: Record<string, string> = {}): Promise<ServerProcess> {
  return startProcess(name, [path.join(ROOT, "dist/main.js")], serviceEnv(databaseUrl, extra));
}

export function startFloor(databaseUrl: string): Promise<ServerProcess> {
  return startProcess("floor", ["-r", "ts-node/register", path.join(ROOT, "bench/floor/floor.server.ts")], {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: BENCH_SECRET,
    TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"),
  });
}

export interface Environment {
  database: BenchDatabase;
  service: ServerProcess;
  token: string;
  uuids: string[];
  close(): Promise<void>;
}

const SEED_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * A fresh database with the service started on it (which applies the migrations), then seeded through
 * a second connection (for the embedded database: through the running service's socket).
 */
export async function prepare(
  kind: "server" | "embedded",
  options: { customers: number; scale?: boolean; serviceEnv?: Record<string, string>; name?: string },
): Promise<Environment> {
  const database = await freshDatabase(kind);
  const service = await startService(options.name ?? `service (${kind})`, database.url, options.serviceEnv);
  try {
    // Seeding a million rows is not a request: it gets ten minutes, not the requests' DATABASE_TIMEOUT_MS.
    const db = await openDatabase({ url: database.url, poolSize: 2, timeoutMs: SEED_TIMEOUT_MS });
    let seeded;
    try {
      seeded = await seed(db.pool, options.customers);
      if (options.scale) await seedScale(db.pool);
    } finally {
      await db.close();
    }
    const token = new TokenService(loadConfig(serviceEnv(database.url)).jwt).sign(seeded.userId, "12h");
    return {
      database,
      service,
      token,
      uuids: seeded.uuids,
      close: async () => {
        await service.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await service.stop();
    await database.drop();
    throw error;
  }
}

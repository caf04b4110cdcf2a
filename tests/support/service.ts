import type { FastifyInstance } from "fastify";
import type { DestinationStream } from "pino";
import { buildApp } from "../../src/app";
import { withJwtSecret } from "../../src/auth/jwt-secret";
import { loadConfig, type Config } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/database";
import { createServices, type Services } from "../../src/services";
import type { Clock } from "../../src/shared/clock";
import { createScratchDatabase, type TestDatabaseKind } from "./databases";

export const TEST_JWT_SECRET = "test-secret-that-is-long-enough-for-hs256-keys";

/**
 * Budgets are on by default (docs/behaviour.md section 14): the tests send thousands of requests as one user and from one
 * address, so the services they start get budgets no test reaches, unless a test sets its own (tests/e2e/budgets.test.ts).
 */
export const TEST_BUDGETS: Record<string, string> = {
  RATE_LIMIT_PER_MINUTE: "100000000",
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: "100000000",
  SUBSCRIPTIONS_PER_USER: "100000",
};

export interface RunningService {
  kind: TestDatabaseKind;
  baseUrl: string;
  config: Config;
  db: Database;
  services: Services;
  app: FastifyInstance;
  stop(): Promise<void>;
}

/**
 * The real service on a fresh database of its own, listening on 127.0.0.1 on a free port:
 * migrations applied exactly as `npm start` applies them.
 */
export async function startService(
  kind: TestDatabaseKind,
  options: {
    /** Settings on top of the test defaults; a function gets the fresh database's URL (to reach it another way, e.g. through pgbouncer). */
    env?: Record<string, string> | ((databaseUrl: string) => Record<string, string>);
    clock?: Clock;
    logStream?: DestinationStream;
  } = {},
): Promise<RunningService> {
  const scratch = await createScratchDatabase(kind);
  const env = typeof options.env === "function" ? options.env(scratch.url) : options.env;
  // As src/main.ts does: a JWT_SECRET given as "" is no secret, and development then generates one.
  const config = await withJwtSecret(loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: scratch.url,
    DATABASE_POOL_SIZE: "5",
    // Generous: on a loaded machine a burst of concurrent requests may queue for a pooled connection for seconds.
    // The bound itself is what tests/e2e/faults.test.ts tests.
    DATABASE_TIMEOUT_MS: "30000",
    ...TEST_BUDGETS,
    ...env,
  }));
  const instance = await startInstance(config, { migrate: true, clock: options.clock, logStream: options.logStream });
  return {
    ...instance,
    kind,
    config,
    stop: async () => {
      await instance.stop();
      await scratch.drop();
    },
  };
}

/** Another instance of the service on a database that already exists (a config naming it): its own pool and app. */
export interface ServiceInstance {
  baseUrl: string;
  db: Database;
  services: Services;
  app: FastifyInstance;
  stop(): Promise<void>;
}

export async function startInstance(
  config: Config,
  options: { migrate?: boolean; clock?: Clock; logStream?: DestinationStream } = {},
): Promise<ServiceInstance> {
  const db = await openDatabase(config.database);
  if (options.migrate) await db.migrate();
  const services = createServices(config, db, options.clock);
  const app = await buildApp(services, options.logStream ? { logStream: options.logStream } : {});
  const baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    baseUrl,
    db,
    services,
    app,
    stop: async () => {
      await app.close();
      await db.close();
    },
  };
}

/** The test settings of the service for a database URL (silent, the test secret, the tests' budgets), plus `env`. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: "4", ...TEST_BUDGETS, ...env });
}

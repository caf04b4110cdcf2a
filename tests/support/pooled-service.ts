import { testDatabaseKinds, type TestDatabaseKind } from "./databases";
import { PgBouncer } from "./pgbouncer";
import { startService, type RunningService } from "./service";

/** Where a test runs the service: on each test database, and (with the server) on the server behind pgbouncer. */
export type ServiceTarget = TestDatabaseKind | "server behind pgbouncer";

export function serviceTargets(): ServiceTarget[] {
  const kinds = testDatabaseKinds();
  return kinds.includes("server") ? [...kinds, "server behind pgbouncer"] : kinds;
}

/**
 * startService on a target: behind pgbouncer, DATABASE_URL goes through a pgbouncer of its own (`?pgbouncer=true`)
 * and DATABASE_DIRECT_URL straight to the server, as docs/scaling.md recommends; the test's own reads through
 * `service.db` go through pgbouncer too. `stop()` stops pgbouncer as well.
 */
export async function startServiceOn(target: ServiceTarget, options: Parameters<typeof startService>[1] = {}): Promise<RunningService> {
  if (target !== "server behind pgbouncer") return startService(target, options);
  const bouncer = await PgBouncer.start();
  try {
    const given = options.env;
    const service = await startService("server", {
      ...options,
      env: (url) => ({ DATABASE_URL: bouncer.urlFor(url), DATABASE_DIRECT_URL: url, ...(typeof given === "function" ? given(url) : given) }),
    });
    return {
      ...service,
      stop: async () => {
        await service.stop();
        await bouncer.stop();
      },
    };
  } catch (error) {
    await bouncer.stop();
    throw error;
  }
}

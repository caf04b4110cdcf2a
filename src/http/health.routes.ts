import type { FastifyInstance } from "fastify";
import type { RateHealth } from "../currency/rate-health";
import type { Database } from "../db/database";

/**
 * /healthz: the process answers. /readyz: the database answers and every migration is applied (else 503).
 *
 * /readyz also reports the exchange rates ("rates": newest date, staleness, the scheduled refresh's last
 * success, last error and next attempt). Stale or missing rates, or a failing refresh, do NOT make the
 * service unready: every request still succeeds (a conversion with an old rate is made and marked
 * `stale`; without any rate the converted fields are null, as docs/behaviour.md section 5 says), so taking
 * the instance out of a load balancer would only turn working requests into failures. Alert on
 * `rates.stale` instead. No body names a host, port, URL or driver message (the rates URL included).
 *
 * Behind a transaction pooler (`?pgbouncer=true`) it says so, and whether notifications are listened for (on
 * DATABASE_DIRECT_URL) or which features fall back to polling without them (`fallbacks`; still ready: they work).
 */
export function registerHealthRoutes(app: FastifyInstance, db: Database, rates: RateHealth, fallbacks: Record<string, string> | null = null): void {
  const pooling = db.pooler ? { pooler: db.pooler, notifications: fallbacks ? "polling" : "listening", ...(fallbacks ? { fallbacks } : {}) } : {};
  // Never touches the database: a load balancer must not restart a live process because its database is away.
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (request, reply) => {
    try {
      const pending = await db.pendingMigrations();
      if (pending.length > 0) {
        return reply.code(503).send({ status: "unavailable", database: db.kind, pendingMigrations: pending });
      }
      return { status: "ready", database: db.kind, ...pooling, rates: await rates.report() };
    } catch (error) {
      // The driver's message names hosts, ports and sockets: it goes to the log, never into the body.
      request.log.warn({ err: error }, "readiness check failed");
      return reply.code(503).send({ status: "unavailable", database: db.kind });
    }
  });
}

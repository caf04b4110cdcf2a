import type { FastifyInstance } from "fastify";
import type { Database } from "../db/database";

/** /healthz: the process answers. /readyz: the database answers and every migration is applied. */
export function registerHealthRoutes(app: FastifyInstance, db: Database): void {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    try {
      const pending = await db.pendingMigrations();
      if (pending.length > 0) {
        return reply.code(503).send({ status: "unavailable", database: db.kind, pendingMigrations: pending });
      }
      return { status: "ready", database: db.kind };
    } catch (error) {
      return reply.code(503).send({ status: "unavailable", database: db.kind, error: (error as Error).message });
    }
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Authenticator } from "../../auth/authenticator";
import { AppError, AppErrorCode } from "../../errors";
import { requestPrincipal } from "../../http/request-principal";
import { costOfItems } from "../../limits/budget-hooks";
import type { WriteMode } from "../details/details.types";
import { batchJson } from "./batch.json";
import { parseBatchBody } from "./batch.request";
import { PATCH_BATCH_SCHEMA, PUT_BATCH_SCHEMA } from "./batch.schemas";
import type { DetailsBatchService } from "./batch.service";

export const BATCH_PATH = "/api/v1/customers/details";

/** A batch body may be as large as a megabyte: a hundred items, each as large as the single door accepts in practice. */
export const BATCH_BODY_LIMIT_BYTES = 1024 * 1024;

/** The REST batch door: PUT and PATCH of many customers' details in one request (docs/behaviour.md section 16). */
export function registerBatchRoutes(app: FastifyInstance, deps: { batch: DetailsBatchService; authenticator: Authenticator }): void {
  const write = (mode: WriteMode) => async (request: FastifyRequest<{ Body: unknown }>, reply: FastifyReply) => {
    const principal = await requestPrincipal(request, deps.authenticator);
    // 401 and the "no update permission at all" 403 come before the body's shape is looked at.
    deps.batch.authorize(principal);
    const { items, allOrNone } = parseBatchBody(request.body);
    const result = await deps.batch.update({ principal, mode, door: "REST", items, allOrNone });
    const status = !result.failed ? 200 : allOrNone ? 422 : 207;
    const failures = result.outcomes.filter((outcome) => outcome.kind === "failed").length;
    const message = status === 422 ? `Nothing was stored: ${failures} of ${items.length} items failed.` : undefined;
    return reply.code(status).header("cache-control", "no-store").type("application/json; charset=utf-8").send(batchJson(result.outcomes, message));
  };
  // One unit of the caller's budget per item (docs/behaviour.md section 14), charged once the body is read.
  const options = { schema: PUT_BATCH_SCHEMA, bodyLimit: BATCH_BODY_LIMIT_BYTES, config: { budgetCost: costOfItems } };
  app.put(BATCH_PATH, options, write("PUT"));
  app.patch(BATCH_PATH, { ...options, schema: PATCH_BATCH_SCHEMA }, write("PATCH"));
  app.route({
    method: ["GET", "POST", "DELETE"],
    url: BATCH_PATH,
    handler: async (_request, reply) => {
      reply.header("allow", "PUT, PATCH");
      throw new AppError(AppErrorCode.MethodNotAllowed);
    },
  });
}

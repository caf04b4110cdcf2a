import type { FastifyInstance } from "fastify";
import type { Authenticator } from "../../auth/authenticator";
import { AppError, AppErrorCode } from "../../errors";
import { requestPrincipal } from "../../http/request-principal";
import { historyPageJson } from "./history.json";
import { GET_HISTORY_SCHEMA } from "./history.schemas";
import type { CustomerHistoryService } from "./history.service";

export const HISTORY_PATH = "/api/v1/customers/:uuid/details/history";

interface HistoryRoute {
  Params: { uuid: string };
  Querystring: Record<string, string | string[] | undefined>;
}

/** The REST door of the history: query parameters in, one page in Laravel's cursor-paginator shape out. */
export function registerHistoryRoutes(app: FastifyInstance, deps: { history: CustomerHistoryService; authenticator: Authenticator }): void {
  app.get<HistoryRoute>(HISTORY_PATH, { schema: GET_HISTORY_SCHEMA }, async (request, reply) => {
    const { per_page: perPage, cursor } = request.query;
    const page = await deps.history.page(await requestPrincipal(request, deps.authenticator), request.params.uuid, {
      perPage,
      cursor,
      names: { perPage: "per_page", cursor: "cursor" },
    });
    const path = `${request.protocol}://${request.host}${request.url.split("?")[0] ?? ""}`;
    const query: Record<string, string> = typeof perPage === "string" ? { per_page: perPage } : {};
    return reply
      .code(200)
      .header("cache-control", "private, no-cache")
      .type("application/json; charset=utf-8")
      .send(JSON.stringify(historyPageJson(page, path, query)));
  });
  app.route({
    method: ["POST", "PUT", "PATCH", "DELETE"],
    url: HISTORY_PATH,
    // Answers 405 only: not offered to browsers in a preflight's Access-Control-Allow-Methods.
    config: { methodNotAllowed: true },
    handler: async (_request, reply) => {
      reply.header("allow", "GET, HEAD");
      throw new AppError(AppErrorCode.MethodNotAllowed);
    },
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Authenticator } from "../../auth/authenticator";
import { AppError, AppErrorCode } from "../../errors";
import { parseIfMatch } from "../../http/if-match";
import { requestPrincipal } from "../../http/request-principal";
import { detailsEtag, detailsJson } from "./details.json";
import { GET_DETAILS_SCHEMA, PATCH_DETAILS_SCHEMA, PUT_DETAILS_SCHEMA } from "./details.schemas";
import type { CustomerDetailsService } from "./details.service";
import type { CustomerDetailsView, WriteMode } from "./details.types";

export const DETAILS_PATH = "/api/v1/customers/:uuid/details";

interface DetailsRoute {
  Params: { uuid: string };
  Body: unknown;
}

/** The REST door: translates HTTP into a service call, and the result or a typed error back to HTTP. */
export function registerDetailsRoutes(
  app: FastifyInstance,
  deps: { service: CustomerDetailsService; authenticator: Authenticator },
): void {
  const principalOf = (request: FastifyRequest) => requestPrincipal(request, deps.authenticator);

  app.get<DetailsRoute>(DETAILS_PATH, { schema: GET_DETAILS_SCHEMA }, async (request, reply) => {
    const view = await deps.service.get(await principalOf(request), request.params.uuid);
    if (!view) throw new AppError(AppErrorCode.DetailsNotFound);
    return send(reply, view);
  });

  const write = (mode: WriteMode) => async (request: FastifyRequest<DetailsRoute>, reply: FastifyReply) => {
    const view = await deps.service.update({
      principal: await principalOf(request),
      uuid: request.params.uuid,
      body: request.body === undefined ? {} : request.body,
      mode,
      door: "REST",
      precondition: parseIfMatch(request.headers["if-match"]),
    });
    return send(reply, view);
  };
  app.put<DetailsRoute>(DETAILS_PATH, { schema: PUT_DETAILS_SCHEMA }, write("PUT"));
  app.patch<DetailsRoute>(DETAILS_PATH, { schema: PATCH_DETAILS_SCHEMA }, write("PATCH"));
  app.route({
    method: ["POST", "DELETE"],
    url: DETAILS_PATH,
    // Answers 405 only: not offered to browsers in a preflight's Access-Control-Allow-Methods.
    config: { methodNotAllowed: true },
    handler: async (_request, reply) => {
      reply.header("allow", "GET, HEAD, PUT, PATCH");
      throw new AppError(AppErrorCode.MethodNotAllowed);
    },
  });
}

function send(reply: FastifyReply, view: CustomerDetailsView): FastifyReply {
  return reply
    .code(200)
    .header("etag", detailsEtag(view))
    .header("cache-control", "private, no-cache")
    .type("application/json; charset=utf-8")
    .send(detailsJson(view));
}

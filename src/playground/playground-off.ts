import type { FastifyInstance, RouteHandlerMethod } from "fastify";
import { wantsPlayground } from "./playground.request";

export const PLAYGROUND_OFF_MESSAGE = "The GraphQL playground is off here (it is on by default in development only). Turn it on with PLAYGROUND=true.";

/**
 * With the playground off (production's default), a browser opening the GraphQL path is told so, and how to turn it
 * on, in plain text (no page, no script), instead of getting Apollo's CSRF refusal; GraphQL over GET and API clients
 * still reach `graphqlGetHandler`.
 */
export function registerPlaygroundOffNotice(app: FastifyInstance, opts: { graphqlPath: string; graphqlGetHandler: RouteHandlerMethod }): void {
  const notice = `${PLAYGROUND_OFF_MESSAGE}\nGraphQL itself answers POST ${opts.graphqlPath}.\n`;
  app.get(opts.graphqlPath, function (request, reply) {
    if (!wantsPlayground(request)) return opts.graphqlGetHandler.call(this, request, reply);
    return reply.code(404).headers({ "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).send(notice);
  });
}

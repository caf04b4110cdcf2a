import type { FastifyInstance, RouteHandlerMethod } from "fastify";
import { escapeHtml } from "./html-escape";
import { wantsPlayground } from "./playground.request";

/**
 * With the playground off (production's default), a browser opening the GraphQL path is told so, and how to turn it
 * on, instead of getting Apollo's CSRF refusal; GraphQL over GET and API clients still reach `graphqlGetHandler`.
 */
export function registerPlaygroundOffNotice(app: FastifyInstance, opts: { graphqlPath: string; graphqlGetHandler: RouteHandlerMethod }): void {
  app.get(opts.graphqlPath, function (request, reply) {
    if (!wantsPlayground(request)) return opts.graphqlGetHandler.call(this, request, reply);
    return reply
      .code(404)
      .headers({ "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": "default-src 'none'" })
      .send(playgroundOffHtml(opts.graphqlPath));
  });
}

export const PLAYGROUND_OFF_MESSAGE = "The GraphQL playground is off here (it is on by default in development only). Turn it on with PLAYGROUND=true.";

function playgroundOffHtml(graphqlPath: string): string {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><title>GraphQL playground is off</title></head><body>',
    `<p>${escapeHtml(PLAYGROUND_OFF_MESSAGE)}</p>`,
    `<p>GraphQL itself answers <code>POST ${escapeHtml(graphqlPath)}</code>.</p>`,
    "</body></html>",
  ].join("\n");
}

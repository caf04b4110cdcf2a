import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export const REQUEST_ID_HEADER = "x-request-id";

/** A caller's id is kept when it is 1 to 128 visible ASCII characters (no spaces, no control characters). */
const SANE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

const requestIdKey = Symbol("requestId");
type Tagged = IncomingMessage & { [requestIdKey]?: string };

/** The caller's `x-request-id` when it is sane (a repeated header is not), otherwise a new random UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const tagged = request as Tagged;
  const known = tagged[requestIdKey];
  if (known !== undefined) return known;
  const sent = request.headers[REQUEST_ID_HEADER];
  const id = typeof sent === "string" && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
  tagged[requestIdKey] = id;
  return id;
}

/**
 * An HTTP server (for Fastify's `serverFactory`) that decides each request's id before Fastify sees the request and
 * puts it on the raw response at once, so every response carries it: errors, 404s, GraphQL, and the 503s Fastify
 * writes by itself while closing (which skip every hook). Fastify's `genReqId` then reads the same id (requestIdOf),
 * so the request's log lines carry it too.
 */
export function requestIdServerFactory(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: ServerTimeouts,
): Server {
  const server = createServer((request, response) => {
    response.setHeader(REQUEST_ID_HEADER, requestIdOf(request));
    handler(request, response);
  });
  // What Fastify does to the server it would have created itself.
  if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
  if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
  if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
  if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
  return server;
}

/** The server settings Fastify passes to a serverFactory (its resolved options). */
export interface ServerTimeouts {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number | null;
}

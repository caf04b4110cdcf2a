import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance } from "fastify";
import { AppError, AppErrorCode } from "../errors";
import { sendAppError } from "./error-handler";

/**
 * Requests refused before any route sees them, each with a JSON body carrying a `message`:
 * - several Authorization headers (Node keeps only the first in `request.headers`, so "valid + junk" and "junk +
 *   valid" were answered differently): 400 Bad Request, on every route (GraphQL answers in its own shape too);
 * - CONNECT, which Node hands to a 'connect' listener and otherwise drops without a word: 405;
 * - requests Node's parser cannot read (an unknown method, a malformed request line): 400, or Fastify's 408/431.
 */
export function registerRequestGuards(app: FastifyInstance, options: { graphqlPath: string }): void {
  app.addHook("onRequest", async (request, reply) => {
    if (authorizationHeaderCount(request.raw.rawHeaders) <= 1) return;
    return sendAppError(reply, new AppError(AppErrorCode.BadRequest), request.url.split("?")[0] === options.graphqlPath);
  });
  answerConnect(app.server);
}

export function authorizationHeaderCount(rawHeaders: string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]?.toLowerCase() === "authorization") count += 1;
  return count;
}

function answerConnect(server: Server): void {
  server.on("connect", (_request: IncomingMessage, socket: Duplex) => {
    socket.on("error", () => undefined);
    socket.end(rawJsonResponse(405, "Method Not Allowed", { allow: "GET, HEAD, PUT, PATCH, POST" }));
  });
}

/** A complete HTTP/1.1 response with a JSON `{"message"}` body, for answers written straight to a socket. */
export function rawJsonResponse(status: number, message: string, headers: Record<string, string> = {}): string {
  const body = JSON.stringify({ message });
  const lines = [
    `HTTP/1.1 ${status} ${message}`,
    "content-type: application/json; charset=utf-8",
    `content-length: ${Buffer.byteLength(body)}`,
    "connection: close",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

/**
 * Fastify's clientErrorHandler: what Node's parser rejected gets our JSON shape (`{"message"}`), with the statuses
 * Fastify's own handler gives (408 for a timeout, 431 for oversized headers, else 400), then the socket is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, message] =
    error.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "Request Timeout"]
        : [400, "Bad Request"];
  if (socket.writable) socket.write(rawJsonResponse(status, message));
  socket.destroy(error);
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { AppErrorCode, retryAfterSecondsOf } from "../errors";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * While the app drains (from Fastify's preClose on), every request that still arrives is answered by Fastify itself
 * with 503 and `Connection: close`, skipping every hook. This puts `Retry-After` on those answers too, as the OpenAPI
 * document promises for every 503. Wrap the server's request handler with `wrap`, and call `start` from preClose.
 */
export class DrainRetryAfter {
  private draining = false;
  private readonly seconds = String(retryAfterSecondsOf(AppErrorCode.ServiceUnavailable));

  start(): void {
    this.draining = true;
  }

  wrap(handler: Handler): Handler {
    return (request, response) => {
      if (this.draining) response.setHeader("retry-after", this.seconds);
      handler(request, response);
    };
  }
}

import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { AppErrorCode, httpStatusOf, retryAfterSecondsOf } from "../errors";

/**
 * The requests the HTTP server is answering right now, watched on the Node server itself (below Fastify's routing,
 * so that every route, GraphQL included, is covered without a hook of its own).
 */
export class InFlightRequests {
  private readonly responses = new Set<ServerResponse>();
  private draining = false;
  private readonly waiters = new Set<() => void>();

  constructor(server: Server) {
    server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
      this.responses.add(response);
      if (this.draining) closeAfterwards(response);
      response.once("close", () => {
        this.responses.delete(response);
        if (this.responses.size === 0) for (const wake of this.waiters) wake();
      });
    });
  }

  /** How many requests are in flight. (A method, not a getter: ts-node's swc transpiler refuses getters here.) */
  count(): number {
    return this.responses.size;
  }

  /** From now on every response says `Connection: close`, so that each connection ends with its last answer. */
  drain(): void {
    this.draining = true;
    for (const response of this.responses) closeAfterwards(response);
  }

  /** Resolves true once no request is in flight, or false after `timeoutMs`. */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.responses.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(value);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(wake);
    });
  }

  /**
   * Answers every request that has no answer yet with a 503 JSON body (`Connection: close`); returns how many. Its
   * handler's own answer, should it come later, is discarded by Fastify (the reply is already sent).
   */
  answerUnanswered(): number {
    let answered = 0;
    const status = httpStatusOf(AppErrorCode.ServiceUnavailable);
    const body = JSON.stringify({ message: "Service Unavailable" });
    for (const response of this.responses) {
      if (response.headersSent) continue;
      response.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(body),
        "retry-after": String(retryAfterSecondsOf(AppErrorCode.ServiceUnavailable)),
        connection: "close",
      });
      response.end(body);
      answered += 1;
    }
    return answered;
  }
}

function closeAfterwards(response: ServerResponse): void {
  if (!response.headersSent) response.setHeader("connection", "close");
}

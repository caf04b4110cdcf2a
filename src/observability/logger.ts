import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import type { DestinationStream } from "pino";
import pinoPretty from "pino-pretty";
import type { Config } from "../config";
import { tracing } from "../tracing/tracing";

/**
 * Fastify's logger: JSON lines (pino's own format) by default, human-readable lines through pino-pretty when
 * LOG_FORMAT=pretty (the default in development). Pretty printing runs synchronously on the main thread, so its
 * lines and the start-up banner (written to stdout) come out whole and in order. Each request's lines carry its
 * `reqId`, the same id as its `x-request-id` response header; when tracing is on, the lines written inside a trace
 * carry its `trace_id` and `span_id` too (pino's mixin).
 */
export function loggerOptions(
  config: Pick<Config, "logLevel" | "logFormat">,
  /** JSON lines to this stream instead (tests read the log lines of their requests). */
  stream?: DestinationStream,
): FastifyServerOptions["logger"] {
  if (config.logLevel === "silent") return false;
  const traces = tracing();
  const base = { level: config.logLevel, ...(traces ? { mixin: () => traces.logFields() } : {}) };
  if (stream) return { ...base, stream };
  if (config.logFormat === "json") return base;
  return {
    ...base,
    stream: pinoPretty({
      sync: true,
      colorize: Boolean(process.stdout.isTTY),
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname,reqId",
      // One line an entry; a request's id ends its line.
      singleLine: true,
      messageFormat: "{msg}{if reqId} {reqId}{end}",
    }),
  };
}

/**
 * The human-readable console (LOG_FORMAT=pretty) logs one line per request, when it is answered:
 * `PATCH /api/v1/customers/… 200 12 ms <request id>`, instead of Fastify's two multi-line entries. JSON logs keep
 * Fastify's own request entries (what log pipelines expect).
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = `${request.method} ${request.url.split("?", 1)[0]} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`;
    if (error) reply.log.error({ err: error }, line);
    else reply.log.info(line);
  }
}

export function requestLogController(config: Pick<Config, "logFormat">, stream: DestinationStream | undefined): LogController {
  return stream === undefined && config.logFormat !== "json" ? new OneLinePerRequest() : new LogController();
}

import type { FastifyServerOptions } from "fastify";
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
    stream: pinoPretty({ sync: true, colorize: Boolean(process.stdout.isTTY), translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" }),
  };
}

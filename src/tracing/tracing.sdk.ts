import { context, ROOT_CONTEXT, trace, isSpanContextValid, defaultTextMapGetter, defaultTextMapSetter } from "@opentelemetry/api";
import { getRPCMetadata, RPCType, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { GraphQLInstrumentation } from "@opentelemetry/instrumentation-graphql";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { ATTR_HTTP_ROUTE } from "@opentelemetry/semantic-conventions";
import { useTracing, type Tracing } from "./tracing";
import type { TracingSettings } from "./tracing.settings";

/** Probes and scrapes are not traced: they would bury the requests in spans nobody reads. */
const UNTRACED_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Starts OpenTelemetry's Node SDK: spans exported over OTLP/HTTP (protobuf or JSON) in batches, sampled as
 * OTEL_TRACES_SAMPLER says (parent-based always-on by default), W3C trace context in and out. Instrumented:
 * - incoming HTTP: the server span of each request (named `<METHOD> <route pattern>` by src/tracing/tracing.fastify.ts);
 * - GraphQL: parse, validate and the operation's execute span (`mutation UpdateDetails`); no span per field;
 * - pg: one span per statement with its text (parameters are never recorded), only inside a trace, so the
 *   background work (the dispatcher's polls, LISTEN) starts no traces of its own;
 * - undici/fetch: outgoing requests inside a trace (the webhook deliveries), with a `traceparent` header.
 */
export function startTracing(settings: TracingSettings): void {
  const traceExporter = settings.protocol === "http/json" ? new JsonTraceExporter() : new ProtobufTraceExporter();
  const sdk = new NodeSDK({
    ...(settings.serviceName === undefined ? {} : { serviceName: settings.serviceName }),
    traceExporter,
    // Traces only: the service's metrics are Prometheus's (/metrics), its logs are pino's lines.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        disableOutgoingRequestInstrumentation: true,
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? "").split("?")[0] ?? ""),
      }),
      new GraphQLInstrumentation({ ignoreResolveSpans: true }),
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  sdk.start();
  useTracing(activeTracing(() => sdk.shutdown()));
}

function activeTracing(shutdown: () => Promise<void>): Tracing {
  const w3c = new W3CTraceContextPropagator();
  return {
    nameServerSpan(method, route) {
      const metadata = getRPCMetadata(context.active());
      if (metadata?.type !== RPCType.HTTP) return;
      // The HTTP instrumentation names the span from this route when the response finishes.
      metadata.route = route;
      metadata.span.setAttribute(ATTR_HTTP_ROUTE, route).updateName(`${method} ${route}`);
    },
    logFields(): Record<string, string> {
      const span = trace.getSpanContext(context.active());
      if (!span || !isSpanContextValid(span)) return {};
      return { trace_id: span.traceId, span_id: span.spanId, trace_flags: `0${span.traceFlags.toString(16)}` };
    },
    traceparent() {
      const carrier: Record<string, string> = {};
      w3c.inject(context.active(), carrier, defaultTextMapSetter);
      return carrier.traceparent ?? null;
    },
    withParent(traceparent, work) {
      if (!traceparent) return work();
      return context.with(w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter), work);
    },
    shutdown,
  };
}

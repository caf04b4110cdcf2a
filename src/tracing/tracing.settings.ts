/**
 * Tracing is configured only by OpenTelemetry's standard OTEL_* variables. This module decides whether it is on and
 * with which exporter; the SDK and the exporters read the rest (endpoint, headers, sampler, batching) themselves.
 */
export const TRACE_PROTOCOLS = ["http/protobuf", "http/json"] as const;
export type TraceProtocol = (typeof TRACE_PROTOCOLS)[number];

export const DEFAULT_SERVICE_NAME = "customer-details-api";

export interface TracingSettings {
  protocol: TraceProtocol;
  /** The service name to set, or undefined when OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES name it. */
  serviceName: string | undefined;
}

/**
 * On when an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) and
 * OTEL_SDK_DISABLED is not true. Null when off, or when the protocol is not one this service exports with
 * (src/config.ts then refuses to start and names the setting).
 */
export function tracingSettings(env: NodeJS.ProcessEnv): TracingSettings | null {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return null;
  const protocol = traceProtocol(env);
  if (!isTraceProtocol(protocol)) return null;
  const named = Boolean(env.OTEL_SERVICE_NAME) || /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? "");
  return { protocol, serviceName: named ? undefined : DEFAULT_SERVICE_NAME };
}

/** The protocol the traces are exported with, as the exporters resolve it (http/protobuf by default). */
export function traceProtocol(env: NodeJS.ProcessEnv): string {
  return (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || "http/protobuf").trim();
}

export function isTraceProtocol(value: string): value is TraceProtocol {
  return (TRACE_PROTOCOLS as readonly string[]).includes(value);
}

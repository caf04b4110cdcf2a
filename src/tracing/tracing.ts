/**
 * What the rest of the service asks of tracing. It is null (the default) when tracing is off: then nothing of
 * OpenTelemetry is loaded, and every caller skips its tracing work with one null check.
 */
export interface Tracing {
  /** Names the active request's server span `<METHOD> <route pattern>` (sets its http.route). */
  nameServerSpan(method: string, route: string): void;
  /** `trace_id`, `span_id` and `trace_flags` of the active span, for a log line ({} outside a trace). */
  logFields(): Record<string, string>;
  /** The active span's context as a W3C `traceparent` value (null outside a trace). */
  traceparent(): string | null;
  /** Runs `work` inside the trace a stored `traceparent` names: the spans it starts are children of that span. */
  withParent<T>(traceparent: string | null, work: () => T): T;
  /** Exports the spans still buffered and stops tracing (when the app closes). */
  shutdown(): Promise<void>;
}

let current: Tracing | null = null;

/** Tracing when it was started (src/tracing/register.ts), else null. */
export function tracing(): Tracing | null {
  return current;
}

/** Called once, by the SDK's start-up. */
export function useTracing(started: Tracing): void {
  current = started;
}

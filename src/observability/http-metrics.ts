import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onResponseHookHandler } from "fastify";
import type { Histogram } from "prom-client";

type DurationHistogram = Histogram<"method" | "route" | "status_code">;
type Observer = ReturnType<DurationHistogram["labels"]>;

/** The route label of requests that matched no route (404s from the not-found handler). */
export const UNMATCHED_ROUTE = "unmatched";

/**
 * Times every response into `http_request_duration_seconds{method, route, status_code}`, with the route's pattern
 * (`/api/v1/customers/:uuid/details`, never the raw URL). Register before the routes: each route gets its own
 * onResponse hook that keeps its labelled children by status code, so a request costs one map lookup and one
 * observe, and no label object is built once a (method, status) pair has been seen.
 */
export function registerHttpMetrics(app: FastifyInstance, histogram: DurationHistogram): void {
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const observe = routeObserver(histogram, route.url ?? route.path, methods.length === 1 ? String(methods[0]) : null);
    const existing = route.onResponse;
    route.onResponse = existing === undefined ? [observe] : [...(Array.isArray(existing) ? existing : [existing]), observe];
  });
  const unmatched = routeObserver(histogram, UNMATCHED_ROUTE, null);
  app.addHook("onResponse", function (request, reply, done) {
    if (request.is404) unmatched.call(this, request, reply, done);
    else done();
  });
}

function routeObserver(histogram: DurationHistogram, route: string, onlyMethod: string | null): onResponseHookHandler {
  const children = new Map<number | string, Observer>();
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const status = reply.statusCode;
    const key = onlyMethod === null ? `${request.method} ${status}` : status;
    let child = children.get(key);
    if (child === undefined) {
      child = histogram.labels({ method: onlyMethod ?? request.method, route, status_code: String(status) });
      children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  };
}

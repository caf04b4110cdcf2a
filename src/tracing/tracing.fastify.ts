import type { FastifyInstance } from "fastify";
import { tracing } from "./tracing";

/**
 * When tracing is on: each request's server span is named `<METHOD> <route pattern>` as soon as Fastify has matched
 * the route (`PATCH /api/v1/customers/:uuid/details`, `POST /graphql`; a request that matches no route keeps the
 * bare method), and the spans still buffered are exported when the app closes.
 */
export function registerTracing(app: FastifyInstance): void {
  const traces = tracing();
  if (!traces) return;
  app.addHook("onRequest", (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined) traces.nameServerSpan(request.method, route);
    done();
  });
  app.addHook("onClose", () => traces.shutdown());
}

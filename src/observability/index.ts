import type { ApolloServerPlugin } from "@apollo/server";
import type { FastifyInstance } from "fastify";
import type { GraphQLContext } from "../graphql/context";
import type { Services } from "../services";
import { graphqlMetricsPlugin } from "./graphql-metrics.plugin";
import { registerHttpMetrics } from "./http-metrics";
import { createMetrics } from "./metrics";
import { registerMetricsEndpoint } from "./metrics.routes";

export { REQUEST_ID_HEADER, requestIdOf, requestIdServerFactory } from "./request-id";
export { loggerOptions } from "./logger";

/**
 * Prometheus metrics, when enabled (METRICS): the request timer on every route registered after this call, the
 * /metrics endpoint (or its own listener, METRICS_PORT). Returns the Apollo plugins that count GraphQL operations.
 */
export function registerObservability(app: FastifyInstance, services: Services): ApolloServerPlugin<GraphQLContext>[] {
  const { config } = services;
  if (!config.metrics.enabled) {
    app.decorate("metricsListenerUrl", () => null);
    return [];
  }
  const metrics = createMetrics({ pool: services.db.pool, prisma: services.db.prisma, clock: services.clock });
  registerHttpMetrics(app, metrics.httpDuration);
  registerMetricsEndpoint(app, metrics.registry, { host: config.http.host, ...(config.metrics.port === undefined ? {} : { port: config.metrics.port }) });
  return [graphqlMetricsPlugin<GraphQLContext>(metrics)];
}

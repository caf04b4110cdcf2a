import type { ApolloServerPlugin } from "@apollo/server";
import type { FastifyInstance } from "fastify";
import type { GraphQLContext } from "../graphql/context";
import type { Services } from "../services";
import { graphqlMetricsPlugin } from "./graphql-metrics.plugin";
import { registerHttpMetrics } from "./http-metrics";
import { createMetrics } from "./metrics";
import { registerMetricsEndpoint } from "./metrics.routes";

export { REQUEST_ID_HEADER, requestIdOf, requestIdServerFactory } from "./request-id";
export { loggerOptions, requestLogController } from "./logger";

/** What the GraphQL door reports to the metrics. */
export interface GraphQLObservability {
  /** Apollo plugins that count GraphQL operations. */
  plugins: ApolloServerPlugin<GraphQLContext>[];
  /** Counts an operation sent as free text where trusted documents are on (HTTP or WebSocket). */
  countFreeText(name: string | null | undefined): void;
}

/**
 * Prometheus metrics, when enabled (METRICS): the request timer on every route registered after this call, the
 * /metrics endpoint (or its own listener, METRICS_PORT). Returns what the GraphQL door counts with.
 */
export function registerObservability(app: FastifyInstance, services: Services): GraphQLObservability {
  const { config } = services;
  if (!config.metrics.enabled) {
    app.decorate("metricsListenerUrl", () => null);
    return { plugins: [], countFreeText: () => undefined };
  }
  const metrics = createMetrics({ pool: services.db.pool, prisma: services.db.prisma, clock: services.clock, budgetStore: services.budgets?.store ?? null });
  registerHttpMetrics(app, metrics.httpDuration);
  services.webhookDispatcher?.onAttempt((outcome) => metrics.countDeliveryAttempt(outcome));
  registerMetricsEndpoint(app, metrics.registry, { host: config.http.host, ...(config.metrics.port === undefined ? {} : { port: config.metrics.port }) });
  return { plugins: [graphqlMetricsPlugin<GraphQLContext>(metrics)], countFreeText: (name) => metrics.countFreeTextOperation(name) };
}

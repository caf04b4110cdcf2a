import Fastify, { type FastifyInstance } from "fastify";
import type { DestinationStream } from "pino";
import { registerCors } from "./browser/cors";
import { registerBatchRoutes } from "./customers/details-batch/batch.rest";
import { BATCH_SCHEMAS } from "./customers/details-batch/batch.schemas";
import { registerDetailsRoutes } from "./customers/details/details.rest";
import { DETAILS_SCHEMAS } from "./customers/details/details.schemas";
import { registerHistoryRoutes } from "./customers/history/history.rest";
import { HISTORY_SCHEMAS } from "./customers/history/history.schemas";
import { GRAPHQL_PATH, registerGraphQL } from "./graphql/graphql.routes";
import { registerErrorHandling } from "./http/error-handler";
import { registerHealthRoutes } from "./http/health.routes";
import { clientErrorHandler, registerRequestGuards } from "./http/request-guards";
import { BODY_LIMIT_BYTES, registerJsonBodyParser } from "./http/json-body";
import { DrainRetryAfter } from "./lifecycle/drain-retry-after";
import { registerBudgetHooks } from "./limits/budget-hooks";
import { loggerOptions, registerObservability, requestIdOf, requestIdServerFactory, requestLogController } from "./observability";
import { useDocumentationOnlySchemas } from "./openapi/documentation-only";
import { listenFallbacks, NO_LISTEN_WARNING } from "./shared/listen-fallbacks";
import { registerOpenApi } from "./openapi/openapi.plugin";
import type { Services } from "./services";
import { registerTracing } from "./tracing/tracing.fastify";

export interface BuildAppOptions {
  /** Log JSON lines to this stream instead of stdout. */
  logStream?: DestinationStream;
}

/** One HTTP listener: the REST shim, GraphQL, the playground, the API docs, metrics and the health checks. */
export async function buildApp(services: Services, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const drain = new DrainRetryAfter();
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    logController: requestLogController(config, options.logStream),
    // x-request-id: decided (echoed when sane, else generated) and set on the response before Fastify runs.
    // Requests that arrive while the app drains get Fastify's own 503: Retry-After is added to those as well.
    serverFactory: (handler, serverOptions) => requestIdServerFactory(drain.wrap(handler), serverOptions),
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    return503OnClosing: true,
    clientErrorHandler,
  });
  registerTracing(app);
  services.log.attach(app.log);
  // First: the request timer applies to the routes registered after it.
  const graphqlObservability = registerObservability(app, services);
  // Next: CORS answers preflights before any other hook runs, and its headers are on every later answer.
  await registerCors(app, config.corsOrigins);
  registerErrorHandling(app, { graphqlPath: GRAPHQL_PATH });
  app.addHook("preClose", async () => drain.start());
  registerRequestGuards(app, { graphqlPath: GRAPHQL_PATH });
  // Fair use: before the routes it counts (the REST scope below, GraphQL).
  const budgets = services.budgets
    ? registerBudgetHooks(app, services.budgets, { authenticator: services.authenticator, graphqlPath: GRAPHQL_PATH, log: app.log })
    : null;
  // A broken database connection is dropped and reported here; it never crashes the process.
  services.db.onConnectionError((error) => app.log.warn({ err: error }, "database connection lost"));
  // Behind a transaction pooler without a direct connection nothing listens: say at start-up what falls back.
  const fallbacks = services.bus.listening ? null : listenFallbacks(config);
  if (fallbacks) app.addHook("onReady", async () => app.log.warn({ fallbacks }, NO_LISTEN_WARNING));
  registerHealthRoutes(app, services.db, services.rateHealth, fallbacks);
  app.addHook("onClose", () => services.bus.close());
  // The identity providers' key sets (JWT_JWKS_URL): first fetched in the background, never holding up start-up.
  app.addHook("onReady", async () => services.tokens.start(app.log));
  const refresher = services.rateRefresher;
  if (refresher) {
    // In the background: the first fetch starts once the app is ready and never holds up start-up.
    app.addHook("onReady", async () => refresher.start(app.log));
    app.addHook("onClose", () => refresher.stop());
  }
  const dispatcher = services.webhookDispatcher;
  if (dispatcher) {
    app.addHook("onReady", async () => dispatcher.start(app.log));
    app.addHook("onClose", () => dispatcher.stop());
  }
  await registerOpenApi(app, [...DETAILS_SCHEMAS, ...BATCH_SCHEMAS, ...HISTORY_SCHEMAS]);
  await app.register(async (rest) => {
    budgets?.countRoutes(rest);
    useDocumentationOnlySchemas(rest);
    registerJsonBodyParser(rest);
    registerDetailsRoutes(rest, { service: services.details, authenticator: services.authenticator });
    registerBatchRoutes(rest, { batch: services.batch, authenticator: services.authenticator });
    registerHistoryRoutes(rest, { history: services.history, authenticator: services.authenticator });
  });
  await registerGraphQL(app, services, graphqlObservability);
  return app;
}

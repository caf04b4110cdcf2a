import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import fastifyApollo, { fastifyApolloHandler } from "@as-integrations/fastify";
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from "fastify";
import type { GraphQLObservability } from "../observability";
import { DOCS_PATH } from "../openapi/openapi.plugin";
import { registerPlayground } from "../playground";
import { demoPlaygroundDefaults } from "../playground/playground.demo";
import { registerPlaygroundOffNotice } from "../playground/playground-off";
import type { Services } from "../services";
import { RequestMemo } from "../shared/request-memo";
import { requestPrincipal } from "../http/request-principal";
import { requestBudget } from "../limits/budget-hooks";
import { graphqlBudgetPlugin } from "../limits/graphql-budget.plugin";
import type { GraphQLContext } from "./context";
import { errorLoggingPlugin } from "./error-logging.plugin";
import { createErrorFormatter } from "./format-error";
import { graphqlBounds } from "./limits";
import { buildGraphQLSchema } from "./schema";
import { registerGraphQLWebSocket } from "./subscriptions.ws";
import { contextFailure, serviceUnavailablePlugin } from "./service-unavailable";
import { TrustedDocuments } from "./trusted-documents/trusted-documents";
import { PlaygroundKey } from "./trusted-documents/playground-key";
import { registerTrustedDocuments, trustedDocumentsPlugin } from "./trusted-documents/trusted-documents.http";

export const GRAPHQL_PATH = "/graphql";

/**
 * Apollo Server on the same Fastify listener as the REST shim: POST /graphql for clients (CSRF
 * prevention on, batching off), GET /graphql for the offline playground when enabled.
 */
export async function registerGraphQL(
  app: FastifyInstance,
  services: Services,
  /** Metrics: more Apollo plugins, and the free-text counter. */
  observability: GraphQLObservability = { plugins: [], countFreeText: () => undefined },
): Promise<void> {
  const { config } = services;
  const trusted = TrustedDocuments.fromConfig(config.trustedDocuments);
  // The development playground keeps working with trusted documents on: its page proves it with a key (development only).
  const playgroundKey = trusted && config.playground && config.isDevelopment ? new PlaygroundKey() : null;
  if (trusted) {
    app.log.info({ mode: trusted.mode, documents: trusted.count(), playgroundExempt: playgroundKey !== null }, "GraphQL trusted documents on");
    registerTrustedDocuments(app, trusted, { graphqlPath: GRAPHQL_PATH, playground: playgroundKey });
  }
  const bounds = graphqlBounds(config.graphqlLimits, { introspection: config.introspection });
  const schema = buildGraphQLSchema(services.details, services.batch, services.history);
  const formatError = createErrorFormatter({ exposeDetails: config.isDevelopment });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    csrfPrevention: true,
    // With trusted documents on, only their manifest names documents: no client registers text under an id.
    ...(trusted ? { persistedQueries: false as const } : {}),
    allowBatchedHttpRequests: false,
    introspection: config.introspection,
    parseOptions: bounds.parseOptions,
    validationRules: bounds.validationRules,
    // Outside development, no "Did you mean …?" naming fields and types of the schema.
    hideSchemaDetailsFromClientErrors: !config.isDevelopment,
    includeStacktraceInErrorResponses: config.isDevelopment,
    formatError,
    plugins: [
      graphqlBudgetPlugin(),
      ...(trusted ? [trustedDocumentsPlugin(trusted, { countFreeText: observability.countFreeText, playground: playgroundKey })] : []),
      serviceUnavailablePlugin,
      ApolloServerPluginLandingPageDisabled(),
      errorLoggingPlugin(app.log),
      ...bounds.plugins,
      ...observability.plugins,
    ],
    // The process's own shutdown (src/lifecycle/shutdown.ts) drains requests; Apollo's signal handler would drop
    // the connections of requests still running and re-raise the signal. Apollo stops when Fastify closes.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  app.addHook("onClose", () => apollo.stop());
  // Subscriptions (and any operation) over WebSocket at the same path: graphql-transport-ws.
  registerGraphQLWebSocket(app, services, { path: GRAPHQL_PATH, schema, bounds, formatError, trusted, countFreeText: observability.countFreeText, playgroundKey });

  const context = async (request: FastifyRequest): Promise<GraphQLContext> => {
    const budget = requestBudget(request);
    return {
      principal: await requestPrincipal(request, services.authenticator).catch((error: unknown) => contextFailure(error, request.log)),
      snapshots: new RequestMemo(),
      log: request.log,
      ...(budget ? { budget } : {}),
    };
  };

  if (config.playground) {
    await app.register(fastifyApollo(apollo), { context, path: GRAPHQL_PATH, method: ["POST", "OPTIONS"] });
    await registerPlayground(app, {
      graphqlPath: GRAPHQL_PATH,
      restDocsPath: DOCS_PATH,
      graphqlGetHandler: fastifyApolloHandler(apollo, { context }) as RouteHandlerMethod,
      // Development only: the page opens on a working example (the demo administrator's token, minted per page).
      ...(config.isDevelopment ? { pageDefaults: () => demoPlaygroundDefaults(services) } : {}),
      ...(playgroundKey ? { trustedDocumentsKey: playgroundKey.value } : {}),
    });
  } else {
    await app.register(fastifyApollo(apollo), { context, path: GRAPHQL_PATH, method: ["POST", "OPTIONS"] });
    registerPlaygroundOffNotice(app, { graphqlPath: GRAPHQL_PATH, graphqlGetHandler: fastifyApolloHandler(apollo, { context }) as RouteHandlerMethod });
  }
}

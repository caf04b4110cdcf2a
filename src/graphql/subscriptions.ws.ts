import type { FastifyInstance } from "fastify";
import { parse, specifiedRules, validate, GraphQLError, Kind, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { CloseCode, type FormattedExecutionResult } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { AuthenticatedSession } from "../auth/authenticator";
import { SharedChange } from "../customers/history/change-feed";
import { isWebSocketOriginAllowed } from "../browser/websocket-origin";
import { rawJsonResponse } from "../http/request-guards";
import type { Services } from "../services";
import type { GraphQLContext } from "./context";
import { clientFacingMessage, type GraphQLBounds } from "./limits";
import { PLAYGROUND_KEY_PARAM, type PlaygroundKey } from "./trusted-documents/playground-key";
import { refusal, type TrustedDocuments } from "./trusted-documents/trusted-documents";
import { subscribeSharingResults } from "./shared-results";

/** What the connection_init payload established: the session of the token it carried (null: none). */
interface Session {
  identity: AuthenticatedSession | null;
  /** The development playground's connection (it sent the key its page carries). */
  playground: boolean;
}

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** Largest WebSocket message accepted (the same bound as a REST body). */
const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * GraphQL over WebSocket (the graphql-transport-ws protocol of the graphql-ws library) on the same listener and path
 * as POST /graphql. The `connection_init` payload `{"Authorization": "Bearer …"}` authenticates like the HTTP header
 * (a bad token closes the socket with 4401). The token is verified once; the user is reloaded from the principal cache
 * for each operation and each event. Every operation is bounded and validated like an HTTP one, runs on the same
 * shielded schema, and its errors are formatted by the same formatter. The subscribers of one customer's changes that
 * run the same operation share one execution per change (shared-results.ts).
 */
export function registerGraphQLWebSocket(
  app: FastifyInstance,
  services: Services,
  options: {
    path: string;
    schema: GraphQLSchema;
    bounds: GraphQLBounds;
    formatError: FormatError;
    /** Trusted documents, when on: they apply to operations over WebSocket as over HTTP. */
    trusted?: TrustedDocuments | null;
    countFreeText?: (name: string | null | undefined) => void;
    /** The development playground's key: a connection that sends it may send free text. */
    playgroundKey?: PlaygroundKey | null;
  },
): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sessions = new WeakMap<object, Session>();
  /** Each subscription's operation (text, name, variables): the subscribers running the same one share its results. */
  const operationKeys = new WeakMap<DocumentNode, string>();
  const subscribe = subscribeSharingResults((event): event is SharedChange => event instanceof SharedChange);
  const formatErrors = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => options.formatError(error.toJSON(), error));

  const server = useServer<Record<string, unknown> | undefined>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.Authorization ?? ctx.connectionParams?.authorization;
        const authorization = typeof raw === "string" ? raw : undefined;
        const identity = authorization === undefined ? null : await services.authenticator.session(authorization);
        if (raw !== undefined && !identity) {
          ctx.extra.socket.close(CloseCode.Unauthorized, "Unauthenticated.");
          return false;
        }
        sessions.set(ctx, { identity, playground: options.playgroundKey?.matches(ctx.connectionParams?.[PLAYGROUND_KEY_PARAM]) ?? false });
        return true;
      },
      subscribe: (args) => subscribe(args, operationKeys.get(args.document) ?? null),
      onSubscribe: async (ctx, _id, payload) => {
        let query = payload.query;
        let freeText = false;
        if (options.trusted) {
          const resolution = options.trusted.resolve({
            query,
            documentId: Reflect.get(payload, "documentId"),
            extensions: payload.extensions ?? undefined,
            fromPlayground: sessions.get(ctx)?.playground ?? false,
          });
          if (resolution.kind === "refused") return [refusal(resolution.error)];
          if (resolution.kind === "trusted") query = resolution.document.body;
          freeText = resolution.kind === "free-text";
        }
        let document: DocumentNode;
        try {
          document = parse(query, options.bounds.parseOptions);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError("Syntax Error")];
        }
        if (freeText) options.countFreeText?.(payload.operationName ?? operationNameOf(document));
        const errors = validate(options.schema, document, [...specifiedRules, ...options.bounds.validationRules]);
        if (errors.length > 0) return errors.map((error) => withCode(error, "GRAPHQL_VALIDATION_FAILED"));
        const tooManyItems = options.bounds.batchItemsRefusal(document, payload.operationName, payload.variables);
        if (tooManyItems) return [tooManyItems];
        const identity = sessions.get(ctx)?.identity ?? null;
        const current = async () => (identity ? identity.current() : null);
        const principal = await current();
        // Fair use (src/limits): the operation's price against the budget, a slot for a subscription.
        const refused = await services.webSocketAdmission.admit(ctx, payload, {
          principal,
          address: ctx.extra.request.socket.remoteAddress ?? "unknown",
          document,
          operationName: payload.operationName,
          variables: payload.variables,
        });
        if (refused) return refused;
        const contextValue: GraphQLContext = {
          principal,
          log: app.log,
          live: {
            history: services.history,
            reauthenticate: async () => {
              contextValue.principal = await current();
              return contextValue.principal;
            },
          },
        };
        operationKeys.set(document, `${payload.operationName ?? ""}\n${JSON.stringify(payload.variables ?? null)}\n${query}`);
        return {
          schema: options.schema,
          document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          contextValue,
        };
      },
      onNext: (_ctx, _id, _payload, _args, result): FormattedExecutionResult =>
        result.errors ? { ...result, errors: formatErrors(result.errors) } : (result as FormattedExecutionResult),
      onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
      onComplete: (_ctx, _id, payload) => services.webSocketAdmission.completed(payload),
      onClose: (ctx) => services.webSocketAdmission.closed(ctx),
    },
    wss,
  );

  // LISTEN before the first subscriber arrives, so that a change committed right after it subscribed is seen.
  app.addHook("onReady", async () => {
    await services.history.feed.ready().catch((error: unknown) => app.log.warn({ err: error }, "change feed not listening yet; the bus retries"));
  });
  const listedOrigins = new Set(services.config.corsOrigins);
  app.server.on("upgrade", (request, socket, head) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== options.path) {
      socket.destroy();
      return;
    }
    if (!isWebSocketOriginAllowed(request, listedOrigins)) {
      socket.on("error", () => undefined);
      socket.end(rawJsonResponse(403, "Forbidden"));
      return;
    }
    wss.handleUpgrade(request, socket, head, (client) => wss.emit("connection", client, request));
  });
  app.addHook("preClose", async () => {
    await server.dispose();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
}

/** The name of a document's first operation (what runs when the request names none). */
function operationNameOf(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) if (definition.kind === Kind.OPERATION_DEFINITION) return definition.name?.value;
  return undefined;
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(clientFacingMessage(error.message), { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

import type { ApolloServerPlugin } from "@apollo/server";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { sendAppError } from "../../http/error-handler";
import type { GraphQLContext } from "../context";
import { PLAYGROUND_KEY_HEADER, type PlaygroundKey } from "./playground-key";
import { withoutPersistedQuery, type DocumentRequest, type TrustedDocuments } from "./trusted-documents";

/**
 * Trusted documents over HTTP, POST and GET alike, in two steps:
 * - a Fastify hook on the GraphQL route refuses, before Apollo sees the request, free text under `require`
 *   (400 PERSISTED_QUERY_REQUIRED) and an id the manifest does not hold (400 PERSISTED_QUERY_NOT_FOUND): nothing is
 *   parsed or executed (Apollo masks an error thrown by a plugin before parsing as a 500, so it cannot refuse there);
 * - an Apollo plugin gives a request that names a trusted document its body, and counts free text under `allow`.
 * Apollo's own automatic persisted queries are off while this is on, so no client can register text under an id.
 */
export function registerTrustedDocuments(
  app: FastifyInstance,
  trusted: TrustedDocuments,
  options: { graphqlPath: string; playground: PlaygroundKey | null },
): void {
  app.addHook("preHandler", async (request, reply) => {
    if (request.routeOptions.url !== options.graphqlPath) return;
    const document = documentRequestOf(request);
    if (!document) return;
    const resolution = trusted.resolve({ ...document, fromPlayground: options.playground?.matches(request.headers[PLAYGROUND_KEY_HEADER]) ?? false });
    if (resolution.kind === "refused") return sendAppError(reply, resolution.error, true);
  });
}

export function trustedDocumentsPlugin(
  trusted: TrustedDocuments,
  options: { countFreeText: (name: string | null | undefined) => void; playground: PlaygroundKey | null },
): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ request }) {
      const resolution = trusted.resolve({
        query: request.query,
        documentId: documentIdOf(request.http?.method, request.http?.body, request.http?.search),
        extensions: request.extensions,
        fromPlayground: options.playground?.matches(request.http?.headers.get(PLAYGROUND_KEY_HEADER)) ?? false,
      });
      switch (resolution.kind) {
        case "trusted":
          request.query = resolution.document.body;
          request.extensions = withoutPersistedQuery(request.extensions);
          return;
        case "free-text":
          request.extensions = withoutPersistedQuery(request.extensions);
          return {
            async willSendResponse({ operationName }) {
              options.countFreeText(operationName);
            },
          };
        case "refused":
          // Refused by the hook already; should one come another way, Apollo refuses it as a request without a document.
          request.query = undefined;
          request.extensions = {};
          return;
        case "playground":
        case "empty":
          return;
      }
    },
  };
}

/** What a POST body or a GET query string says about the document; null for other methods. */
function documentRequestOf(request: FastifyRequest): DocumentRequest | null {
  const fields = request.method === "POST" ? request.body : request.method === "GET" ? request.query : null;
  if (typeof fields !== "object" || fields === null) return null;
  const query: unknown = Reflect.get(fields, "query");
  let extensions: unknown = Reflect.get(fields, "extensions");
  if (request.method === "GET" && typeof extensions === "string") extensions = parseJson(extensions);
  return {
    query: typeof query === "string" ? query : undefined,
    documentId: Reflect.get(fields, "documentId"),
    extensions: typeof extensions === "object" && extensions !== null ? (extensions as Record<string, unknown>) : undefined,
  };
}

/** `documentId` from a POST body or a GET's query string (Apollo parses neither). */
function documentIdOf(method: string | undefined, body: unknown, search: string | undefined): unknown {
  if (method === "GET") return new URLSearchParams(search).get("documentId") ?? undefined;
  return typeof body === "object" && body !== null ? Reflect.get(body, "documentId") : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

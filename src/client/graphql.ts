import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";
import { DOCUMENT_IDS } from "./graphql/document-ids";

export * from "./graphql/operations";
export { DOCUMENT_IDS } from "./graphql/document-ids";

/** A GraphQL error as the service writes it (`extensions.code`: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT...). */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; errors?: Record<string, string[]>; [key: string]: unknown };
}

export interface GraphQLResult<TData> {
  /** The HTTP status (200, or 4xx/503 for errors the service refuses before running the operation). */
  status: number;
  data: TData | null | undefined;
  errors: GraphQLErrorBody[] | undefined;
  response: Response;
}

export interface GraphQLClientOptions {
  /** The service's origin, e.g. "http://127.0.0.1:4000" (the endpoint is <baseUrl>/graphql). */
  baseUrl: string;
  token?: string;
  headers?: Record<string, string>;
  fetch?: typeof globalThis.fetch;
  /**
   * Send the package's own documents by id (`documentId`, their entry in trusted-documents.json) instead of their
   * text: what a service with GRAPHQL_TRUSTED_DOCUMENTS=require (or allow) serves. Other documents go as text.
   */
  sendDocumentIds?: boolean;
}

export interface GraphQLClient {
  /** Runs a typed document: the variables and the result's data are typed by the document. */
  request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<GraphQLResult<TData>>;
}

/**
 * A tiny GraphQL-over-HTTP client for the typed documents of this package (CustomerDetailsDocument,
 * PatchCustomerDetailsDocument, ...): a JSON POST to /graphql.
 *
 *     const gql = createGraphQLClient({ baseUrl: "http://127.0.0.1:4000", token });
 *     const { data } = await gql.request(PatchCustomerDetailsDocument, { uuid, input: { employeeCount: 100 } });
 *
 * With `sendDocumentIds: true` it sends the ids of trusted documents instead of their text.
 */
export function createGraphQLClient(options: GraphQLClientOptions): GraphQLClient {
  const endpoint = `${options.baseUrl.replace(/\/+$/, "")}/graphql`;
  const send = options.fetch ?? globalThis.fetch;
  return {
    async request(document, variables) {
      const response = await send(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...options.headers,
          ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        },
        body: JSON.stringify({ ...documentOf(document, options.sendDocumentIds === true), variables }),
      });
      const text = await response.text();
      const body = parseBody(text);
      return { status: response.status, data: body?.data as never, errors: body?.errors, response };
    },
  };
}

/** What names the document in a request: its trusted id when asked for and known, else its text. */
function documentOf(document: DocumentNode, byId: boolean): { documentId: string } | { query: string } {
  const id = byId ? DOCUMENT_IDS.get(document) : undefined;
  return id === undefined ? { query: print(document) } : { documentId: id };
}

function parseBody(text: string): { data?: unknown; errors?: GraphQLErrorBody[] } | null {
  try {
    return text ? (JSON.parse(text) as { data?: unknown; errors?: GraphQLErrorBody[] }) : null;
  } catch {
    return null;
  }
}

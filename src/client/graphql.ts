import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

export * from "./graphql/operations";

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
        body: JSON.stringify({ query: print(document), variables }),
      });
      const text = await response.text();
      const body = parseBody(text);
      return { status: response.status, data: body?.data as never, errors: body?.errors, response };
    },
  };
}

function parseBody(text: string): { data?: unknown; errors?: GraphQLErrorBody[] } | null {
  try {
    return text ? (JSON.parse(text) as { data?: unknown; errors?: GraphQLErrorBody[] }) : null;
  } catch {
    return null;
  }
}

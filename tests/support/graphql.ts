import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createGraphQLClient } from "../../src/client";
import { http } from "./http";

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; errors?: Record<string, string[]>; stacktrace?: string[] };
}

export interface GraphQLResult<TData> {
  status: number;
  data: TData | null | undefined;
  errors: GraphQLErrorBody[] | undefined;
}

/** Runs a typed document (the package's, src/client/graphql, or the tests' own) over real HTTP. */
export async function graphql<TData, TVariables>(
  baseUrl: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  token?: string,
): Promise<GraphQLResult<TData>> {
  // Through the package's GraphQL client (`customer-details-api/client`), as an integrator would call it.
  const client = createGraphQLClient({ baseUrl, ...(token === undefined ? {} : { token }) });
  const { status, data, errors } = await client.request(document, variables);
  return { status, data, errors };
}

/** Runs an operation given as text (for aliases and fields the typed documents do not cover). */
export async function graphqlText<TData = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResult<TData>> {
  const response = await http<{ data?: TData | null; errors?: GraphQLErrorBody[] }>(
    "POST",
    `${baseUrl}/graphql`,
    { query, variables },
    token ? { token } : {},
  );
  return { status: response.status, data: response.body?.data, errors: response.body?.errors };
}

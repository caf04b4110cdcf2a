import { print } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { Inbox } from "./eventually";
import type { GraphQLErrorBody } from "./graphql";

/** What a subscription delivered: results (data or errors), then how it ended. */
export interface SubscriptionRun<TData> {
  results: Inbox<{ data?: TData | null; errors?: GraphQLErrorBody[] }>;
  /** Resolves when the server completes the operation, rejects with the close event or error it ended with. */
  ended: Promise<"complete">;
  /** Ends it from the client side. */
  stop(): void;
}

/** A graphql-ws client (graphql-transport-ws) for a service under test; Node 20 has no global WebSocket. */
export function wsClient(baseUrl: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

export function subscribe<TData, TVariables>(
  client: Client,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): SubscriptionRun<TData> {
  const results = new Inbox<{ data?: TData | null; errors?: GraphQLErrorBody[] }>();
  let stop: () => void = () => undefined;
  const ended = new Promise<"complete">((resolve, reject) => {
    stop = client.subscribe<TData>(
      { query: print(document), variables: variables as Record<string, unknown> },
      {
        next: (value) => results.push(value as { data?: TData | null; errors?: GraphQLErrorBody[] }),
        error: (error: unknown) => reject(error),
        complete: () => resolve("complete"),
      },
    );
  });
  ended.catch(() => undefined);
  return { results, ended, stop: () => stop() };
}

import type { ApolloServerPlugin } from "@apollo/server";
import type { FastifyBaseLogger } from "fastify";
import { GraphQLError } from "graphql";
import { AppErrorCode, graphqlCodeOf, httpStatusOf, retryAfterSecondsOf, toAppError } from "../errors";

const UNAVAILABLE = graphqlCodeOf(AppErrorCode.ServiceUnavailable);

function httpHead(): { status: number; headers: Map<string, string> } {
  return {
    status: httpStatusOf(AppErrorCode.ServiceUnavailable),
    headers: new Map([["retry-after", String(retryAfterSecondsOf(AppErrorCode.ServiceUnavailable))]]),
  };
}

/**
 * GraphQL answers "the database is not there" with HTTP 503 (and Retry-After), not 200 or 500: whenever an error of
 * the response has `extensions.code: SERVICE_UNAVAILABLE` (the error formatter classifies them), so does the status.
 */
export const serviceUnavailablePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const errors = response.body.kind === "single" ? response.body.singleResult.errors : response.body.initialResult.errors;
        if (!errors?.some((error) => error.extensions?.code === UNAVAILABLE)) return;
        const head = httpHead();
        response.http.status = head.status;
        for (const [name, value] of head.headers) response.http.headers.set(name, value);
      },
    };
  },
};

/**
 * For a failure while building the request's context (loading the caller's permissions), which Apollo answers before
 * any plugin hook: a database that is not there becomes a GraphQL error carrying its own HTTP 503; anything else is
 * rethrown (a bug: Apollo answers 500).
 */
export function contextFailure(error: unknown, log: FastifyBaseLogger): never {
  const known = toAppError(error);
  if (known?.code !== AppErrorCode.ServiceUnavailable) throw error;
  log.warn({ err: error }, "database unavailable");
  throw new GraphQLError(known.message, { originalError: known, extensions: { code: UNAVAILABLE, http: httpHead() } });
}

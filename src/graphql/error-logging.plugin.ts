import type { ApolloServerPlugin } from "@apollo/server";
import type { FastifyBaseLogger } from "fastify";
import { isDatabaseUnavailable } from "../errors";
import type { GraphQLContext } from "./context";
import { isUnexpectedError } from "./format-error";

/**
 * Logs the errors clients see masked (error level), and the database not being there (warn level, with the driver's
 * words clients never see), on the request's own logger (so the line carries its request id).
 */
export function errorLoggingPlugin(fallback: FastifyBaseLogger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const log = contextValue.log ?? fallback;
            if (isUnexpectedError(error, error.extensions?.code)) {
              log.error({ err: error.originalError ?? error }, "graphql error");
            } else if (isDatabaseUnavailable(error.originalError)) {
              log.warn({ err: error.originalError }, "database unavailable");
            }
          }
        },
      };
    },
  };
}

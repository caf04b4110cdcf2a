import type { ApolloServerPlugin } from "@apollo/server";
import type { FastifyBaseLogger } from "fastify";
import type { GraphQLContext } from "./context";
import { isUnexpectedError } from "./format-error";

/** Logs the errors clients see masked, on the request's own logger (so the line carries its request id). */
export function errorLoggingPlugin(fallback: FastifyBaseLogger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (isUnexpectedError(error, error.extensions?.code)) {
              (contextValue.log ?? fallback).error({ err: error.originalError ?? error }, "graphql error");
            }
          }
        },
      };
    },
  };
}

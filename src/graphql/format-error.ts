import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { graphqlCodeOf, toAppError } from "../errors";
import { clientErrorOf, isClientStatusError } from "./client-errors";
import { clientFacingMessage } from "./limits";

/**
 * Every error a client sees, mapped once: a service AppError gets its code and REST message
 * (validation errors carry `extensions.errors`); a database that is not there is SERVICE_UNAVAILABLE
 * (the driver's words never sent; serviceUnavailablePlugin makes it HTTP 503); GraphQL's own request errors keep their codes;
 * anything else is masked, with its stack trace only in development.
 */
export function createErrorFormatter(options: { exposeDetails: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const known = toAppError(unwrapResolverError(error));
    if (known) {
      return {
        message: known.message,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: {
          code: graphqlCodeOf(known.code),
          ...(known.fieldErrors ? { errors: known.fieldErrors } : {}),
        },
      };
    }
    const client = clientErrorOf(formatted, error);
    if (client) return client;
    if (!isUnexpectedError(error, formatted.extensions?.code)) return { ...formatted, message: clientFacingMessage(formatted.message) };
    const original = unwrapResolverError(error);
    return {
      message: "Internal server error",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: {
        code: "INTERNAL_SERVER_ERROR",
        ...(options.exposeDetails && original instanceof Error ? { stacktrace: original.stack?.split("\n") } : {}),
      },
    };
  };
}

/**
 * True for what a client cannot have caused: anything but a service AppError, a database that is not there, or one of
 * GraphQL's own request errors with a code. These are masked for clients and logged (with the request's id) by the error-logging plugin.
 */
export function isUnexpectedError(error: unknown, code: unknown): boolean {
  const original = unwrapResolverError(error);
  if (toAppError(original) || isClientStatusError(error)) return false;
  const fromGraphQL = original instanceof GraphQLError || (error instanceof GraphQLError && original === error);
  return !(fromGraphQL && typeof code === "string" && code !== "INTERNAL_SERVER_ERROR");
}

import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { LIMIT_ERROR_CODE } from "./limits";

/**
 * Client mistakes that reach the error formatter without a client code of their own, given one here so that they are
 * answered as what they are (never INTERNAL_SERVER_ERROR, never logged as a server error):
 * - the parser's token limit and a document nested deeper than the parser's stack (Apollo reports both as parse
 *   failures; they are bounds, like the validation limits: GRAPHQL_VALIDATION_FAILED);
 * - Apollo's own request errors that carry a 4xx HTTP status but no code (a persisted-query hash that does not match
 *   its query, an unsupported persisted-query version): BAD_REQUEST.
 * Returns null for anything else.
 */
export function clientErrorOf(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | null {
  const code = formatted.extensions?.code;
  if (code === "GRAPHQL_PARSE_FAILED") {
    if (causes(error).some((cause) => cause instanceof RangeError)) {
      return { message: "The document is nested too deeply.", extensions: { code: LIMIT_ERROR_CODE } };
    }
    // graphql-js 16 spells it "more that N tokens"; a later version may fix the typo.
    const tokens = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/.exec(formatted.message);
    if (tokens) {
      return { message: `The document has more than ${tokens[1]} tokens.`, extensions: { code: LIMIT_ERROR_CODE } };
    }
    return null;
  }
  if (isClientStatusError(error)) return { message: formatted.message, extensions: { code: "BAD_REQUEST" } };
  return null;
}

/** One of Apollo's request errors that carries a 4xx HTTP status but no code: the client's mistake. */
export function isClientStatusError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const http = error.extensions.http;
  const status = typeof http === "object" && http !== null ? Reflect.get(http, "status") : undefined;
  return typeof status === "number" && status >= 400 && status < 500;
}

/** The error and the chain of its `originalError`s / `cause`s. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current instanceof Error && chain.length < 10) {
    chain.push(current);
    current = current instanceof GraphQLError ? current.originalError : current.cause;
  }
  return chain;
}

import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { BODY_LIMIT_BYTES } from "./json-body";
import { AppError, AppErrorCode, graphqlCodeOf, httpStatusOf, isDatabaseUnavailable, retryAfterSecondsOf } from "../errors";

/**
 * The error body: always JSON with a `message`. On REST, 422s add Laravel's `errors` map. On the GraphQL path (errors
 * raised before Apollo runs: a body that cannot be parsed, a refused header) it is also a GraphQL response, with an
 * `errors` list whose `extensions.code` is the GraphQL door's code, so GraphQL clients read it like any other error.
 */
export function appErrorBody(error: AppError, graphql: boolean): object {
  if (graphql) return { message: error.message, errors: [{ message: error.message, extensions: { code: graphqlCodeOf(error.code) } }] };
  return error.fieldErrors ? { message: error.message, errors: error.fieldErrors } : { message: error.message };
}

/** Sends an AppError with its status; 503s say when to retry. */
export function sendAppError(reply: FastifyReply, error: AppError, graphql = false): FastifyReply {
  const body = appErrorBody(error, graphql);
  const retryAfter = retryAfterSecondsOf(error.code);
  if (retryAfter !== null) reply.header("retry-after", String(retryAfter));
  return reply.code(httpStatusOf(error.code)).type("application/json; charset=utf-8").send(body);
}

const FASTIFY_CODES: Record<string, AppErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: AppErrorCode.UnsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: AppErrorCode.MalformedBody,
  FST_ERR_CTP_EMPTY_JSON_BODY: AppErrorCode.MalformedBody,
  FST_ERR_CTP_INVALID_JSON_BODY: AppErrorCode.MalformedBody,
};

/** The 413, naming the route's own limit (64 KiB, a batch's 1 MiB). */
function payloadTooLarge(limitBytes: number | undefined): AppError {
  if (limitBytes === undefined || limitBytes === BODY_LIMIT_BYTES) return new AppError(AppErrorCode.PayloadTooLarge);
  const size = limitBytes % (1024 * 1024) === 0 ? `${limitBytes / (1024 * 1024)} MiB` : `${Math.round(limitBytes / 1024)} KiB`;
  return new AppError(AppErrorCode.PayloadTooLarge, `Payload Too Large: the body must not exceed ${size}.`);
}

/**
 * Maps every error to a JSON response once, for all routes. A database that is not there is a 503 (logged as a
 * warning with the driver's words, which the client never sees); anything unexpected is a 500, logged with its stack.
 */
export function registerErrorHandling(app: FastifyInstance, options: { graphqlPath: string }): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const graphql = request.url.split("?")[0] === options.graphqlPath;
    if (error instanceof AppError) return sendAppError(reply, error, graphql);
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return sendAppError(reply, payloadTooLarge(request.routeOptions.bodyLimit), graphql);
    const mapped = FASTIFY_CODES[error.code];
    if (mapped) return sendAppError(reply, new AppError(mapped), graphql);
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, "database unavailable");
      return sendAppError(reply, AppError.serviceUnavailable(error), graphql);
    }
    if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ message: error.message });
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.code(500).send({ message: "Server Error" });
  });
  app.setNotFoundHandler((_request, reply) => sendAppError(reply, new AppError(AppErrorCode.RouteNotFound)));
}

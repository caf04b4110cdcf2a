export { AppError, AppErrorCode, assertUnreachable, type FieldErrors } from "./app-error";
export { httpStatusOf, retryAfterSecondsOf, RETRY_AFTER_SECONDS } from "./http-status";
export { isDatabaseUnavailable, toAppError } from "./database-unavailable";
export { graphqlCodeOf } from "./graphql-code";

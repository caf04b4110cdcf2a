export { AppError, AppErrorCode, assertUnreachable, type FieldErrors } from "./app-error";
export { httpStatusOf } from "./http-status";
export { graphqlCodeOf } from "./graphql-code";

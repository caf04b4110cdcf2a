import { AppErrorCode, assertUnreachable } from "./app-error";

/** The one place where an error code becomes a GraphQL `extensions.code` (GraphQL door). */
export function graphqlCodeOf(code: AppErrorCode): string {
  switch (code) {
    case AppErrorCode.Unauthenticated:
      return "UNAUTHENTICATED";
    case AppErrorCode.Forbidden:
      return "FORBIDDEN";
    case AppErrorCode.CustomerNotFound:
    case AppErrorCode.DetailsNotFound:
    case AppErrorCode.RouteNotFound:
      return "NOT_FOUND";
    case AppErrorCode.ValidationFailed:
      return "BAD_USER_INPUT";
    case AppErrorCode.PreconditionFailed:
      return "PRECONDITION_FAILED";
    case AppErrorCode.UnsupportedMediaType:
    case AppErrorCode.MalformedBody:
    case AppErrorCode.PayloadTooLarge:
    case AppErrorCode.MethodNotAllowed:
    case AppErrorCode.BadRequest:
    case AppErrorCode.InvalidEncoding:
    case AppErrorCode.UnsupportedCharset:
      return "BAD_REQUEST";
    case AppErrorCode.ServiceUnavailable:
      return "SERVICE_UNAVAILABLE";
    case AppErrorCode.PersistedQueryRequired:
      return "PERSISTED_QUERY_REQUIRED";
    case AppErrorCode.PersistedQueryNotFound:
      return "PERSISTED_QUERY_NOT_FOUND";
    case AppErrorCode.RateLimited:
      return "RATE_LIMITED";
    default:
      return assertUnreachable(code);
  }
}

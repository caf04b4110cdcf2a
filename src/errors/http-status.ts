import { AppErrorCode, assertUnreachable } from "./app-error";

/** The one place where an error code becomes an HTTP status (REST door). */
export function httpStatusOf(code: AppErrorCode): number {
  switch (code) {
    case AppErrorCode.Unauthenticated:
      return 401;
    case AppErrorCode.Forbidden:
      return 403;
    case AppErrorCode.CustomerNotFound:
    case AppErrorCode.DetailsNotFound:
    case AppErrorCode.RouteNotFound:
      return 404;
    case AppErrorCode.MethodNotAllowed:
      return 405;
    case AppErrorCode.PreconditionFailed:
      return 412;
    case AppErrorCode.PayloadTooLarge:
      return 413;
    case AppErrorCode.UnsupportedMediaType:
    case AppErrorCode.UnsupportedCharset:
      return 415;
    case AppErrorCode.ValidationFailed:
      return 422;
    case AppErrorCode.MalformedBody:
    case AppErrorCode.BadRequest:
    case AppErrorCode.InvalidEncoding:
      return 400;
    default:
      return assertUnreachable(code);
  }
}

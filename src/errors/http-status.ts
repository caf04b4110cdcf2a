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
    case AppErrorCode.PersistedQueryRequired:
    case AppErrorCode.PersistedQueryNotFound:
      return 400;
    case AppErrorCode.RateLimited:
      return 429;
    case AppErrorCode.ServiceUnavailable:
      return 503;
    default:
      return assertUnreachable(code);
  }
}

/**
 * The `Retry-After` (seconds) sent with a code, or null (a 429's depends on the caller's budget: src/limits sets it). A client may try again this soon: the service takes
 * the database back within 5 s of its return, with no restart.
 */
export function retryAfterSecondsOf(code: AppErrorCode): number | null {
  return code === AppErrorCode.ServiceUnavailable ? RETRY_AFTER_SECONDS : null;
}

export const RETRY_AFTER_SECONDS = 5;

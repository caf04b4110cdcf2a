/**
 * Every error a client can cause is one of these codes. The HTTP status and the GraphQL code of each
 * are mapped once, in `http-status.ts` and in the GraphQL error formatter, by exhaustive switches:
 * adding a code without mapping it does not compile.
 */
export enum AppErrorCode {
  Unauthenticated = "UNAUTHENTICATED",
  Forbidden = "FORBIDDEN",
  CustomerNotFound = "CUSTOMER_NOT_FOUND",
  DetailsNotFound = "DETAILS_NOT_FOUND",
  ValidationFailed = "VALIDATION_FAILED",
  PreconditionFailed = "PRECONDITION_FAILED",
  UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE",
  MalformedBody = "MALFORMED_BODY",
  PayloadTooLarge = "PAYLOAD_TOO_LARGE",
  RouteNotFound = "ROUTE_NOT_FOUND",
  MethodNotAllowed = "METHOD_NOT_ALLOWED",
  /** A request malformed at the HTTP level (e.g. several Authorization headers). */
  BadRequest = "BAD_REQUEST",
  /** A body whose bytes are not UTF-8. */
  InvalidEncoding = "INVALID_ENCODING",
  /** A body declared in a charset other than UTF-8. */
  UnsupportedCharset = "UNSUPPORTED_CHARSET",
  /** The database is unreachable, refusing, not answering in time, or the service is shutting down. */
  ServiceUnavailable = "SERVICE_UNAVAILABLE",
  /** GraphQL text sent where only trusted documents are served (GRAPHQL_TRUSTED_DOCUMENTS=require). */
  PersistedQueryRequired = "PERSISTED_QUERY_REQUIRED",
  /** A document id that the trusted documents' manifest does not hold. */
  PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND",
  /** Over the caller's budget (docs/behaviour.md section 14): nothing was done; Retry-After says when to try again. */
  RateLimited = "RATE_LIMITED",
}

const DEFAULT_MESSAGES: Record<AppErrorCode, string> = {
  [AppErrorCode.Unauthenticated]: "Unauthenticated.",
  [AppErrorCode.Forbidden]: "Forbidden",
  [AppErrorCode.CustomerNotFound]: "Customer not found",
  [AppErrorCode.DetailsNotFound]: "Customer details not found",
  [AppErrorCode.ValidationFailed]: "The given data was invalid.",
  [AppErrorCode.PreconditionFailed]: "Precondition Failed",
  [AppErrorCode.UnsupportedMediaType]: "Unsupported Media Type: the body must be application/json.",
  [AppErrorCode.MalformedBody]: "The body is not valid JSON.",
  [AppErrorCode.PayloadTooLarge]: "Payload Too Large: the body must not exceed 64 KiB.",
  [AppErrorCode.RouteNotFound]: "Not Found",
  [AppErrorCode.MethodNotAllowed]: "Method Not Allowed",
  [AppErrorCode.BadRequest]: "Bad Request",
  [AppErrorCode.InvalidEncoding]: "The body is not valid UTF-8.",
  [AppErrorCode.UnsupportedCharset]: "Unsupported Media Type: the body must be UTF-8 encoded.",
  [AppErrorCode.ServiceUnavailable]: "Service Unavailable",
  [AppErrorCode.PersistedQueryRequired]: "Only trusted documents are served here: send a document id (documentId or extensions.persistedQuery), not a query.",
  [AppErrorCode.PersistedQueryNotFound]: "No trusted document has this id.",
  [AppErrorCode.RateLimited]: "Too Many Requests",
};

/** field name → its messages, as Laravel's validator reports them. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  override name = "AppError";

  constructor(
    readonly code: AppErrorCode,
    message: string = DEFAULT_MESSAGES[code],
    readonly fieldErrors?: FieldErrors,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  static unauthenticated(): AppError {
    return new AppError(AppErrorCode.Unauthenticated);
  }

  static forbidden(): AppError {
    return new AppError(AppErrorCode.Forbidden);
  }

  static customerNotFound(): AppError {
    return new AppError(AppErrorCode.CustomerNotFound);
  }

  /** 503: `cause` (the driver's error, for the log) never reaches a client. */
  static serviceUnavailable(cause?: unknown): AppError {
    return new AppError(AppErrorCode.ServiceUnavailable, undefined, undefined, { cause });
  }

  static preconditionFailed(): AppError {
    return new AppError(AppErrorCode.PreconditionFailed);
  }

  /** A 422 with every failing field; the message is Laravel's: the first message and "(and N more errors)". */
  static validation(fieldErrors: FieldErrors): AppError {
    const messages = Object.values(fieldErrors).flat();
    const first = messages[0] ?? DEFAULT_MESSAGES[AppErrorCode.ValidationFailed];
    const more = messages.length - 1;
    const message = more > 0 ? `${first} (and ${more} more error${more === 1 ? "" : "s"})` : first;
    return new AppError(AppErrorCode.ValidationFailed, message, fieldErrors);
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}

import { AppError } from "./app-error";

/**
 * The one place that decides whether a failure means "the database is not there" (unreachable, refusing, dropped
 * the connection, not answering in time, or the pool is closed for shutdown): those become SERVICE_UNAVAILABLE
 * (REST 503 with Retry-After, GraphQL HTTP 503), everything else that is not an AppError is a bug (500).
 *
 * The shapes come from three layers, all duck-typed (errors may cross realms, e.g. in jest's VM):
 * - Node sockets: `code` ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE... (syscall connect/read/write);
 * - pg and pg-pool: plain Errors with fixed messages ("Connection terminated unexpectedly", "Query read timeout",
 *   "timeout exceeded when trying to connect"...), and PostgreSQL's own errors with a SQLSTATE `code`;
 * - Prisma 7 over @prisma/adapter-pg: PrismaClientKnownRequestError with `code` P1001/P1002/P1008/P1017 (connection),
 *   P2024 (pool timeout), P2028 (transaction could not start or expired), P2037 (too many connections), or P2010 (raw
 *   query failed) whose `meta.driverAdapterError.cause` says `kind` ("DatabaseNotReachable", "ConnectionClosed"...)
 *   or `originalCode` (a SQLSTATE); PrismaClientInitializationError carries the code as `errorCode`.
 */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2037"]);

const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * SQLSTATEs: 57014 statement timeout (query_canceled), 55P03 lock timeout, 57P01-57P03 the server shutting down or
 * not accepting connections yet, 53300 too many connections, 25P03 idle-in-transaction timeout, class 08 connection
 * exceptions.
 */
const SQLSTATES = new Set(["57014", "55P03", "57P01", "57P02", "57P03", "53300", "25P03"]);
const CONNECTION_EXCEPTION = /^08[0-9A-Z]{3}$/;

const PG_MESSAGES = [
  /^Connection terminated/, // unexpectedly, due to connection timeout, or by this process (cancelled work)
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
  /^Server has closed the connection/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  return matches(error, 0);
}

/**
 * What a failure is for a client: an AppError as it is; a database that is not there as SERVICE_UNAVAILABLE (the
 * original kept as `cause`, for the log only); null for anything else, which is a bug.
 */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  return isDatabaseUnavailable(error) ? AppError.serviceUnavailable(error) : null;
}

function matches(value: unknown, depth: number): boolean {
  if (typeof value !== "object" || value === null || depth > 5) return false;
  const code = field(value, "code");
  if (typeof code === "string" && isUnavailableCode(code, field(value, "syscall"))) return true;
  const errorCode = field(value, "errorCode");
  if (typeof errorCode === "string" && PRISMA_CODES.has(errorCode)) return true;
  const kind = field(value, "kind");
  if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
  const originalCode = field(value, "originalCode");
  if (typeof originalCode === "string" && isSqlState(originalCode)) return true;
  const message = field(value, "message");
  if (typeof message === "string" && PG_MESSAGES.some((pattern) => pattern.test(message))) return true;

  const meta = field(value, "meta");
  const adapterError = typeof meta === "object" && meta !== null ? field(meta, "driverAdapterError") : undefined;
  if (adapterError !== undefined && matches(adapterError, depth + 1)) return true;
  const errors = field(value, "errors");
  if (Array.isArray(errors) && errors.some((inner) => matches(inner, depth + 1))) return true;
  return matches(field(value, "cause"), depth + 1);
}

function isUnavailableCode(code: string, syscall: unknown): boolean {
  if (PRISMA_CODES.has(code) || isSqlState(code) || SOCKET_CODES.has(code)) return true;
  // A Unix socket that is not there (the embedded database's): only when connecting, not any missing file.
  return code === "ENOENT" && syscall === "connect";
}

function isSqlState(code: string): boolean {
  return SQLSTATES.has(code) || CONNECTION_EXCEPTION.test(code);
}

function field(value: object, name: string): unknown {
  return Reflect.get(value, name);
}

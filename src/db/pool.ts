import { Client, Pool, type ClientConfig, type PoolClient, type PoolConfig } from "pg";
import { sendCancelRequest } from "./cancel-request";
import type { Pooler } from "./database-url";
import { sessionFreeClientClass } from "./session-free-client";

/** Where the pool reports a connection that broke (the app's logger, once there is one). */
export type ConnectionErrorListener = (error: Error) => void;

/**
 * Added to the client-side query timeout on top of the server's statement_timeout, so that a database that
 * answers reports its own (clean) statement or lock timeout first; the client-side timeout only fires when
 * nothing comes back at all (a black hole).
 */
const CLIENT_TIMEOUT_MARGIN_MS = 500;

/**
 * DATABASE_TIMEOUT_MS as startup parameters of a session of its own (a direct connection): every statement and lock
 * wait bounded on the server, a transaction left idle by a vanished client rolled back, and the client-side
 * `query_timeout` a little later for a database that answers nothing at all.
 */
export function sessionTimeouts(timeoutMs: number): Pick<ClientConfig, "statement_timeout" | "lock_timeout" | "idle_in_transaction_session_timeout" | "query_timeout"> {
  return {
    statement_timeout: timeoutMs,
    lock_timeout: timeoutMs,
    idle_in_transaction_session_timeout: timeoutMs,
    query_timeout: timeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
  };
}

export interface BoundedPool {
  pool: Pool;
  /** The connections checked out right now (a request's statement or transaction in progress). */
  inUse: ReadonlySet<PoolClient>;
}

/**
 * A pg pool where no wait on the database lasts longer than `timeoutMs` and no broken connection crashes the
 * process:
 * - connecting, and waiting for a free pooled connection: `connectionTimeoutMillis`;
 * - each statement and each lock wait, on the server: `statement_timeout`, `lock_timeout` (a transaction left
 *   idle by a vanished client: `idle_in_transaction_session_timeout`), set for every session at start-up (behind a
 *   transaction pooler: for every transaction, see src/db/session-free-client.ts);
 * - a database that stops answering altogether: the client-side `query_timeout`, after which the connection is
 *   closed (see GuardedClient) so that nothing else queues behind the lost statement.
 * Every client has an 'error' listener from birth, whether idle in the pool, checked out by a request, or used
 * by the readiness probe: pg emits 'error' on a client whose connection breaks, and an EventEmitter 'error'
 * without a listener is an uncaught exception. A broken client is dropped by the pool when released; the error is
 * reported to `onConnectionError`.
 */
export function createBoundedPool(
  base: PoolConfig,
  options: { poolSize: number; timeoutMs: number; onConnectionError: ConnectionErrorListener; pooler: Pooler | null },
): BoundedPool {
  const guarded = guardedClientClass(options.onConnectionError);
  const pool = new Pool({
    ...base,
    // Behind a transaction pooler nothing is kept in a server session: the timeouts go with each transaction and
    // statement instead of the session's startup parameters (src/db/session-free-client.ts).
    ...(options.pooler ? { Client: sessionFreeClientClass(guarded, options.timeoutMs) } : { Client: guarded, ...sessionTimeouts(options.timeoutMs) }),
    max: options.poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: options.timeoutMs,
  });
  // An idle client whose connection breaks: pg-pool removes it and re-emits the error on the pool.
  pool.on("error", () => undefined);
  const inUse = new Set<PoolClient>();
  pool.on("acquire", (client) => inUse.add(client));
  pool.on("release", (_error, client) => inUse.delete(client));
  pool.on("remove", (client) => inUse.delete(client as PoolClient));
  return { pool, inUse };
}

/** A client for one-off work outside the pool (the migration runner): a bounded connect, the same error listener. */
export function createGuardedClient(base: ClientConfig, options: { connectTimeoutMs: number; onError: ConnectionErrorListener }): Client {
  const GuardedClient = guardedClientClass(options.onError);
  return new GuardedClient({ ...base, connectionTimeoutMillis: options.connectTimeoutMs });
}

/**
 * Stops what a connection is doing, on the server as well: PostgreSQL's CancelRequest interrupts the statement
 * running there, then the connection is closed so that whoever awaits it gets an error at once. Closing alone is not
 * enough: a backend waiting on a lock does not notice that its client went away, and a single-statement write would
 * still commit once the lock is free.
 *
 * Through a transaction pooler the connection is closed only `graceMs` later: pgbouncer forwards a cancel to the
 * server session its client is linked to, and a client that has already gone is linked to none.
 */
export function cancelAndClose(client: PoolClient, graceMs = 0): void {
  sendCancelRequest(client);
  if (graceMs <= 0) void client.end().catch(() => undefined);
  else setTimeout(() => void client.end().catch(() => undefined), graceMs).unref();
}

const QUERY_READ_TIMEOUT = "Query read timeout";

/**
 * pg's Client, with an 'error' listener from construction on and closing its connection when a statement gets no
 * answer within `query_timeout`. (pg itself only rejects the timed-out statement and leaves it on the wire: every
 * later statement on that connection, a transaction's ROLLBACK included, would queue behind it and wait as long
 * again; once closed, they fail at once and the pool drops the client.)
 */
function guardedClientClass(onError: ConnectionErrorListener): typeof Client {
  class GuardedClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      this.on("error", onError);
    }
  }
  const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;
  function guardedQuery(this: Client, ...args: unknown[]): unknown {
    const closeOnTimeout = (error: unknown) => {
      if (error instanceof Error && error.message === QUERY_READ_TIMEOUT) void this.end().catch(() => undefined);
    };
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        closeOnTimeout(error);
        return (callback as (error: unknown, result: unknown) => unknown)(error, result);
      };
    }
    const result = query.apply(this, args);
    if (result instanceof Promise) result.catch(closeOnTimeout);
    return result;
  }
  GuardedClient.prototype.query = guardedQuery as unknown as Client["query"];
  return GuardedClient;
}

import { connect } from "node:net";
import { Client, Pool, type ClientConfig, type PoolClient, type PoolConfig } from "pg";

/** Where the pool reports a connection that broke (the app's logger, once there is one). */
export type ConnectionErrorListener = (error: Error) => void;

/**
 * Added to the client-side query timeout on top of the server's statement_timeout, so that a database that
 * answers reports its own (clean) statement or lock timeout first; the client-side timeout only fires when
 * nothing comes back at all (a black hole).
 */
const CLIENT_TIMEOUT_MARGIN_MS = 500;

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
 *   idle by a vanished client: `idle_in_transaction_session_timeout`), set for every session at start-up;
 * - a database that stops answering altogether: the client-side `query_timeout`, after which the connection is
 *   closed (see GuardedClient) so that nothing else queues behind the lost statement.
 * Every client has an 'error' listener from birth, whether idle in the pool, checked out by a request, or used
 * by the readiness probe: pg emits 'error' on a client whose connection breaks, and an EventEmitter 'error'
 * without a listener is an uncaught exception. A broken client is dropped by the pool when released; the error is
 * reported to `onConnectionError`.
 */
export function createBoundedPool(
  base: PoolConfig,
  options: { poolSize: number; timeoutMs: number; onConnectionError: ConnectionErrorListener },
): BoundedPool {
  const pool = new Pool({
    ...base,
    Client: guardedClientClass(options.onConnectionError),
    max: options.poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: options.timeoutMs,
    statement_timeout: options.timeoutMs,
    lock_timeout: options.timeoutMs,
    idle_in_transaction_session_timeout: options.timeoutMs,
    query_timeout: options.timeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
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

const CANCEL_REQUEST_CODE = 80877102;

/**
 * Stops what a connection is doing, on the server as well: PostgreSQL's CancelRequest (sent on a connection of its
 * own, best effort) interrupts the statement running there, then the connection is closed so that whoever awaits it
 * gets an error at once. Closing alone is not enough: a backend waiting on a lock does not notice that its client
 * went away, and a single-statement write would still commit once the lock is free.
 */
export function cancelAndClose(client: PoolClient): void {
  const processID = Reflect.get(client, "processID");
  const secretKey = Reflect.get(client, "secretKey");
  if (typeof processID === "number" && typeof secretKey === "number") {
    const request = Buffer.alloc(16);
    request.writeInt32BE(16, 0);
    request.writeInt32BE(CANCEL_REQUEST_CODE, 4);
    request.writeInt32BE(processID, 8);
    request.writeInt32BE(secretKey, 12);
    const socket = client.host.startsWith("/") ? connect(`${client.host}/.s.PGSQL.${client.port}`) : connect(client.port, client.host);
    socket.setTimeout(1000, () => socket.destroy());
    socket.on("error", () => undefined);
    socket.end(request);
  }
  void client.end().catch(() => undefined);
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

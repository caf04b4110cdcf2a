import type { Client, ClientConfig, QueryConfig } from "pg";
import { sendCancelRequest } from "./cancel-request";

/**
 * How long a statement may still take to answer once its cancel was sent (the server reports the cancellation at
 * once; only a connection that does not answer at all waits this long, and is then closed).
 */
export const CANCEL_GRACE_MS = 1000;

/** Inside a transaction the server's own SET LOCAL timeouts answer first; the client's deadline comes this much later. */
const IN_TRANSACTION_MARGIN_MS = 500;

const BEGIN = /^\s*(BEGIN|START\s+TRANSACTION)\b[^;]*;?\s*$/i;

/** The statements that open every transaction behind a pooler: the bound of DATABASE_TIMEOUT_MS, for this transaction only. */
export function transactionTimeouts(timeoutMs: number): string {
  const ms = Math.floor(timeoutMs);
  return `SET LOCAL statement_timeout = ${ms}; SET LOCAL lock_timeout = ${ms}; SET LOCAL idle_in_transaction_session_timeout = ${ms}`;
}

/**
 * pg's Client for a connection through a transaction pooler (pgbouncer with pool_mode=transaction). There, one
 * client's consecutive transactions may run on different server sessions, and a server session serves other clients
 * in between, so nothing may live in a session:
 * - **Statements are sent unnamed.** This is the one place that decides a statement's name: code names its hot
 *   statements (src/customers/details/details.store.ts) so that PostgreSQL plans them once per session, and here,
 *   behind a pooler, the name is dropped (a named statement exists on one server session only: the next
 *   transaction meets another client's "prepared statement already exists", or none at all).
 * - **No startup parameters** beyond the ones pgbouncer tracks (src/db/pool.ts leaves the timeouts out of them:
 *   pgbouncer refuses `statement_timeout` and the like unless told to ignore them).
 * - **DATABASE_TIMEOUT_MS per transaction**: a BEGIN is sent together with SET LOCAL statement_timeout, lock_timeout
 *   and idle_in_transaction_session_timeout (one round trip), so the server itself refuses a statement or a lock wait
 *   that takes too long, and rolls back a transaction whose client vanished.
 * - **A statement outside a transaction is bounded from the client**: at the deadline a CancelRequest (forwarded by
 *   pgbouncer to the session running it) interrupts it on the server, and its outcome is still awaited, so the
 *   caller's error (57014, answered 503) means the server did not carry it out, and a statement that finished in
 *   the meantime is reported as done. A connection that answers nothing even then is closed (a black hole).
 */
export function sessionFreeClientClass(Base: typeof Client, timeoutMs: number): typeof Client {
  class SessionFreeClient extends Base {
    /** The last ReadyForQuery's transaction status: I (idle), T (in a transaction), E (in a failed transaction). */
    transactionStatus = "I";

    constructor(config?: string | ClientConfig) {
      super(config);
      this.connection.on("readyForQuery", (message: { status?: string }) => {
        this.transactionStatus = message.status ?? "I";
      });
    }
  }

  const query = Base.prototype.query as (this: Client, ...args: unknown[]) => unknown;
  function sessionFreeQuery(this: SessionFreeClient, ...args: unknown[]): unknown {
    const [first] = args;
    // A Submittable (a cursor, a stream) is passed on as it is; the service uses none.
    if (typeof first !== "string" && (typeof first !== "object" || first === null || "submit" in first)) return query.apply(this, args);
    const config: QueryConfig = typeof first === "string" ? { text: first } : { ...(first as QueryConfig) };
    delete config.name;
    const values = Array.isArray(args[1]) ? args[1] : config.values;
    const begins = BEGIN.test(config.text) && (values === undefined || values.length === 0);
    if (begins) config.text = `${config.text.trim().replace(/;$/, "")}; ${transactionTimeouts(timeoutMs)}`;
    args[0] = config;

    let graceTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(
      () => {
        sendCancelRequest(this);
        graceTimer = setTimeout(() => void this.end().catch(() => undefined), CANCEL_GRACE_MS);
      },
      timeoutMs + (this.transactionStatus === "I" ? 0 : IN_TRANSACTION_MARGIN_MS),
    );
    const settle = () => {
      clearTimeout(deadline);
      clearTimeout(graceTimer);
    };
    // BEGIN and its SET LOCALs answer as one list of results: the caller sees BEGIN's.
    const firstResult = (result: unknown) => (begins && Array.isArray(result) ? (result[0] as unknown) : result);

    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        settle();
        return (callback as (error: unknown, result: unknown) => unknown)(error, firstResult(result));
      };
    }
    let result: unknown;
    try {
      result = query.apply(this, args);
    } catch (error) {
      settle(); // refused before anything was sent (pg throws for a bad argument)
      throw error;
    }
    if (typeof callback === "function") return result;
    if (!(result instanceof Promise)) {
      settle();
      return result;
    }
    return result.then(
      (value: unknown) => {
        settle();
        return firstResult(value);
      },
      (error: unknown) => {
        settle();
        throw error;
      },
    );
  }
  SessionFreeClient.prototype.query = sessionFreeQuery as unknown as Client["query"];
  return SessionFreeClient;
}

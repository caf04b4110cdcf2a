import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Database } from "../db/database";
import { InFlightRequests } from "./in-flight";

/** After the deadline, how long cancelled requests get to answer 503 by themselves before they are answered for. */
const CANCEL_GRACE_MS = 1000;
/** How long the last answers get to reach their clients before their connections are closed. */
const CLOSE_GRACE_MS = 2000;
/** How long the database gets to close (the embedded one writes its files) before the process goes anyway. */
const DATABASE_CLOSE_MS = 10_000;

export interface ShutdownOptions {
  /** SHUTDOWN_TIMEOUT_MS: how long in-flight requests may still run. */
  timeoutMs: number;
  log: FastifyBaseLogger;
}

/**
 * A graceful stop for a listening app and its database:
 * 1. stop accepting connections; requests that still arrive on open connections get 503 JSON with
 *    `Connection: close` (Fastify's return503OnClosing), and every answer from now on closes its connection;
 * 2. let the requests in flight finish, for up to `timeoutMs`;
 * 3. then cancel what is left: the database connections in use are closed, so their statements fail at once and
 *    their transactions roll back (nothing half-written), and those requests answer 503 through the usual error
 *    mapping; one that still has no answer after a short grace is answered 503 here. No socket is dropped unanswered;
 * 4. close the database.
 */
export class GracefulShutdown {
  private readonly inFlight: InFlightRequests;
  private running: Promise<void> | null = null;

  /** Call before the app listens, so that every request is seen. */
  constructor(
    private readonly app: FastifyInstance,
    private readonly db: Database,
    private readonly options: ShutdownOptions,
  ) {
    this.inFlight = new InFlightRequests(app.server);
  }

  /** Runs the shutdown once; later calls join the one under way. */
  run(reason: string): Promise<void> {
    this.running ??= this.stop(reason);
    return this.running;
  }

  private async stop(reason: string): Promise<void> {
    const { log, timeoutMs } = this.options;
    log.info({ reason, inFlight: this.inFlight.count(), timeoutMs }, "shutting down: draining requests in flight");
    this.inFlight.drain();
    const closed = this.app.close();
    if (!(await within(closed, timeoutMs))) {
      log.warn({ inFlight: this.inFlight.count() }, "shutdown deadline passed: cancelling the requests still running");
      this.db.cancelActiveWork();
      if (!(await this.inFlight.settled(CANCEL_GRACE_MS))) {
        log.warn({ answered: this.inFlight.answerUnanswered() }, "answered the requests still running with 503");
      }
      if (!(await within(closed, CLOSE_GRACE_MS))) this.app.server.closeAllConnections();
      await within(closed, CLOSE_GRACE_MS);
    }
    if (!(await within(this.db.close(), DATABASE_CLOSE_MS))) log.warn("the database did not close in time");
    log.info("shut down");
  }
}

/**
 * On SIGTERM or SIGINT: the graceful shutdown, then exit 0 (1 if the shutdown itself failed). A second signal while
 * it runs changes nothing. Run the service as `node dist/main.js` under a process manager: `npm start` runs it under
 * `sh`, which does not pass signals on.
 */
export function exitGracefullyOnSignals(shutdown: GracefulShutdown, log: FastifyBaseLogger): void {
  const onSignal = (signal: NodeJS.Signals) => {
    shutdown.run(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/** Whether `promise` settles within `ms` (a rejection counts as settled: what matters here is that it is over). */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

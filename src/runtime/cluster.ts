import cluster, { type Worker } from "node:cluster";
import type { Config } from "../config";
import { embeddedDirectory, openEmbedded, type EmbeddedConnection } from "../db/embedded";

/**
 * WEB_CONCURRENCY=N: N worker processes (node:cluster) serve one port; they share nothing but the database.
 *
 * The primary only supervises: it forks the first worker and waits until it listens (so migrations and the demo
 * seed run once, in that worker), then forks the rest; it forwards SIGTERM/SIGINT to every worker and exits when
 * they all have; a worker that dies after it was serving is replaced, one that fails before serving stops the lot.
 *
 * The embedded database can be opened by one process only, so with `file:` the primary opens it and serves it on
 * its socket (src/db/embedded.ts); every worker reaches it through that socket as the admin command line does. The
 * database work of all workers then runs in the primary (PGlite is single-threaded), the HTTP work in the workers.
 */
export async function runAsClusterPrimary(config: Config, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<boolean> {
  if (config.webConcurrency <= 1 || !cluster.isPrimary) return false;
  const embedded = config.database.url.startsWith("file:") ? await openEmbedded(embeddedDirectory(config.database.url)) : null;
  const supervisor = new Supervisor(config.webConcurrency, embedded, log);
  await supervisor.start();
  return true;
}

/** Whether this process prints the start-up banner: a single process, or the first worker of a cluster. */
export function printsBanner(): boolean {
  return !cluster.isWorker || cluster.worker?.id === 1;
}

class Supervisor {
  private stopping = false;
  private readonly serving = new WeakSet<Worker>();

  constructor(
    private readonly size: number,
    private readonly embedded: EmbeddedConnection | null,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void this.stop(signal, 0));
    cluster.on("exit", (worker, code, signal) => this.exited(worker, code, signal));
    await this.fork();
    for (let index = 1; index < this.size; index += 1) await this.fork();
  }

  /** Forks a worker and resolves once it listens (or rejects when it exits first). */
  private fork(): Promise<void> {
    const worker = cluster.fork();
    return new Promise((resolve) => {
      worker.once("listening", () => {
        this.serving.add(worker);
        resolve();
      });
      worker.once("exit", () => resolve());
    });
  }

  private exited(worker: Worker, code: number | null, signal: string | null): void {
    if (this.stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) void this.finish(0);
      return;
    }
    if (!this.serving.has(worker)) {
      // It never served: a configuration or start-up error that every replacement would repeat.
      this.log(`worker ${worker.process.pid} exited during start-up (${signal ?? `code ${code}`}); stopping`);
      void this.stop("SIGTERM", code === 0 || code === null ? 1 : code);
      return;
    }
    this.log(`worker ${worker.process.pid} died (${signal ?? `code ${code}`}); starting a replacement`);
    void this.fork();
  }

  private exitCode = 0;

  private async stop(signal: NodeJS.Signals, exitCode: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.exitCode = exitCode;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    if (workers.length === 0) return this.finish(exitCode);
    for (const worker of workers) worker.process.kill(signal);
  }

  private async finish(exitCode: number): Promise<void> {
    await this.embedded?.close().catch(() => undefined);
    process.exit(this.exitCode || exitCode);
  }
}

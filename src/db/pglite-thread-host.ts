import path from "node:path";
import type { Duplex } from "node:stream";
import { Worker } from "node:worker_threads";
import { PgStream } from "./pg-stream";
import { bytesOf, dataMessage, errorOf, type FromThread, type PGliteThreadData, type ToThread } from "./pglite-thread.messages";

/**
 * Starts the database thread's entry as this process runs its own code: compiled, from dist/ (npm start, the admin
 * command line); from src/ under ts-node (`npm run dev`), compiled by ts-node in the thread too; from src/ under the
 * tests' transform, which a thread does not inherit, the compiled copy in dist/ that the test setup keeps current.
 */
function startThreadWorker(data: PGliteThreadData): Worker {
  if (__filename.endsWith(".js")) return new Worker(path.join(__dirname, "pglite-thread.js"), { workerData: data });
  if (Reflect.get(process, Symbol.for("ts-node.register.instance"))) {
    const entry = JSON.stringify(path.join(__dirname, "pglite-thread.ts"));
    return new Worker(`require("ts-node/register"); require(${entry});`, { eval: true, workerData: data });
  }
  return new Worker(path.resolve(__dirname, "../../dist/db/pglite-thread.js"), { workerData: data });
}

/**
 * Runs the embedded database (PGlite and its wire server, src/db/pglite-thread.ts) on a worker thread, so that
 * PostgreSQL's work runs on another core than the service's, as a server's backends do. `connect()` gives pg a
 * stream to it (its `stream` option); other processes use the Unix socket the thread serves.
 */
export class PGliteThread {
  private readonly connections = new Map<number, ThreadConnection>();
  private nextId = 1;
  private exited = false;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts the thread and resolves once it serves (rejects with the reason it could not). */
  static async start(data: PGliteThreadData, onError: (error: unknown) => void): Promise<PGliteThread> {
    const worker = startThreadWorker(data);
    const thread = new PGliteThread(worker, onError);
    await new Promise<void>((resolve, reject) => {
      const failStart = (error: unknown) => {
        worker.off("message", onStartMessage);
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      const onStartMessage = (message: FromThread) => {
        if (message.type === "ready") {
          worker.off("message", onStartMessage);
          worker.off("error", failStart);
          resolve();
        } else if (message.type === "failed") {
          failStart(errorOf(message.error));
          void worker.terminate();
        }
      };
      worker.on("message", onStartMessage);
      worker.once("error", failStart);
      worker.once("exit", (code) => failStart(new Error(`The embedded database thread exited during start-up (code ${code}).`)));
    });
    thread.listen();
    return thread;
  }

  /** A new connection to the database, for pg's `stream` option. */
  connect(): Duplex {
    const id = this.nextId++;
    const connection = new ThreadConnection(id, (message, transfer) => this.send(message, transfer), () => this.connections.delete(id));
    this.connections.set(id, connection);
    if (this.exited || this.closing) process.nextTick(() => connection.lost(new Error("The embedded database is closed.")));
    else this.send({ type: "open", id });
    return connection;
  }

  /** Closes every connection, then PGlite (its files are consistent on disk), then the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.exited) return;
      const closed = new Promise<void>((resolve) => {
        this.worker.on("message", (message: FromThread) => message.type === "closed" && resolve());
        this.worker.once("exit", () => resolve());
      });
      this.send({ type: "close" });
      await closed;
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private listen(): void {
    this.worker.on("message", (message: FromThread) => {
      switch (message.type) {
        case "data":
          this.connections.get(message.id)?.receive(bytesOf(message.chunk));
          break;
        case "end":
          this.connections.get(message.id)?.push(null);
          break;
        case "close":
          this.connections.get(message.id)?.lost();
          break;
        case "error":
          this.onError(errorOf(message.error));
          break;
        default:
          break;
      }
    });
    // The thread failing must not take the process with it: its connections break (the requests using them get
    // 503 through the usual mapping) and the failure is reported.
    this.worker.on("error", (error) => this.onError(error));
    this.worker.on("exit", (code) => {
      this.exited = true;
      if (!this.closing) this.onError(new Error(`The embedded database thread exited (code ${code}).`));
      for (const connection of this.connections.values()) connection.lost(new Error("The embedded database thread exited."));
      this.connections.clear();
    });
  }

  private send(message: ToThread, transfer: ArrayBuffer[] = []): void {
    if (!this.exited) this.worker.postMessage(message, transfer);
  }
}

/** The process's end of one connection to the database thread. */
class ThreadConnection extends PgStream {
  private remoteClosed = false;

  constructor(
    private readonly id: number,
    private readonly send: (message: ToThread, transfer?: ArrayBuffer[]) => void,
    private readonly forget: () => void,
  ) {
    super();
  }

  receive(chunk: Buffer): void {
    this.push(chunk);
  }

  /** The thread closed this connection (or is gone): the stream closes as a socket whose peer vanished. */
  lost(error?: Error): void {
    this.remoteClosed = true;
    this.push(null);
    this.destroy(error);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const { message, transfer } = dataMessage(this.id, [chunk]);
    this.send(message, transfer);
    callback();
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    const { message, transfer } = dataMessage(this.id, chunks.map(({ chunk }) => chunk));
    this.send(message, transfer);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.send({ type: "end", id: this.id });
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.remoteClosed) this.send({ type: "destroy", id: this.id });
    this.forget();
    callback(error);
  }
}

import { chmod } from "node:fs/promises";
import type { Duplex } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGliteWireServer } from "./pglite-wire-server";
import { bytesOf, dataMessage, threadError, type FromThread, type PGliteThreadData, type ToThread } from "./pglite-thread.messages";

/**
 * The embedded database's own thread (started by src/db/pglite-thread-host.ts): PGlite and its wire server run
 * here, on a core of their own, as a PostgreSQL server's backends run beside the service. Other processes reach the
 * server on its Unix socket; the starting process's connections arrive as messages, each relayed to an in-process
 * connection of the same server.
 */
async function main(port: NonNullable<typeof parentPort>, data: PGliteThreadData): Promise<void> {
  const send = (message: FromThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const db = await PGlite.create(data.dataDir);
  const server = new PGliteWireServer(db, (error) => send({ type: "error", error: threadError(error) }));
  await server.listen(data.socketPath);
  await chmod(data.socketPath, 0o600);

  const connections = new Map<number, Duplex>();
  const open = (id: number): void => {
    const connection = server.connectInProcess();
    connections.set(id, connection);
    connection.on("data", (chunk: Buffer) => {
      const { message, transfer } = dataMessage(id, [chunk]);
      send(message, transfer);
    });
    connection.on("end", () => send({ type: "end", id }));
    connection.on("error", () => undefined);
    connection.on("close", () => {
      connections.delete(id);
      send({ type: "close", id });
    });
  };

  port.on("message", (message: ToThread) => {
    switch (message.type) {
      case "open":
        open(message.id);
        break;
      case "data":
        connections.get(message.id)?.write(bytesOf(message.chunk));
        break;
      case "end":
        connections.get(message.id)?.end();
        break;
      case "destroy":
        connections.get(message.id)?.destroy();
        break;
      case "close":
        void (async () => {
          try {
            await server.close();
            await db.close();
          } catch (error) {
            send({ type: "error", error: threadError(error) });
          }
          send({ type: "closed" });
          port.close();
        })();
        break;
    }
  });
  send({ type: "ready" });
}

if (parentPort) {
  const port = parentPort;
  main(port, workerData as PGliteThreadData).catch((error: unknown) => port.postMessage({ type: "failed", error: threadError(error) } satisfies FromThread));
}

import { connect } from "node:net";
import type { Client } from "pg";

const CANCEL_REQUEST_CODE = 80877102;
/** A cancel connection that is not closed by the other end within this long is given up. */
const CANCEL_SOCKET_TIMEOUT_MS = 5000;

/**
 * PostgreSQL's CancelRequest for the statement a client's connection is running, sent on a connection of its own
 * (best effort: nothing answers it). The server interrupts the statement, which then fails with SQLSTATE 57014.
 * Through pgbouncer it works the same: the keys the client holds are pgbouncer's, which forwards the request to the
 * server session running that client's statement (and drops it when none is).
 */
export function sendCancelRequest(client: Client): void {
  const processID = Reflect.get(client, "processID");
  const secretKey = Reflect.get(client, "secretKey");
  if (typeof processID !== "number" || typeof secretKey !== "number") return;
  const request = Buffer.alloc(16);
  request.writeInt32BE(16, 0);
  request.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  request.writeInt32BE(processID, 8);
  request.writeInt32BE(secretKey, 12);
  const socket = client.host.startsWith("/") ? connect(`${client.host}/.s.PGSQL.${client.port}`) : connect(client.port, client.host);
  socket.setTimeout(CANCEL_SOCKET_TIMEOUT_MS, () => socket.destroy());
  socket.on("error", () => undefined);
  // As libpq does: send, then wait for the other end to close (it has then handled the request). pgbouncer 1.18
  // aborts altogether ("bad client state") when a cancelling client hangs up before the request was forwarded.
  socket.on("end", () => socket.end());
  socket.write(request);
}

import { createServer, type Server } from "node:net";
import type { Duplex } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import { InProcessStream } from "./in-process-stream";

/**
 * Serves one PGlite database to many PostgreSQL clients over the wire protocol on a Unix socket.
 *
 * PGlite is a single session, so requests from different connections must never interleave inside
 * one another. `@electric-sql/pglite-socket` queues each protocol *message* separately, which lets
 * connection B's Parse/Bind land between connection A's Parse and Execute (wrong answers under
 * concurrency). This server queues whole *units* instead: every message up to and including a Sync
 * (extended protocol) or a simple Query, run back to back. While a connection is inside a
 * transaction (ReadyForQuery status T or E) only its units run; a connection that disconnects
 * mid-transaction is rolled back.
 *
 * LISTEN/NOTIFY: PGlite is one session, so a notification committed by any connection comes back in the reply of
 * the unit that committed it. The server takes NotificationResponse messages out of every reply and sends each to
 * the connections that issued `LISTEN <channel>` (a simple query), as a server sends notifications to its
 * listening backends. The session itself keeps listening once any connection listened on a channel (UNLISTEN by one
 * connection must not silence the others), which costs only notifications nobody receives.
 *
 * Named prepared statements: they too belong to the one session, so the second connection to Parse a name would get
 * "prepared statement already exists". The server remembers every named Parse the session accepted; a later Parse of
 * the same name with the same text and parameter types is answered ParseComplete without running it (the statement
 * and its cached plan are shared, as they would be within one backend), and a Close of a shared statement is answered
 * CloseComplete and keeps it for the others. `DEALLOCATE` / `DISCARD` run as sent and forget what they drop.
 */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const UNIT_END = new Set(["S".charCodeAt(0), "Q".charCodeAt(0)]);
const TERMINATE = "X".charCodeAt(0);
const READY_FOR_QUERY = "Z".charCodeAt(0);
const NOTIFICATION_RESPONSE = "A".charCodeAt(0);
const QUERY = "Q".charCodeAt(0);
const PARSE = "P".charCodeAt(0);
const CLOSE = "C".charCodeAt(0);
const ERROR_RESPONSE = "E".charCodeAt(0);
const PARSE_COMPLETE = Buffer.from([0x31, 0, 0, 0, 4]);
const CLOSE_COMPLETE = Buffer.from([0x33, 0, 0, 0, 4]);
const STATEMENT_TARGET = "S".charCodeAt(0);
const FORGETS_STATEMENTS = /\b(DEALLOCATE|DISCARD)\b/i;
const LISTEN_COMMAND = /^\s*(UNLISTEN|LISTEN)\s+("?)([A-Za-z_][A-Za-z0-9_$]*|\*)\2\s*$/i;

interface Unit {
  connection: Connection;
  messages: Buffer[];
  /** Sent by the server itself (the rollback of a vanished client): runs even though the connection is closed. */
  internal?: boolean;
}

interface Connection {
  id: number;
  /** A Unix socket, or an in-process stream (the serving process's own clients). */
  socket: Duplex;
  buffer: Buffer;
  started: boolean;
  pending: Buffer[];
  closed: boolean;
  /** The channels this connection LISTENs on. */
  channels: Set<string>;
}

export class PGliteWireServer {
  private readonly server: Server;
  private readonly queue: Unit[] = [];
  private running = false;
  /** The connection whose transaction is open: only its units may run. */
  private owner: Connection | null = null;
  private nextId = 1;
  private readonly connections = new Set<Connection>();
  /** Settles when the queue runner is idle. */
  private drained: Promise<void> = Promise.resolve();
  /** The session's named prepared statements: name → the Parse message that created it. */
  private readonly statements = new Map<string, Buffer>();

  /** `onError` hears of a unit PGlite failed to run (the connection that sent it is closed). */
  constructor(
    private readonly db: PGlite,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(path, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
  }

  /**
   * Stops serving: refuses new connections, closes the open ones (a client still connected, e.g. another process's
   * idle pool, would otherwise keep the server, and the owner's shutdown, waiting for ever) and waits for the unit in
   * progress and the rollback of an open transaction to finish.
   */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.socket.destroy();
    await closed;
    await this.drained;
  }

  /**
   * A connection for a client in this process (pg's `stream` option): the same protocol and the same queue as the
   * socket's connections, without a trip through the kernel.
   */
  connectInProcess(): Duplex {
    const [client, server] = InProcessStream.pair();
    this.accept(server);
    return client;
  }

  private accept(socket: Duplex): void {
    const connection: Connection = { id: this.nextId++, socket, buffer: Buffer.alloc(0), started: false, pending: [], closed: false, channels: new Set() };
    this.connections.add(connection);
    socket.on("data", (chunk) => this.receive(connection, chunk));
    socket.on("error", () => this.drop(connection));
    socket.on("close", () => this.drop(connection));
  }

  private receive(connection: Connection, chunk: Buffer): void {
    connection.buffer = Buffer.concat([connection.buffer, chunk]);
    for (;;) {
      const message = this.nextMessage(connection);
      if (!message) return;
      if (message.length === 0) continue;
      if (!connection.started) {
        connection.started = true;
        this.enqueue({ connection, messages: [message] });
      } else if (message[0] === TERMINATE) {
        connection.socket.end();
        return;
      } else {
        connection.pending.push(message);
        if (UNIT_END.has(message[0] as number)) {
          this.enqueue({ connection, messages: connection.pending });
          connection.pending = [];
        }
      }
    }
  }

  /** The next complete message, an empty buffer for a handled pre-startup request, or null when incomplete. */
  private nextMessage(connection: Connection): Buffer | null {
    const buffer = connection.buffer;
    if (!connection.started) {
      if (buffer.length < 8) return null;
      const length = buffer.readInt32BE(0);
      if (buffer.length < length) return null;
      const code = buffer.readInt32BE(4);
      connection.buffer = buffer.subarray(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        connection.socket.write("N");
        return Buffer.alloc(0);
      }
      if (code === CANCEL_REQUEST || code !== PROTOCOL_3) {
        connection.socket.destroy();
        return null;
      }
      return Buffer.from(buffer.subarray(0, length));
    }
    if (buffer.length < 5) return null;
    const length = 1 + buffer.readInt32BE(1);
    if (buffer.length < length) return null;
    connection.buffer = buffer.subarray(length);
    return Buffer.from(buffer.subarray(0, length));
  }

  private enqueue(unit: Unit): void {
    this.queue.push(unit);
    this.kick();
  }

  private kick(): void {
    if (!this.running) this.drained = this.run().catch((error: unknown) => this.onError(error));
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner ? this.queue.findIndex((unit) => unit.connection === this.owner) : 0;
        if (index < 0 || this.queue.length === 0) return;
        const [unit] = this.queue.splice(index, 1);
        if (!unit || (unit.connection.closed && !unit.internal)) continue;
        let status: string | null;
        try {
          status = await this.execute(unit);
        } catch (error) {
          // PGlite failed on this unit (its replies, if any, are lost): the client cannot be answered in step any
          // more, so it is disconnected, and whatever it had open is rolled back as for a client that vanished.
          // The queue goes on serving the others; nothing is left to reject unobserved.
          this.onError(error);
          this.owner = unit.internal ? null : unit.connection;
          if (!unit.internal) {
            unit.connection.socket.destroy();
            this.drop(unit.connection);
          }
          continue;
        }
        this.owner = status === "T" || status === "E" ? unit.connection : null;
      }
    } finally {
      this.running = false;
    }
  }

  /** Runs a unit and writes its replies; returns the transaction status of its last ReadyForQuery. */
  private async execute(unit: Unit): Promise<string | null> {
    const replies: Buffer[] = [];
    const messages = unit.messages.map((message) => this.trackListen(unit.connection, message));
    await this.db.runExclusive(async () => {
      // Messages run in batches (one call into PGlite each). A Parse of a shared statement is answered here, and a
      // new named Parse runs on its own, so that its own reply tells whether the session accepted the name.
      let batch: Buffer[] = [];
      // After an error the session skips every message up to Sync, answering nothing: so must a shared statement.
      let failed = false;
      const run = async (input: Buffer[]): Promise<Buffer> => {
        const reply = await this.exchange(input);
        replies.push(reply);
        failed ||= hasError(reply);
        return reply;
      };
      for (const message of messages) {
        const shared = this.sharedStatementReply(message);
        const named = shared === null && message[0] === PARSE && statementName(message, 5) !== "";
        if (shared === null && !named) {
          batch.push(message);
          continue;
        }
        if (batch.length > 0) await run(batch);
        batch = [];
        if (shared) {
          if (!failed) replies.push(shared);
        } else if ((await run([message]))[0] === PARSE_COMPLETE[0]) {
          this.statements.set(statementName(message, 5), message);
        }
      }
      if (batch.length > 0) await run(batch);
      // Whatever the file system keeps in memory is written out once per unit, before its replies go out.
      await this.db.syncToFs();
      if (messages.some((message) => message[0] === QUERY && FORGETS_STATEMENTS.test(queryText(message)))) this.statements.clear();
    });
    const { reply, notifications } = takeNotifications(Buffer.concat(replies));
    if (!unit.connection.closed && unit.connection.socket.writable) unit.connection.socket.write(reply);
    for (const notification of notifications) this.deliver(notification);
    return transactionStatus(reply);
  }

  /** The reply to a Parse of a statement the session already holds, or to a Close of one; null: run the message. */
  private sharedStatementReply(message: Buffer): Buffer | null {
    if (message[0] === PARSE) {
      const name = statementName(message, 5);
      return name !== "" && this.statements.get(name)?.equals(message) ? PARSE_COMPLETE : null;
    }
    if (message[0] === CLOSE && message[5] === STATEMENT_TARGET) {
      const name = statementName(message, 6);
      return name !== "" && this.statements.has(name) ? CLOSE_COMPLETE : null;
    }
    return null;
  }

  /**
   * Runs protocol messages through PGlite and returns its raw reply. The streaming call hands the reply over as
   * bytes; the plain `execProtocolRaw` would also parse every message into PGlite's own result list, which is only
   * emptied by its higher-level query calls, so a server that never makes them would keep every reply for ever.
   */
  private async exchange(messages: Buffer[]): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const input = messages.length === 1 ? (messages[0] as Buffer) : Buffer.concat(messages);
    // The bytes are a view of PGlite's memory, reused by the next write: copy them.
    await this.db.execProtocolRawStream(input, { syncToFs: false, onRawData: (bytes) => chunks.push(Buffer.from(bytes)) });
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  }

  /**
   * Records a connection's `LISTEN` / `UNLISTEN` (simple queries). An UNLISTEN becomes an empty query unless no
   * other connection listens on that channel any more, so that one client cannot silence the others.
   */
  private trackListen(connection: Connection, message: Buffer): Buffer {
    if (message[0] !== QUERY) return message;
    const statements = queryText(message).split(";").filter((text) => text.trim() !== "");
    const matches = statements.map((text) => LISTEN_COMMAND.exec(text));
    if (matches.length === 0 || matches.some((match) => !match)) return message;
    const commands = (matches as RegExpExecArray[]).map(([, command = "", quoted, name = ""]) => ({
      listen: command.toUpperCase() === "LISTEN",
      channel: quoted ? name : name.toLowerCase(),
    }));
    if (commands.every((command) => command.listen)) {
      for (const { channel } of commands) connection.channels.add(channel);
      return message;
    }
    if (commands.length !== 1) return message;
    const channel = (commands[0] as { channel: string }).channel;
    if (channel === "*") connection.channels.clear();
    else connection.channels.delete(channel);
    const stillWanted = [...this.connections].some((other) => other !== connection && (channel === "*" ? other.channels.size > 0 : other.channels.has(channel)));
    return stillWanted ? simpleQuery("") : message;
  }

  /** Sends a NotificationResponse to every connection listening on its channel. */
  private deliver(notification: { channel: string; message: Buffer }): void {
    for (const connection of this.connections) {
      if (connection.closed || !connection.channels.has(notification.channel) || !connection.socket.writable) continue;
      connection.socket.write(notification.message);
    }
  }

  private drop(connection: Connection): void {
    if (connection.closed) return;
    connection.closed = true;
    this.connections.delete(connection);
    for (let i = this.queue.length - 1; i >= 0; i -= 1) if (this.queue[i]?.connection === connection) this.queue.splice(i, 1);
    if (this.owner === connection) {
      // Roll back what the vanished client left open, as a server does when a backend exits; it runs
      // before anything else because the connection still owns the session.
      this.queue.unshift({ connection, messages: [simpleQuery("ROLLBACK")], internal: true });
      this.kick();
    }
  }
}

/** The status byte of the last ReadyForQuery ('I' idle, 'T' in a transaction, 'E' failed transaction). */
function transactionStatus(reply: Buffer): string | null {
  if (reply.length < 6) return null;
  const start = reply.length - 6;
  if (reply[start] !== READY_FOR_QUERY || reply.readInt32BE(start + 1) !== 5) return null;
  return String.fromCharCode(reply[start + 5] as number);
}

/** The SQL of a simple Query message. */
function queryText(message: Buffer): string {
  return message.toString("utf8", 5, message.length - 1);
}

/** The C string at `offset` of a message (a statement's name in Parse and Close). */
function statementName(message: Buffer, offset: number): string {
  const end = message.indexOf(0, offset);
  return end < 0 ? "" : message.toString("utf8", offset, end);
}

/** Whether a reply holds an ErrorResponse. */
function hasError(reply: Uint8Array): boolean {
  const buffer = Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength);
  let offset = 0;
  while (offset + 5 <= buffer.length) {
    if (buffer[offset] === ERROR_RESPONSE) return true;
    offset += 1 + buffer.readInt32BE(offset + 1);
  }
  return false;
}

/** Splits the NotificationResponse messages out of a reply. */
function takeNotifications(reply: Buffer): { reply: Buffer; notifications: { channel: string; message: Buffer }[] } {
  const notifications: { channel: string; message: Buffer }[] = [];
  const kept: Buffer[] = [];
  let offset = 0;
  while (offset + 5 <= reply.length) {
    const end = offset + 1 + reply.readInt32BE(offset + 1);
    const message = reply.subarray(offset, end);
    if (message[0] === NOTIFICATION_RESPONSE) {
      // Int32 process id, then the channel as a C string, then the payload.
      const channelEnd = message.indexOf(0, 9);
      notifications.push({ channel: message.subarray(9, channelEnd).toString("utf8"), message: Buffer.from(message) });
    } else {
      kept.push(message);
    }
    offset = end;
  }
  return { reply: notifications.length === 0 ? reply : Buffer.concat(kept), notifications };
}

function simpleQuery(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`, "utf8");
  const header = Buffer.alloc(5);
  header.write("Q", 0);
  header.writeInt32BE(4 + text.length, 1);
  return Buffer.concat([header, text]);
}

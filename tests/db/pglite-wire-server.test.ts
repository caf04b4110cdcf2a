import { mkdtemp, rm } from "node:fs/promises";
import { createConnection, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Client } from "pg";
import { PGliteWireServer } from "../../src/db/pglite-wire-server";

/**
 * The embedded database's wire server with real pg clients on its Unix socket: PGlite is one session, and the
 * server makes it look like a server with a backend per connection (whole units queued, transactions exclusive,
 * named prepared statements shared).
 */
describe("the embedded database's wire server", () => {
  let directory: string;
  let db: PGlite;
  let server: PGliteWireServer;
  const clients: Client[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "cd-wire-"));
    db = await PGlite.create();
    await db.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
    await db.exec("INSERT INTO t SELECT i, 'v' || i FROM generate_series(1, 50) i");
    server = new PGliteWireServer(db);
    await server.listen(path.join(directory, ".s.PGSQL.5432"));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await server.close();
    await db.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function connect(): Promise<Client> {
    const client = new Client({ host: directory, port: 5432, user: "postgres", database: "postgres" });
    client.on("error", () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  }

  const byId = (id: number) => ({ name: "wire-test-by-id", text: "SELECT v FROM t WHERE id = $1", values: [id] });
  const preparedNames = async () =>
    (await db.query<{ name: string }>("SELECT name FROM pg_prepared_statements ORDER BY name")).rows.map((row) => row.name);

  it("lets every connection prepare the same named statement (one statement in the session, shared)", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    const answers = await Promise.all([a, b, c, a, b, c].map((client, i) => client.query<{ v: string }>(byId(i + 1))));
    expect(answers.map((answer) => answer.rows)).toEqual([1, 2, 3, 4, 5, 6].map((i) => [{ v: `v${i}` }]));
    expect(await preparedNames()).toEqual(["wire-test-by-id"]);
  });

  it("still refuses a name reused for a different statement, as PostgreSQL does, and the connection goes on", async () => {
    const client = await connect();
    await expect(client.query({ name: "wire-test-by-id", text: "SELECT id FROM t WHERE v = $1", values: ["v1"] })).rejects.toThrow(
      /prepared statement "wire-test-by-id" already exists/,
    );
    expect((await client.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("answers a shared statement's Parse in step with an error earlier in the same unit: nothing after the error", async () => {
    await (await connect()).query(byId(1)); // the session holds the statement now
    const raw = await RawConnection.open(path.join(directory, ".s.PGSQL.5432"));
    try {
      // One unit: a failing statement, then a Parse of the shared statement and its execution, then Sync.
      const types = await raw.exchange([
        parse("", "SELECT 1/0"), bind(""), execute(),
        parse("wire-test-by-id", "SELECT v FROM t WHERE id = $1"), bind("wire-test-by-id", ["1"]), execute(),
        sync(),
      ]);
      // ParseComplete, then the error (the constant division fails when the statement is planned, at Bind), then
      // ReadyForQuery: PostgreSQL skips the rest up to Sync, and no ParseComplete of the shared statement follows.
      expect(types).toEqual(["1", "E", "Z"]);
      // Without the error, the shared Parse is answered as if it had run.
      expect(await raw.exchange([parse("wire-test-by-id", "SELECT v FROM t WHERE id = $1"), bind("wire-test-by-id", ["4"]), execute(), sync()]))
        .toEqual(["1", "2", "D", "C", "Z"]);
    } finally {
      raw.close();
    }
  });

  it("keeps a shared statement when one connection closes it, and forgets statements on DEALLOCATE", async () => {
    const a = await connect();
    const b = await connect();
    await a.query(byId(7));
    await b.query(byId(8));
    // pg has no public Close: send the protocol message the way the client library would.
    await new Promise<void>((resolve, reject) => {
      const connection = (a as unknown as { connection: { close(msg: { type: string; name: string }): void; sync(): void; once(event: string, cb: (arg?: unknown) => void): void } }).connection;
      connection.once("readyForQuery", () => resolve());
      connection.once("errorMessage", (error) => reject(error));
      connection.close({ type: "S", name: "wire-test-by-id" });
      connection.sync();
    });
    expect((await b.query(byId(9))).rows).toEqual([{ v: "v9" }]);
    expect(await preparedNames()).toEqual(["wire-test-by-id"]);

    await a.query("DEALLOCATE ALL");
    expect(await preparedNames()).toEqual([]);
    // b's pg client believes the statement is prepared and sends only Bind: PostgreSQL's own answer.
    await expect(b.query(byId(10))).rejects.toThrow(/does not exist/);
    const c = await connect();
    expect((await c.query(byId(11))).rows).toEqual([{ v: "v11" }]);
  });
});

/** A client speaking the protocol by hand, to send a pipeline no client library would. Answers are message types. */
class RawConnection {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
  }

  static async open(socketPath: string): Promise<RawConnection> {
    const socket = createConnection(socketPath);
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const connection = new RawConnection(socket);
    const body = Buffer.concat([int32(196608), Buffer.from("user\0postgres\0database\0postgres\0\0")]);
    socket.write(Buffer.concat([int32(body.length + 4), body]));
    await connection.until();
    return connection;
  }

  /** Sends the messages and returns the type of every message received up to ReadyForQuery. */
  async exchange(messages: Buffer[]): Promise<string[]> {
    this.socket.write(Buffer.concat(messages));
    return this.until();
  }

  close(): void {
    this.socket.destroy();
  }

  private async until(): Promise<string[]> {
    const types: string[] = [];
    for (;;) {
      while (this.buffer.length >= 5 && this.buffer.length >= 1 + this.buffer.readInt32BE(1)) {
        const type = String.fromCharCode(this.buffer[0] as number);
        this.buffer = this.buffer.subarray(1 + this.buffer.readInt32BE(1));
        if (type === "Z") return types.concat(type);
        if (type !== "R" && type !== "S" && type !== "K" && type !== "N") types.push(type);
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function int16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}

function parse(name: string, text: string, types: number[] = []): Buffer {
  return message("P", Buffer.concat([Buffer.from(`${name}\0${text}\0`), int16(types.length), ...types.map(int32)]));
}

function bind(statement: string, values: string[] = []): Buffer {
  const parameters = values.flatMap((value) => [int32(Buffer.byteLength(value)), Buffer.from(value)]);
  return message("B", Buffer.concat([Buffer.from(`\0${statement}\0`), int16(0), int16(values.length), ...parameters, int16(0)]));
}

function execute(): Buffer {
  return message("E", Buffer.concat([Buffer.from("\0"), int32(0)]));
}

function sync(): Buffer {
  return message("S", Buffer.alloc(0));
}

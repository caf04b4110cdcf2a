import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { Client } from "pg";
import { PGliteThread } from "../../src/db/pglite-thread-host";

/** The embedded database on its own thread: the process's connections as messages, other processes on the socket. */
describe("the embedded database thread", () => {
  let directory: string;
  const socketPath = () => path.join(directory, ".s.PGSQL.5432");

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "cd-thread-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const viaThread = (thread: PGliteThread) => new Client({ stream: () => thread.connect(), user: "postgres", database: "postgres" });
  const viaSocket = () => new Client({ host: directory, port: 5432, user: "postgres", database: "postgres" });

  it("serves the process's clients and other processes' socket clients the same data, and keeps it across a restart", async () => {
    const errors: unknown[] = [];
    const thread = await PGliteThread.start({ dataDir: path.join(directory, "pgdata"), socketPath: socketPath() }, (error) => errors.push(error));
    const inside = viaThread(thread);
    const outside = viaSocket();
    await inside.connect();
    await outside.connect();
    await inside.query("CREATE TABLE t (v text)");
    await inside.query("INSERT INTO t VALUES ($1)", ["written inside"]);
    expect((await outside.query<{ v: string }>("SELECT v FROM t")).rows).toEqual([{ v: "written inside" }]);
    await outside.end();
    await inside.end();
    await thread.close();
    expect(errors).toEqual([]);

    const again = await PGliteThread.start({ dataDir: path.join(directory, "pgdata"), socketPath: socketPath() }, (error) => errors.push(error));
    const client = viaThread(again);
    await client.connect();
    expect((await client.query<{ v: string }>("SELECT v FROM t")).rows).toEqual([{ v: "written inside" }]);
    await client.end();
    await again.close();
  });

  it("survives the thread dying: its connections fail, the failure is reported, new connections are refused", async () => {
    const errors: unknown[] = [];
    const thread = await PGliteThread.start({ dataDir: path.join(directory, "pgdata"), socketPath: socketPath() }, (error) => errors.push(error));
    const client = viaThread(thread);
    const clientErrors: unknown[] = [];
    client.on("error", (error) => clientErrors.push(error));
    await client.connect();
    expect((await client.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);

    // The fault: the thread is gone, as if PGlite had crashed it.
    await (Reflect.get(thread, "worker") as Worker).terminate();
    await expect(client.query("SELECT 1")).rejects.toThrow();
    expect(errors.map((error) => (error as Error).message)).toEqual([expect.stringMatching(/embedded database thread exited/)]);

    await expect(viaThread(thread).connect()).rejects.toThrow(/closed/);
    await thread.close();
  });
});

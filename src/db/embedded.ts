import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import path from "node:path";
import type { PoolConfig } from "pg";
import { PGliteThread } from "./pglite-thread-host";

/**
 * The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) kept in a directory.
 *
 * A PGlite directory can be opened by one process only. The first process to open it becomes its
 * owner: it serves the database over the PostgreSQL wire protocol on a private Unix socket inside
 * the directory; PGlite and that server run on a thread of their own (src/db/pglite-thread.ts), and
 * the owner's own clients reach the same server through messages to that thread. Every other
 * process (the admin command line while the service runs, a second test client) connects through
 * that socket, so they all see the same data at once.
 *
 * Layout of `<dir>`: `pgdata/` (PGlite's files), `.s.PGSQL.5432` (the socket), `owner.pid`.
 */
export interface EmbeddedConnection {
  /** Connection settings for `pg` / `@prisma/adapter-pg`. */
  poolConfig: PoolConfig;
  /** True when this process opened the directory and serves it. */
  owner: boolean;
  close(): Promise<void>;
}

const SOCKET_PORT = 5432;

export function embeddedDirectory(databaseUrl: string): string {
  return path.resolve(databaseUrl.replace(/^file:/, ""));
}

/** `onError` hears of a failure inside PGlite while serving (the client concerned is disconnected, never the process). */
export async function openEmbedded(directory: string, onError: (error: unknown) => void = () => undefined): Promise<EmbeddedConnection> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const socketPath = path.join(directory, `.s.PGSQL.${SOCKET_PORT}`);
  const poolConfig: PoolConfig = { host: directory, port: SOCKET_PORT, user: "postgres", database: "postgres" };
  const guest: EmbeddedConnection = { poolConfig, owner: false, close: async () => undefined };

  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await socketAnswers(socketPath)) return guest;
    const lock = await tryLock(path.join(directory, "owner.pid"));
    if (lock) {
      try {
        return await serve(directory, socketPath, poolConfig, lock, onError);
      } catch (error) {
        await lock.release();
        throw error;
      }
    }
    // Another live process owns the directory and is still starting: wait for its socket.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The embedded database at ${directory} is locked by another process that does not answer on its socket.`);
}

async function serve(
  directory: string,
  socketPath: string,
  poolConfig: PoolConfig,
  lock: Lock,
  onError: (error: unknown) => void,
): Promise<EmbeddedConnection> {
  await rm(socketPath, { force: true });
  const thread = await PGliteThread.start({ dataDir: path.join(directory, "pgdata"), socketPath }, onError);
  return {
    // This process's own clients reach the server through the thread's messages; other processes through the socket.
    poolConfig: { ...poolConfig, stream: () => thread.connect() },
    owner: true,
    close: async () => {
      await thread.close();
      await rm(socketPath, { force: true });
      await lock.release();
    },
  };
}

interface Lock {
  release(): Promise<void>;
}

/** The lock files this process holds (one per directory it serves). */
const heldHere = new Set<string>();

/**
 * Creates `owner.pid` exclusively (written to a temporary file first and linked into place, so that no other
 * process ever reads it empty); a file left by a process that no longer runs is taken over. A file naming this
 * process's own pid that this process does not hold is stale too: it was left by an earlier process that had the
 * same pid, as after a container restart (PID 1 again).
 */
async function tryLock(file: string): Promise<Lock | null> {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temporary, String(process.pid), { mode: 0o600 });
  try {
    await link(temporary, file);
    heldHere.add(file);
    return {
      release: async () => {
        heldHere.delete(file);
        await rm(file, { force: true });
      },
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const pid = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
    if (pid === process.pid ? heldHere.has(file) : Number.isInteger(pid) && processIsAlive(pid)) return null;
    await rm(file, { force: true });
    return tryLock(file);
  } finally {
    await rm(temporary, { force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

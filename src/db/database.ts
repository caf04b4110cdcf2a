import { PrismaPg } from "@prisma/adapter-pg";
import type { ClientConfig, Pool, PoolClient, PoolConfig } from "pg";
import { DEFAULT_DATABASE_TIMEOUT_MS } from "./defaults";
import { PrismaClient } from "../generated/prisma/client";
import { applyMigrations, pendingMigrations, type MigrationResult } from "./migrations";
import { parseDatabaseUrl, type Pooler } from "./database-url";
import { CANCEL_GRACE_MS } from "./session-free-client";
import { cancelAndClose, createBoundedPool, createGuardedClient, sessionTimeouts, type ConnectionErrorListener } from "./pool";

export type DatabaseKind = "embedded" | "server";

export interface DatabaseOptions {
  /** DATABASE_URL: `file:<directory>` or `postgresql://…`, with `?pgbouncer=true` when it points at a transaction pooler. */
  url: string;
  /** DATABASE_DIRECT_URL: a session of its own on the database, for what a transaction pooler cannot carry (LISTEN, migrations). */
  directUrl?: string;
  poolSize: number;
  /** DATABASE_TIMEOUT_MS: the longest any request waits on the database (connecting, a pooled connection, a statement, a lock). */
  timeoutMs?: number;
}

/** One database handle for the whole process: the Prisma client and the pg pool beneath it. */
export interface Database {
  kind: DatabaseKind;
  /** The transaction pooler DATABASE_URL goes through (`?pgbouncer=true`), or null for a session of our own. */
  pooler: Pooler | null;
  prisma: PrismaClient;
  pool: Pool;
  /**
   * Where a connection that LISTENs connects: a session that stays ours (DATABASE_DIRECT_URL behind a pooler, else
   * the database itself), or null behind a transaction pooler without DATABASE_DIRECT_URL, where a LISTEN would be
   * accepted and its notifications never delivered.
   */
  listenConfig: ClientConfig | null;
  migrate(): Promise<MigrationResult>;
  pendingMigrations(): Promise<string[]>;
  /** Where broken connections are reported (they never crash the process; by default they are only dropped). */
  onConnectionError(listener: ConnectionErrorListener): void;
  /**
   * Cancels the work in progress, for a shutdown whose deadline has passed: the statement running on every connection
   * in use is cancelled on the server and the connection closed (the caller gets an error at once, an open
   * transaction is rolled back, nothing half-done commits), and the pool takes no new work.
   */
  cancelActiveWork(): void;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS;
  let reportError: ConnectionErrorListener = () => undefined;
  const report = (error: unknown) => reportError(error instanceof Error ? error : new Error(String(error)));
  // PGlite is loaded only for an embedded database (a PostgreSQL server never needs it).
  const embedded = options.url.startsWith("file:")
    ? await import("./embedded").then((m) => m.openEmbedded(m.embeddedDirectory(options.url), report))
    : null;
  const target = parseDatabaseUrl(options.url);
  const base: PoolConfig = embedded ? embedded.poolConfig : { connectionString: target.url };
  const direct: PoolConfig | null = options.directUrl ? { connectionString: options.directUrl } : target.pooler ? null : base;
  const { pool, inUse } = createBoundedPool(base, { poolSize: options.poolSize, timeoutMs, onConnectionError: report, pooler: target.pooler });
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Waiting for a connection to start a transaction, and the whole transaction, are bounded like every other wait.
    transactionOptions: { maxWait: timeoutMs, timeout: timeoutMs },
  });

  const withClient = async <T>(work: (client: PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      // Released with the error, a client whose connection may be broken is dropped instead of pooled.
      client.release(failure);
    }
  };

  let poolEnded: Promise<void> | null = null;
  const endPool = () => (poolEnded ??= pool.end().catch(() => undefined));

  return {
    kind: embedded ? "embedded" : "server",
    pooler: target.pooler,
    prisma,
    pool,
    listenConfig: direct && { ...direct, ...sessionTimeouts(timeoutMs), connectionTimeoutMillis: timeoutMs },
    // Migrations run on a connection of their own, outside the pool's statement timeouts: a migration may
    // legitimately take longer than any request should, and may wait for another instance's migrations. They take
    // the direct connection when there is one; through a transaction pooler, their lock is taken per transaction.
    migrate: async () => {
      const client = createGuardedClient(direct ?? base, { connectTimeoutMs: timeoutMs, onError: report });
      try {
        await client.connect();
        return await applyMigrations(client, { session: direct !== null });
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    pendingMigrations: () => withClient((client) => pendingMigrations(client)),
    onConnectionError: (listener) => {
      reportError = listener;
    },
    cancelActiveWork: () => {
      void endPool();
      for (const client of inUse) cancelAndClose(client, target.pooler ? CANCEL_GRACE_MS : 0);
    },
    close: async () => {
      await prisma.$disconnect();
      await endPool();
      await embedded?.close();
    },
  };
}

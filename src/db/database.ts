import { PrismaPg } from "@prisma/adapter-pg";
import { Pool, type PoolClient, type PoolConfig } from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { embeddedDirectory, openEmbedded } from "./embedded";
import { applyMigrations, pendingMigrations, type MigrationResult } from "./migrations";

export type DatabaseKind = "embedded" | "server";

/** One database handle for the whole process: the Prisma client and the pg pool beneath it. */
export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  pool: Pool;
  migrate(): Promise<MigrationResult>;
  pendingMigrations(): Promise<string[]>;
  close(): Promise<void>;
}

export async function openDatabase(options: { url: string; poolSize: number }): Promise<Database> {
  const embedded = options.url.startsWith("file:") ? await openEmbedded(embeddedDirectory(options.url)) : null;
  const base: PoolConfig = embedded ? embedded.poolConfig : { connectionString: options.url };
  const pool = new Pool({ ...base, max: options.poolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // A broken idle connection (server restart) must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });

  const withClient = async <T>(work: (client: PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  };

  return {
    kind: embedded ? "embedded" : "server",
    prisma,
    pool,
    migrate: () => withClient((client) => applyMigrations(client)),
    pendingMigrations: () => withClient((client) => pendingMigrations(client)),
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
      await embedded?.close();
    },
  };
}

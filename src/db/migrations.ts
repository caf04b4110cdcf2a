import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { ClientBase } from "pg";

/**
 * Applies `prisma/migrations/<name>/migration.sql` in order and records each one in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, sha256 checksums), so that
 * both tools work on the same history. It needs no network access and no engine binary.
 * Concurrent runs (several instances starting at once) are serialised by the same advisory lock
 * that Prisma's own engine takes: for the whole run on a session of our own, and in each of the run's
 * transactions as well, which is all a transaction pooler (pgbouncer) keeps together (a session lock taken
 * through it could be left on a server session that then serves others).
 */
export const MIGRATIONS_DIRECTORY = path.resolve(__dirname, "../../prisma/migrations");
const PRISMA_ADVISORY_LOCK = 72707369;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const loaded = new Map<string, Promise<Migration[]>>();

/**
 * The committed migrations, in order. The folder ships with the code and does not change while the
 * process runs, so it is read and hashed once per directory (/readyz asks on every probe).
 */
export function listMigrations(directory = MIGRATIONS_DIRECTORY): Promise<Migration[]> {
  let migrations = loaded.get(directory);
  if (!migrations) {
    migrations = readMigrations(directory);
    loaded.set(directory, migrations);
    migrations.catch(() => loaded.delete(directory));
  }
  return migrations;
}

async function readMigrations(directory: string): Promise<Migration[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(directory, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export async function applyMigrations(
  client: ClientBase,
  options: { session: boolean } = { session: true },
  directory = MIGRATIONS_DIRECTORY,
): Promise<MigrationResult> {
  const migrations = await listMigrations(directory);
  if (options.session) await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
  try {
    await createHistoryTable(client);
    const applied: string[] = [];
    for (const migration of migrations) {
      if (await applyOne(client, migration)) applied.push(migration.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    if (options.session) await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
  }
}

/** `_prisma_migrations` as Prisma creates it, unless it exists (under the lock: two first runs may meet). */
async function createHistoryTable(client: ClientBase): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * Applies one migration unless the history already records it (then returns false). The history is read in the
 * same transaction that applies the migration and records it: on the embedded database every client of the socket
 * shares PGlite's single session, so the advisory lock (re-entrant within a session) serialises nothing there,
 * while its wire server runs one connection's transaction at a time. (Reading the history before the transaction
 * let two processes migrating at once both apply a migration; the loser's failure record then blocked every start.)
 */
async function applyOne(client: ClientBase, migration: Migration): Promise<boolean> {
  await client.query("BEGIN");
  let sqlError: unknown;
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_ADVISORY_LOCK]);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} failed earlier and blocks new ones: fix the database, then mark it rolled back.`,
      );
    }
    const applied = rows.find((row) => row.migration_name === migration.name && row.finished_at !== null);
    if (applied) {
      // As `prisma migrate deploy` does: the database ran other SQL than the file now holds, so the schema it has is
      // not the one the code expects.
      if (applied.checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.name} was modified after it was applied (checksum ${applied.checksum.slice(0, 12)}… in the database, ` +
            `${migration.checksum.slice(0, 12)}… in prisma/migrations/${migration.name}/migration.sql): restore the applied file and add a new migration instead.`,
        );
      }
      await client.query("COMMIT");
      return false;
    }
    const id = randomUUID();
    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)`, [
      id,
      migration.checksum,
      migration.name,
    ]);
    await client.query(migration.sql).catch((error: unknown) => {
      sqlError = error;
      throw error;
    });
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK");
    if (sqlError === undefined) throw error;
    // Recorded as `prisma migrate deploy` records a failed migration: no finished_at, the error in logs.
    const message = sqlError instanceof Error ? sqlError.message : String(sqlError);
    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES ($1, $2, $3, $4)`, [
      randomUUID(),
      migration.checksum,
      migration.name,
      message,
    ]);
    throw new MigrationError(`Migration ${migration.name} failed: ${message}`);
  }
}

/** The names of committed migrations not yet applied (empty when the database is up to date). */
export async function pendingMigrations(client: ClientBase, directory = MIGRATIONS_DIRECTORY): Promise<string[]> {
  const migrations = await listMigrations(directory);
  const exists = await client.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return migrations.map((migration) => migration.name);
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const done = new Set(rows.map((row) => row.migration_name));
  return migrations.filter((migration) => !done.has(migration.name)).map((migration) => migration.name);
}

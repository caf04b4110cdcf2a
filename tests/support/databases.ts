import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";

/** Which databases the database-backed tests run against: both unless TEST_DATABASES narrows it. */
export type TestDatabaseKind = "embedded" | "server";

export function testDatabaseKinds(): TestDatabaseKind[] {
  const wanted = (process.env.TEST_DATABASES ?? "embedded,server").split(",").map((kind) => kind.trim());
  return (["embedded", "server"] as const).filter((kind) => wanted.includes(kind));
}

/** The PostgreSQL server the tests create their own databases on. */
export function serverAdminUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own for one test file: a temp directory, or a new PostgreSQL database. */
export async function createScratchDatabase(kind: TestDatabaseKind): Promise<ScratchDatabase> {
  if (kind === "embedded") {
    const dir = await mkdtemp(path.join(tmpdir(), "cd-test-"));
    return { url: `file:${dir}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `cd_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverAdminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

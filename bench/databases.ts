import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";

export interface BenchDatabase {
  kind: "server" | "embedded";
  url: string;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  return process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

/** A fresh database of its own: a new PostgreSQL database, or a temporary PGlite directory. */
export async function freshDatabase(kind: "server" | "embedded"): Promise<BenchDatabase> {
  if (kind === "embedded") {
    const dir = await mkdtemp(path.join(tmpdir(), "cd-bench-"));
    return { kind, url: `file:${dir}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `cd_bench_${process.pid}_${Date.now()}`;
  const run = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return { kind, url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

#!/usr/bin/env node
// Writes a new migration into prisma/migrations from the difference between the schema of the last
// migration (kept in prisma/migrations/schema.snapshot.prisma) and prisma/schema.prisma, without any
// network access and without touching a database: it runs Prisma's own schema engine (the same
// engine `prisma migrate dev` runs) compiled to WebAssembly.
//
//   npm run migration:new -- <name>
import { readFile, writeFile, mkdir, readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as runtime from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run migration:new -- <name>");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const schemaPath = path.join(root, "prisma/schema.prisma");
const migrationsDir = path.join(root, "prisma/migrations");
const snapshotPath = path.join(migrationsDir, "schema.snapshot.prisma");

const require = createRequire(import.meta.url);
const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { "./schema_engine_bg.js": runtime });
runtime.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

const current = await readFile(schemaPath, "utf8");
// A datamodel-to-datamodel diff reads no database, but the engine connects once at start-up:
// give it a throw-away in-memory PGlite so that no server is needed.
const scratch = await PGlite.create();
const server = new PGLiteSocketServer({ db: scratch, host: "127.0.0.1", port: 0 });
await server.start();
const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: `postgresql://postgres@${server.getServerConn()}/postgres` }));
const engine = await runtime.SchemaEngine.new({ datamodels: [[schemaPath, current]] }, () => {}, adapter);
const from = existsSync(snapshotPath)
  ? { tag: "schemaDatamodel", files: [{ path: snapshotPath, content: await readFile(snapshotPath, "utf8") }] }
  : { tag: "empty" };
const to = { tag: "schemaDatamodel", files: [{ path: schemaPath, content: current }] };
const result = await engine.diff({ from, to, script: true, exitCode: true, filters: { externalTables: [], externalEnums: [] } });
if (result.exitCode !== 2) {
  console.error("The schema has not changed since the last migration: nothing to write.");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), result.stdout ?? "");
await writeFile(snapshotPath, current);
if (!existsSync(path.join(migrationsDir, "migration_lock.toml"))) {
  await writeFile(path.join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
}
await server.stop();
await scratch.close();
console.log(JSON.stringify({ written: path.relative(root, dir), migrations: (await readdir(migrationsDir)).length }));

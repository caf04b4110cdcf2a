import "reflect-metadata";
import { buildApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { openDatabase } from "./db/database";
import { demoInstructions, findDemoUsers, isEmpty, seedDemo } from "./admin/demo-data";
import { createServices } from "./services";

/** `npm start`: validate config, open the database, apply migrations, seed demo data if empty, listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  const migration = await db.migrate();
  const services = createServices(config, db);
  const seeded = config.env !== "production" && (await isEmpty(db.prisma)) ? await seedDemo(db.prisma, services.clock) : null;
  const app = await buildApp(services);

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const address = await app.listen({ port: config.http.port, host: config.http.host });
  const baseUrl = address.replace("0.0.0.0", "127.0.0.1");
  if (config.logFormat === "json") {
    // JSON logs stay pure JSON: the banner becomes one log line (demo data is never seeded in production).
    app.log.info({ url: baseUrl, database: db.kind, migrationsApplied: migration.applied, seeded: seeded !== null }, "Customer Details API ready");
    return;
  }
  const lines = [
    `Customer Details API listening on ${baseUrl} (database: ${db.kind}${db.kind === "embedded" ? ` ${config.database.url}` : ""})`,
    `Migrations applied now: ${migration.applied.length === 0 ? "none (up to date)" : migration.applied.join(", ")}`,
  ];
  const demoUsers = config.env === "production" ? [] : await findDemoUsers(db.prisma);
  if (seeded) lines.push("", "Seeded demo data.");
  if (demoUsers.length > 0) lines.push("", demoInstructions(baseUrl, demoUsers, services.tokens));
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

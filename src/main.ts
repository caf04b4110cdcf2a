// First: tracing (when configured) must patch http, pg and graphql before anything loads them.
import "./tracing/register";
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import { buildApp } from "./app";
import { withJwtSecret } from "./auth/jwt-secret";
import { loadConfig } from "./config";
import { openDatabase } from "./db/database";
import { demoInstructions, findDemoUsers, isEmpty, seedDemo } from "./admin/demo-data";
import { printsBanner, runAsClusterPrimary } from "./runtime/cluster";
import { exitGracefullyOnSignals, GracefulShutdown } from "./lifecycle/shutdown";
import { createServices } from "./services";
import { Decimal } from "./currency/decimal";
import { startupFailure } from "./runtime/startup-failure";

/** `npm start`: validate config, open the database, apply migrations, seed demo data if empty, listen. */
async function main(): Promise<void> {
  const config = await withJwtSecret(loadConfig());
  if (await runAsClusterPrimary(config)) return; // WEB_CONCURRENCY > 1: this process supervises the workers
  const db = await openDatabase(config.database);
  const migration = await db.migrate();
  const services = createServices(config, db);
  const seeded = config.env !== "production" && (await isEmpty(db.prisma)) ? await seedDemo(db.prisma, services.clock) : null;
  const app = await buildApp(services);

  exitGracefullyOnSignals(new GracefulShutdown(app, db, { timeoutMs: config.shutdownTimeoutMs, log: app.log }), app.log);

  await app.listen({ port: config.http.port, host: config.http.host });
  const { listening, baseUrl } = boundUrls(app.server.address());
  if (!printsBanner()) return;
  if (config.logFormat === "json") {
    // JSON logs stay pure JSON: the banner becomes one log line (demo data is never seeded in production).
    app.log.info({ url: listening, metrics: config.metrics.enabled ? (app.metricsListenerUrl() ?? `${baseUrl}/metrics`) : null, database: db.kind, migrationsApplied: migration.applied, seeded: seeded !== null }, "Customer Details API ready");
    return;
  }
  const lines = [
    `Customer Details API listening on ${listening} (database: ${db.kind}${db.kind === "embedded" ? ` ${config.database.url}` : ""})`,
    `Migrations applied now: ${migration.applied.length === 0 ? "none (up to date)" : migration.applied.join(", ")}`,
  ];
  if (config.metrics.enabled) lines.push(`Metrics: ${app.metricsListenerUrl() ?? `${baseUrl}/metrics`}`);
  // Demo tokens only where the service issues tokens itself (HS256): with only a provider's keys, it cannot.
  const demoUsers = config.env === "production" || !services.tokens.canSign ? [] : await findDemoUsers(db.prisma);
  if (seeded) lines.push("", "Seeded demo data.");
  if (demoUsers.length > 0) {
    const convert = (amount: string, from: string, to: string) => services.converter.convert(new Decimal(amount), from, to);
    lines.push("", await demoInstructions(baseUrl, demoUsers, services.tokens, convert));
  } else if (!services.tokens.canSign) {
    lines.push(
      "",
      "Tokens come from your identity provider (JWT_JWKS_URL); give each user the id its tokens name:",
      "  npm run --silent admin -- user:update --user ID --external-id 'ID-AT-THE-PROVIDER'",
      `Playground: ${baseUrl}/graphql   Health: ${baseUrl}/readyz`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * The address the listener is actually bound to (what the banner prints), and a URL to reach it from this machine
 * (for the demo commands: a wildcard address is reached on loopback).
 */
function boundUrls(address: AddressInfo | string | null): { listening: string; baseUrl: string } {
  if (address === null || typeof address === "string") throw new Error(`Unexpected listener address: ${String(address)}`);
  const host = (ip: string) => (ip.includes(":") ? `[${ip}]` : ip);
  const wildcard = address.address === "0.0.0.0" || address.address === "::";
  const reachable = wildcard ? "127.0.0.1" : address.address;
  return { listening: `http://${host(address.address)}:${address.port}`, baseUrl: `http://${host(reachable)}:${address.port}` };
}

main().catch((error: unknown) => {
  process.stderr.write(`${startupFailure(error, process.env)}\n`);
  process.exit(1);
});

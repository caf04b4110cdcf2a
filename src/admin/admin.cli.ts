import "reflect-metadata";
import { parseArgs } from "node:util";
import { JwtSecretError, withJwtSecret } from "../auth/jwt-secret";
import { TokenLifetimeError, TokenService } from "../auth/token-service";
import { ConfigError, loadConfig } from "../config";
import { openDatabase, type Database } from "../db/database";
import { RateInputError, storeRates } from "../currency/rates.store";
import { systemClock } from "../shared/clock";
import { AdminError } from "./admin-error";
import { createCustomer } from "./customers";
import { seedDemo } from "./demo-data";
import { createUser, disableUser, grantPermission, requireUser, revokePermission } from "./users";
import { importRatesCommand } from "./rates-import.command";
import { RateFileError } from "../currency/rate-files";
import { WebhookInputError, WebhookService } from "../webhooks/webhooks.service";

/**
 * The admin command line: `npm run --silent admin -- <command> [options]`. Prints JSON on stdout,
 * errors on stderr with a non-zero exit. Works with or without the service running on the same
 * embedded database (it then goes through the service's socket).
 */
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;
type Command = (db: Database, values: Values, args: string[]) => Promise<unknown>;

const OPTIONS = {
  email: { type: "string" },
  name: { type: "string" },
  currency: { type: "string" },
  permission: { type: "string", multiple: true },
  role: { type: "string", multiple: true },
  user: { type: "string" },
  owner: { type: "string" },
  uuid: { type: "string" },
  "expires-in": { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  rate: { type: "string" },
  date: { type: "string" },
  source: { type: "string" },
  demo: { type: "boolean" },
  url: { type: "string" },
  field: { type: "string", multiple: true },
  id: { type: "string" },
} as const;

const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
})();

function text(values: Values, name: string, required = true): string | undefined {
  const value = values[name];
  if (typeof value === "string" && value !== "") return value;
  if (required) throw new AdminError(`--${name} is required.`);
  return undefined;
}

function list(values: Values, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function id(values: Values, name: string, required = true): number | undefined {
  const raw = text(values, name, required);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new AdminError(`--${name} must be a numeric id, got "${raw}".`);
  return Number(raw);
}

/**
 * `--user ID --permission P [--permission Q]...`: applies `apply` to each permission and returns the last result.
 * (`permission` is a multiple option, so parseArgs always gives an array: `text()` would never find it.)
 */
async function forEachPermission<T>(values: Values, apply: (userId: number, permission: string) => Promise<T>): Promise<T> {
  const userId = id(values, "user") as number;
  const [first, ...others] = list(values, "permission").filter((permission) => permission !== "");
  if (first === undefined) throw new AdminError("--permission is required.");
  let result = await apply(userId, first);
  for (const permission of others) result = await apply(userId, permission);
  return result;
}

const COMMANDS: Record<string, Command> = {
  "db:migrate": (db) => db.migrate(),
  "db:seed": async (db, values) => {
    if (!values.demo) throw new AdminError("db:seed needs --demo (the only seed there is).");
    return seedDemo(db.prisma, systemClock);
  },
  "user:create": (db, values) =>
    createUser(db.prisma, {
      email: text(values, "email") as string,
      name: text(values, "name", false),
      currency: text(values, "currency", false),
      permissions: list(values, "permission"),
      roles: list(values, "role"),
    }),
  "user:grant": (db, values) => forEachPermission(values, (userId, permission) => grantPermission(db.prisma, userId, permission)),
  "user:revoke": (db, values) => forEachPermission(values, (userId, permission) => revokePermission(db.prisma, userId, permission)),
  "user:disable": (db, values) => disableUser(db.prisma, id(values, "user") as number),
  "customer:create": (db, values) =>
    createCustomer(db.prisma, { name: text(values, "name") as string, ownerId: id(values, "owner", false), uuid: text(values, "uuid", false) }),
  token: async (db, values) => {
    const userId = id(values, "user") as number;
    await requireUser(db.prisma, userId);
    return { token: new TokenService((await withJwtSecret(config)).jwt).sign(userId, text(values, "expires-in", false) ?? "1h") };
  },
  "rates:set": (db, values) =>
    storeRates(db.prisma, "manual", [
      {
        base: (text(values, "from") as string).toUpperCase(),
        quote: (text(values, "to") as string).toUpperCase(),
        rate: text(values, "rate") as string,
        date: text(values, "date", false) ?? systemClock.today(),
      },
    ]),
  "rates:import": (db, values, args) => importRatesCommand(db, config, text(values, "source") as string, args[0]),
  "webhook:create": (db, values) => new WebhookService(db.prisma).create({ url: text(values, "url") as string, fields: list(values, "field") }),
  "webhook:list": (db) => new WebhookService(db.prisma).list(),
  "webhook:delete": (db, values) => new WebhookService(db.prisma).delete(id(values, "id") as number),
  "webhook:deliveries": (db, values) => new WebhookService(db.prisma).deliveries(id(values, "id") as number),
};

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`usage: npm run --silent admin -- <command>\ncommands: ${Object.keys(COMMANDS).join(", ")}\n`);
    return 2;
  }
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  const db = await openDatabase({ ...config.database, poolSize: 2 });
  try {
    if (name !== "db:migrate") await db.migrate();
    const result = await command(db, values, positionals);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known =
      error instanceof AdminError ||
      error instanceof RateInputError ||
      error instanceof RateFileError ||
      error instanceof JwtSecretError ||
      error instanceof WebhookInputError ||
      error instanceof TokenLifetimeError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"));
    process.stderr.write(`${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

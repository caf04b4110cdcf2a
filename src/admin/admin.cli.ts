import "reflect-metadata";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { ConfigError, loadConfig } from "../config";
import type { Database } from "../db/database";
import { systemClock } from "../shared/clock";
import { AdminError } from "./admin-error";
import { CommandResult } from "./command-result";
import { misplacedEmbeddedDatabase } from "./project-directory";

/**
 * The admin command line: `npm run --silent admin -- <command> [options]` (compiled: dist/admin/admin.cli.js).
 * Prints JSON on stdout, errors on stderr with a non-zero exit. Works with or without the service running on the
 * same embedded database (it then goes through the service's socket).
 *
 * Each command loads only the modules it needs (dynamic imports), so a command costs a process start, the database
 * client and its own work: well under a second on PostgreSQL.
 */
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;
type Command = (db: Database, values: Values, args: string[]) => Promise<unknown>;

const OPTIONS = {
  email: { type: "string" },
  "external-id": { type: "string" },
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
  format: { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
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
 * `--user ID [--permission P]... [--role R]...`: applies each grant in turn and returns the last result (the user).
 * (`permission` and `role` are multiple options, so parseArgs always gives arrays: `text()` would never find them.)
 */
async function forEachGrant<T>(
  values: Values,
  apply: { permission: (userId: number, permission: string) => Promise<T>; role: (userId: number, role: string) => Promise<T> },
): Promise<T> {
  const userId = id(values, "user") as number;
  const grants = [
    ...list(values, "permission").filter(Boolean).map((name) => () => apply.permission(userId, name)),
    ...list(values, "role").filter(Boolean).map((name) => () => apply.role(userId, name)),
  ];
  if (grants.length === 0) throw new AdminError("--permission or --role is required.");
  let result: T | undefined;
  for (const grant of grants) result = await grant();
  return result as T;
}

/** `--role R --permission P [--permission Q]...` (role is a multiple option too: exactly one is wanted here). */
async function forEachRolePermission<T>(values: Values, apply: (role: string, permission: string) => Promise<T>): Promise<T> {
  const roles = list(values, "role").filter(Boolean);
  if (roles.length !== 1) throw new AdminError("--role is required (one role).");
  const permissions = list(values, "permission").filter(Boolean);
  if (permissions.length === 0) throw new AdminError("--permission is required.");
  let result: T | undefined;
  for (const permission of permissions) result = await apply(roles[0] as string, permission);
  return result as T;
}

async function webhooks(db: Database) {
  const { WebhookService } = await import("../webhooks/webhooks.service");
  return new WebhookService(db.prisma);
}

/** One admin command: what it does, how to call it (`--help` prints both), and the work. */
interface CommandSpec {
  summary: string;
  usage: string;
  run: Command;
}

const COMMANDS: Record<string, CommandSpec> = {
  "db:migrate": { summary: "apply pending migrations", usage: "db:migrate", run: (db) => db.migrate() },
  "db:seed": {
    summary: "seed the demo data into an empty database",
    usage: "db:seed --demo",
    run: async (db, values) => {
      if (!values.demo) throw new AdminError("db:seed needs --demo (the only seed there is).");
      const { seedDemo } = await import("./demo-data");
      return seedDemo(db.prisma, systemClock);
    },
  },
  demo: {
    summary: "print the demo users' tokens and ready-to-paste curl commands again",
    usage: "demo",
    run: async (db) => (await import("./demo.command")).demoCommand(db, config),
  },
  "user:create": {
    summary: "create a user",
    usage: "user:create --email E [--external-id ID] [--name N] [--currency CUR] [--permission P]... [--role R]...",
    run: async (db, values) =>
      (await import("./users")).createUser(db.prisma, {
        email: text(values, "email") as string,
        externalId: text(values, "external-id", false),
        name: text(values, "name", false),
        currency: text(values, "currency", false),
        permissions: list(values, "permission"),
        roles: list(values, "role"),
      }),
  },
  "user:grant": {
    summary: "give a user permissions or roles",
    usage: "user:grant --user ID [--permission P]... [--role R]...",
    run: async (db, values) => {
      const [users, roles] = await Promise.all([import("./users"), import("./roles")]);
      return forEachGrant(values, {
        permission: (userId, permission) => users.grantPermission(db.prisma, userId, permission),
        role: (userId, role) => roles.assignRole(db.prisma, userId, role),
      });
    },
  },
  "user:revoke": {
    summary: "take permissions or roles from a user",
    usage: "user:revoke --user ID [--permission P]... [--role R]...",
    run: async (db, values) => {
      const [users, roles] = await Promise.all([import("./users"), import("./roles")]);
      return forEachGrant(values, {
        permission: (userId, permission) => users.revokePermission(db.prisma, userId, permission),
        role: (userId, role) => roles.removeRole(db.prisma, userId, role),
      });
    },
  },
  "user:update": {
    summary: "set or remove the id a user has at the identity provider (JWT_USER_CLAIM of its tokens)",
    usage: 'user:update --user ID --external-id ID   (--external-id "" removes it)',
    run: async (db, values) => {
      // --external-id "" removes it (the user then answers to the service's own tokens only).
      const externalId = values["external-id"];
      if (typeof externalId !== "string") throw new AdminError('--external-id is required ("" removes it).');
      return (await import("./users")).setExternalId(db.prisma, id(values, "user") as number, externalId === "" ? null : externalId);
    },
  },
  "user:disable": {
    summary: "disable a user (its tokens stop working at once)",
    usage: "user:disable --user ID",
    run: async (db, values) => (await import("./users")).disableUser(db.prisma, id(values, "user") as number),
  },
  "role:create": {
    summary: "create a role with permissions",
    usage: "role:create --name R [--permission P]...",
    run: async (db, values) => (await import("./roles")).createRole(db.prisma, text(values, "name") as string, list(values, "permission")),
  },
  "role:grant": {
    summary: "give a role permissions",
    usage: "role:grant --role R --permission P [--permission Q]...",
    run: async (db, values) => {
      const roles = await import("./roles");
      return forEachRolePermission(values, (role, permission) => roles.grantRolePermission(db.prisma, role, permission));
    },
  },
  "role:revoke": {
    summary: "take permissions from a role",
    usage: "role:revoke --role R --permission P [--permission Q]...",
    run: async (db, values) => {
      const roles = await import("./roles");
      return forEachRolePermission(values, (role, permission) => roles.revokeRolePermission(db.prisma, role, permission));
    },
  },
  "role:list": { summary: "list roles with their permissions", usage: "role:list", run: async (db) => (await import("./roles")).listRoles(db.prisma) },
  "customer:create": {
    summary: "create a customer",
    usage: "customer:create --name N [--owner USER_ID] [--uuid UUID]",
    run: async (db, values) =>
      (await import("./customers")).createCustomer(db.prisma, {
        name: text(values, "name") as string,
        ownerId: id(values, "owner", false),
        uuid: text(values, "uuid", false),
      }),
  },
  token: {
    summary: "mint a bearer token for an active user (HS256, JWT_SECRET)",
    usage: "token --user ID [--expires-in 1h]",
    run: async (db, values) => {
      const userId = id(values, "user") as number;
      const [{ requireActiveUser }, { withJwtSecret }, { TokenService }] = await Promise.all([
        import("./users"),
        import("../auth/jwt-secret"),
        import("../auth/token-service"),
      ]);
      await requireActiveUser(db.prisma, userId);
      return { token: new TokenService((await withJwtSecret(config)).jwt).sign(userId, text(values, "expires-in", false) ?? "1h") };
    },
  },
  "rates:set": {
    summary: "store a manual exchange rate (wins over imported rates of the same date)",
    usage: "rates:set --from CUR --to CUR --rate DECIMAL [--date YYYY-MM-DD]",
    run: async (db, values) =>
      (await import("../currency/rates.store")).storeRates(db.prisma, "manual", [
        {
          base: (text(values, "from") as string).toUpperCase(),
          quote: (text(values, "to") as string).toUpperCase(),
          rate: text(values, "rate") as string,
          date: text(values, "date", false) ?? systemClock.today(),
        },
      ]),
  },
  "rates:import": {
    summary: "import a rate file (ECB or TCMB XML) from a path or URL",
    usage: "rates:import --source ecb|tcmb FILE_OR_URL",
    run: async (db, values, args) =>
      (await import("./rates-import.command")).importRatesCommand(db, config, text(values, "source") as string, args[0]),
  },
  "webhook:create": {
    summary: "subscribe a URL to changes of the given fields (prints its signing secret once)",
    usage: "webhook:create --url URL [--field F]...",
    run: async (db, values) => (await webhooks(db)).create({ url: text(values, "url") as string, fields: list(values, "field") }),
  },
  "webhook:list": { summary: "list webhooks", usage: "webhook:list", run: async (db) => (await webhooks(db)).list() },
  "webhook:delete": { summary: "delete a webhook", usage: "webhook:delete --id ID", run: async (db, values) => (await webhooks(db)).delete(id(values, "id") as number) },
  "webhook:deliveries": {
    summary: "show a webhook's recent deliveries and their attempts",
    usage: "webhook:deliveries --id ID",
    run: async (db, values) => (await webhooks(db)).deliveries(id(values, "id") as number),
  },
  "details:import": {
    summary: "import customers' details from a CSV (header row) or JSON Lines file, PATCH semantics, with a JSON report",
    usage: "details:import FILE [--dry-run]   (CSV: an empty cell leaves the field, a bare NULL clears it)",
    run: async (db, values, args) =>
      (await import("./details-transfer.command")).importDetailsCommand(db, config, args[0], { dryRun: values["dry-run"] === true }),
  },
  "details:export": {
    summary: "stream every customer's details to standard output (importing the result changes nothing)",
    usage: "details:export [--format csv|jsonl]",
    run: async (db, values) => (await import("./details-transfer.command")).exportDetailsCommand(db, text(values, "format", false)),
  },
};

/** Commands that run many statements at once get the configured pool; the others need two connections. */
const POOL_SIZES: Record<string, number> = { "details:import": config.database.poolSize };

const PROGRAM = "npm run --silent admin --";

/** `--help` of one command, or of the whole command line. */
function helpText(name?: string): string {
  const spec = name ? COMMANDS[name] : undefined;
  if (spec) return `${spec.summary}\n\nusage: ${PROGRAM} ${spec.usage}\n`;
  const width = Math.max(...Object.keys(COMMANDS).map((command) => command.length));
  const rows = Object.entries(COMMANDS).map(([command, { summary }]) => `  ${command.padEnd(width)}  ${summary}`);
  return [`usage: ${PROGRAM} <command> [options]   (${PROGRAM} <command> --help for its options)`, "", "commands:", ...rows, ""].join("\n");
}

/** Errors a user's input caused (by name: their modules are loaded only by the commands that throw them): message only. */
const USER_ERRORS = new Set(["RateInputError", "RateFileError", "JwtSecretError", "WebhookInputError", "TokenLifetimeError", "TokenIssueError"]);

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(helpText());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${helpText()}`);
    return 2;
  }
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    process.stdout.write(helpText(name));
    return 0;
  }
  const misplaced = misplacedEmbeddedDatabase(config.database.url);
  if (misplaced) throw new AdminError(misplaced);
  if (!config.database.url.startsWith("file:")) {
    // A short-lived process: compile Prisma's query compiler (WebAssembly) with the baseline compiler only and
    // lazily. Optimising it costs more CPU than one command ever gets back (about half of a command's time).
    setFlagsFromString("--liftoff-only");
    setFlagsFromString("--wasm-lazy-compilation");
  }
  const { openDatabase } = await import("../db/database");
  const db = await openDatabase({ ...config.database, poolSize: POOL_SIZES[name] ?? 2 });
  try {
    if (name !== "db:migrate") await db.migrate();
    const result = await command.run(db, values, positionals);
    const { exitCode, json } = result instanceof CommandResult ? result : new CommandResult(0, result);
    if (json !== undefined) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return exitCode;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known =
      error instanceof AdminError ||
      (error instanceof Error && USER_ERRORS.has(error.name)) ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"));
    process.stderr.write(`${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { listMigrations } from "../../src/db/migrations";
import { childEnv, REPO_ROOT } from "../support/cli";
import { testDatabaseKinds } from "../support/databases";
import { http } from "../support/http";
import { freePort } from "../support/ports";

/** `npm start` without the build step: the same entry point, run from source. */
interface MainProcess {
  child: ChildProcessWithoutNullStreams;
  startedAt: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (rejects if the process exits or time runs out first). */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startMain(env: Record<string, string>): MainProcess {
  const startedAt = Date.now();
  const child = spawn(process.execPath, ["-r", "ts-node/register", "src/main.ts"], { cwd: REPO_ROOT, env: childEnv(env) });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const waitForOutput = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(out);
        if (!match) return false;
        cleanup();
        resolve(match);
        return true;
      };
      const onExit = () => {
        if (check()) return;
        cleanup();
        reject(new Error(`src/main.ts exited before printing ${pattern}.\nstdout:\n${out}\nstderr:\n${err}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`src/main.ts printed no ${pattern} within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout.off("data", check);
        child.off("exit", onExit);
      };
      child.stdout.on("data", check);
      child.once("exit", onExit);
      check();
    });
  return { child, startedAt, stdout: () => out, stderr: () => err, waitForOutput, exited };
}

/** A printed curl command, as a shell would split it (continuation lines joined, quotes removed). */
interface CurlCommand {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function shellWords(command: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of command.replace(/\\\n/g, " ").matchAll(pattern)) {
    words.push(match[1] ?? match[2]?.replace(/\\(.)/g, "$1") ?? match[3] ?? "");
  }
  return words;
}

function parseCurl(command: string): CurlCommand {
  const words = shellWords(command);
  if (words[0] !== "curl") throw new Error(`not a curl command: ${command}`);
  const parsed: CurlCommand = { method: "GET", url: "", headers: {}, body: undefined };
  for (let i = 1; i < words.length; i += 1) {
    const word = words[i] ?? "";
    if (word === "-X") parsed.method = words[++i] ?? "";
    else if (word === "-H") {
      const [name, ...value] = (words[++i] ?? "").split(":");
      parsed.headers[(name ?? "").trim().toLowerCase()] = value.join(":").trim();
    } else if (word === "-d" || word === "--data") {
      parsed.body = words[++i];
      if (parsed.method === "GET") parsed.method = "POST";
    } else if (word.startsWith("http")) parsed.url = word;
    else if (!word.startsWith("-")) throw new Error(`unexpected word in the curl command: ${word}`);
  }
  return parsed;
}

/** The demo blocks `# <email> (<permissions>; prefers <currency>)`, a curl command and `#   → <what to expect>`, as printed. */
function demoCommands(stdout: string): { email: string; permissions: string; currency: string; curl: CurlCommand; expect: string }[] {
  const blocks = stdout.matchAll(/^# (\S+@\S+) \(([^;)]*); prefers ([A-Z]{3})\)\n(curl (?:.*\\\n)*.*)\n# {3}→ (.*)$/gm);
  return [...blocks].map((block) => ({
    email: block[1] ?? "",
    permissions: block[2] ?? "",
    currency: block[3] ?? "",
    curl: parseCurl(block[4] ?? ""),
    expect: block[5] ?? "",
  }));
}

const embeddedOnly = testDatabaseKinds().includes("embedded") ? describe : describe.skip;

embeddedOnly("npm start on a fresh embedded directory", () => {
  let directory: string;
  /** The demo manager's Authorization header as the first run printed it. */
  let firstRunAuthorization = "";
  const running: MainProcess[] = [];
  const start = async () => {
    const port = await freePort();
    const main = startMain({ NODE_ENV: "development", DATABASE_URL: `file:${directory}`, PORT: String(port), HOST: "127.0.0.1" });
    running.push(main);
    return { main, port };
  };
  const stop = async (main: MainProcess) => {
    main.child.kill("SIGTERM");
    const exit = await main.exited;
    running.splice(running.indexOf(main), 1);
    return exit;
  };

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "cd-start-"));
  });
  afterAll(async () => {
    for (const main of running) {
      main.child.kill("SIGKILL");
      await main.exited;
    }
    await rm(directory, { recursive: true, force: true });
  });

  it("migrates, seeds, prints working curl commands with demo tokens, and exits cleanly on SIGTERM", async () => {
    const { main, port } = await start();
    await main.waitForOutput(/^Playground: \S+\/graphql/m, 90_000);
    const listenedAt = Date.now();
    const stdout = main.stdout();

    const baseUrl = `http://127.0.0.1:${port}`;
    expect(stdout).toContain(`Customer Details API listening on ${baseUrl} (database: embedded file:${directory})`);
    const names = (await listMigrations()).map((migration) => migration.name);
    expect(stdout).toContain(`Migrations applied now: ${names.join(", ")}\n`);
    expect(stdout).toContain("Seeded demo data.");

    const commands = demoCommands(stdout);
    expect(commands.map(({ email, permissions, currency }) => [email, permissions, currency])).toEqual([
      ["admin@example.com", "customer.details.update", "TRY"],
      ["sales@example.com", "customer.details.update.own", "TRY"],
      ["viewer@example.com", "customer.details.view", "EUR"],
    ]);
    // Each command says what it will answer, with the rate the service will really use (a demo rate for every currency).
    const today = new Date().toISOString().slice(0, 10);
    expect(commands.map(({ expect: expected }) => expected)).toEqual([
      `annual_revenue_converted 60000000 TRY, USD→TRY at 30 (demo rate of ${today})`,
      `annual_revenue_converted 60000000 TRY, USD→TRY at 30 (demo rate of ${today})`,
      `read-only (a PATCH answers 403); after an admin's PATCH, annual_revenue_converted 1840000 EUR, USD→EUR at 0.92 (demo rate of ${today})`,
    ]);
    // The banner is the last thing printed at start-up.
    expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^Playground: \S+\/graphql .* npm run --silent admin -- demo$/);
    for (const { curl } of commands) {
      expect(curl.url.startsWith(`${baseUrl}/api/v1/customers/`)).toBe(true);
      expect(curl.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    }

    // No JWT_SECRET in development: a random one was generated into the data directory, readable by its owner only.
    const secretFile = path.join(directory, "jwt-secret");
    expect((await stat(secretFile)).mode & 0o777).toBe(0o600);
    expect((await readFile(secretFile, "utf8")).trim()).toMatch(/^[\w-]{64}$/);

    // The manager's command, exactly as printed.
    const manager = commands[0]?.curl as CurlCommand;
    const response = await fetch(manager.url, { method: manager.method, headers: manager.headers, body: manager.body });
    const firstSuccessAt = Date.now();
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      annual_revenue: 2000000,
      annual_revenue_currency: "USD",
      annual_revenue_converted: 60000000,
      annual_revenue_currency_converted: "TRY",
      employee_count: 100,
    });
    console.log(
      `npm start on a fresh embedded directory: ${firstSuccessAt - main.startedAt} ms from spawn to the first successful request ` +
        `(${listenedAt - main.startedAt} ms to the printed instructions)`,
    );

    // Every printed command works as printed: the viewer's reads the manager's figure back, converted into EUR.
    const others = await Promise.all(
      commands.slice(1).map(({ curl }) => http(curl.method, curl.url, undefined, { raw: curl.body, headers: curl.headers })),
    );
    expect(others.map((result) => result.status)).toEqual([200, 200]);
    expect(others[1]?.body).toMatchObject({ annual_revenue_converted: 1840000, annual_revenue_currency_converted: "EUR" });
    // A quiet console: one line per request (method, path, status, duration, request id), nothing else.
    await main.waitForOutput(/^Playground: .*\n(?:.* \d+ ms \S+\n){3}/m, 10_000);
    const requestLines = main.stdout().slice(stdout.length).trimEnd().split("\n");
    expect(requestLines).toHaveLength(3);
    for (const line of requestLines) expect(line).toMatch(/INFO.*: (PATCH|GET) \/api\/v1\/customers\/[\w-]+\/details 200 \d+ ms [\w-]{36}$/);
    expect((await http("GET", `${baseUrl}/readyz`)).status).toBe(200);

    // Another process is connected through the socket (as the admin command line or psql would be) when the service
    // is asked to stop: it still stops at once, and cleanly.
    const client = new Client({ host: directory, port: 5432, user: "postgres", database: "postgres" });
    const clientErrors: Error[] = [];
    client.on("error", (error) => clientErrors.push(error));
    await client.connect();
    expect((await client.query<{ users: number }>("SELECT count(*)::int AS users FROM users")).rows).toEqual([{ users: 3 }]);

    const stopping = Date.now();
    const exit = await stop(main);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(main.stderr()).toBe("");
    await expect(client.query("SELECT 1")).rejects.toThrow();
    await client.end().catch(() => undefined);
    // The directory was let go of: no lock file, no socket; the generated JWT secret is kept beside the data.
    expect((await readdir(directory)).sort()).toEqual(["jwt-secret", "pgdata"]);
    firstRunAuthorization = manager.headers.authorization ?? "";
  }, 180_000);

  it("starts again on the same directory: nothing to migrate, the data kept, the demo commands printed again; then crashes", async () => {
    const { main, port } = await start();
    await main.waitForOutput(/^Playground: \S+\/graphql/m, 60_000);
    const stdout = main.stdout();
    expect(stdout).toContain("Migrations applied now: none (up to date)\n");
    expect(stdout).not.toContain("Seeded demo data.");
    const manager = demoCommands(stdout)[0]?.curl as CurlCommand;
    expect(manager.url.startsWith(`http://127.0.0.1:${port}/`)).toBe(true);
    const read = await http("GET", manager.url, undefined, { headers: { authorization: manager.headers.authorization ?? "" } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ annual_revenue: 2000000, annual_revenue_converted: 60000000, employee_count: 100 });
    // The generated secret was kept: a token printed by the first run still works after the restart.
    expect(firstRunAuthorization).toMatch(/^Bearer /);
    expect((await http("GET", manager.url, undefined, { headers: { authorization: firstRunAuthorization } })).status).toBe(200);
    console.log(`npm start on an existing embedded directory: ${Date.now() - main.startedAt} ms from spawn to the first successful request`);

    // A crash: the process dies without a chance to clean up, leaving its lock file and socket behind.
    main.child.kill("SIGKILL");
    expect(await main.exited).toEqual({ code: null, signal: "SIGKILL" });
    running.splice(running.indexOf(main), 1);
    expect((await readdir(directory)).sort()).toEqual([".s.PGSQL.5432", "jwt-secret", "owner.pid", "pgdata"]);
  });

  it("starts after a crash: the stale lock and socket are taken over, the data is intact", async () => {
    const { main } = await start();
    await main.waitForOutput(/^Playground: \S+\/graphql/m, 60_000);
    expect(main.stdout()).toContain("Migrations applied now: none (up to date)\n");
    const manager = demoCommands(main.stdout())[0]?.curl as CurlCommand;
    const read = await http("GET", manager.url, undefined, { headers: { authorization: manager.headers.authorization ?? "" } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ annual_revenue: 2000000, annual_revenue_converted: 60000000 });
    expect(await stop(main)).toEqual({ code: 0, signal: null });
    expect((await readdir(directory)).sort()).toEqual(["jwt-secret", "pgdata"]);
  });
});

describe("npm start with an invalid configuration", () => {
  it("stops with a message naming each invalid setting, and prints nothing on stdout", async () => {
    const settings: Record<string, string>[] = [
      { PORT: "http", DATABASE_URL: "file:/nonexistent/never-created" },
      { NODE_ENV: "production", DATABASE_URL: "postgresql://127.0.0.1:1/never" },
      { DATABASE_URL: "mysql://localhost/db" },
      { DEFAULT_CURRENCY: "XYZ", DATABASE_URL: "file:/nonexistent/never-created" },
    ];
    const refusals = await Promise.all(settings.map(async (env) => {
      const main = startMain(env);
      const exit = await main.exited;
      return { exit, stdout: main.stdout(), stderr: main.stderr() };
    }));
    const [port, secret, url, currency] = refusals;
    for (const refusal of refusals) {
      expect(refusal.exit).toEqual({ code: 1, signal: null });
      expect(refusal.stdout).toBe("");
      expect(refusal.stderr).toMatch(/^Invalid configuration:\n/);
      expect(refusal.stderr).not.toMatch(/\n\s+at /);
    }
    expect(port?.stderr).toMatch(/- PORT /);
    expect(secret?.stderr).toMatch(/- JWT_SECRET /);
    expect(url?.stderr).toMatch(/- DATABASE_URL /);
    expect(currency?.stderr).toMatch(/- DEFAULT_CURRENCY must be an ISO 4217 currency code/);
  });

  it("refuses a non-loopback HOST without NODE_ENV=production or a configured secret (NODE_ENV=test is no way around it)", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "cd-host-"));
    try {
      const settings: Record<string, string>[] = [
        { HOST: "0.0.0.0" },
        { HOST: "0.0.0.0", NODE_ENV: "test" },
        { HOST: "::", NODE_ENV: "development" },
        { HOST: "192.0.2.10", NODE_ENV: "test", JWT_SECRET: "short" },
      ];
      const refusals = await Promise.all(
        settings.map(async (env) => {
          const main = startMain({ ...env, DATABASE_URL: `file:${directory}`, PORT: "0" });
          return { exit: await main.exited, stdout: main.stdout(), stderr: main.stderr() };
        }),
      );
      for (const refusal of refusals) {
        expect(refusal.exit).toEqual({ code: 1, signal: null });
        expect(refusal.stdout).toBe("");
        expect(refusal.stderr).toMatch(/^Invalid configuration:\n {2}- HOST .* is not a loopback address: set NODE_ENV=production and JWT_SECRET, or JWT_SECRET/);
      }
      // Nothing was created: no database, no generated secret.
      expect(await readdir(directory)).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

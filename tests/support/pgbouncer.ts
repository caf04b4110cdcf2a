import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { serverAdminUrl } from "./databases";
import { freePort } from "./ports";

/** Debian's package (`apt-get install -y pgbouncer`; .ci/run installs it). PGBOUNCER names another binary. */
const BINARY = process.env.PGBOUNCER ?? "/usr/sbin/pgbouncer";
/** pgbouncer refuses to run as root: as root, the tests run it as this user (the PostgreSQL package's). */
const RUN_AS = "postgres";

/**
 * A pgbouncer of the test's (or the benchmark's) own in front of a PostgreSQL server (by default the tests' one):
 * transaction pooling and otherwise its default settings (nothing in ignore_startup_parameters, no prepared-statement
 * support: 1.18 has none), on a free port of 127.0.0.1, its configuration, socket and log in a temporary directory.
 * Any database of the server is reachable through it under its own name (`urlFor`).
 */
export class PgBouncer {
  private constructor(
    readonly port: number,
    private readonly directory: string,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  static async start(serverUrl = serverAdminUrl()): Promise<PgBouncer> {
    if (!existsSync(BINARY)) {
      throw new Error(`pgbouncer is not installed at ${BINARY}: apt-get install -y pgbouncer (or set PGBOUNCER to its path).`);
    }
    const server = new URL(serverUrl);
    const user = decodeURIComponent(server.username || "postgres");
    const port = await freePort();
    const directory = await mkdtemp(path.join(tmpdir(), "cd-pgbouncer-"));
    const ini = path.join(directory, "pgbouncer.ini");
    await writeFile(path.join(directory, "userlist.txt"), `"${user}" ""\n`);
    await writeFile(
      ini,
      [
        "[databases]",
        `* = host=${server.hostname} port=${server.port || "5432"}`,
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        `listen_port = ${port}`,
        `unix_socket_dir = ${directory}`,
        "auth_type = trust",
        `auth_file = ${path.join(directory, "userlist.txt")}`,
        "pool_mode = transaction",
        `logfile = ${path.join(directory, "pgbouncer.log")}`,
        `pidfile = ${path.join(directory, "pgbouncer.pid")}`,
        "",
      ].join("\n"),
    );
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, RUN_AS], { encoding: "utf8" }).trim()));
      for (const file of ["", "pgbouncer.ini", "userlist.txt"]) await chown(path.join(directory, file), uid as number, gid as number);
    }
    const child = asRoot
      ? spawn("runuser", ["-u", RUN_AS, "--", BINARY, ini], { stdio: ["ignore", "pipe", "pipe"] })
      : spawn(BINARY, [ini], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const bouncer = new PgBouncer(port, directory, child, exited);
    try {
      await bouncer.waitUntilServing(user, child);
    } catch (error) {
      await bouncer.stop();
      throw new Error(`pgbouncer did not start: ${(error as Error).message}\n${output}\n${await bouncer.log()}`, { cause: error });
    }
    return bouncer;
  }

  /** The same PostgreSQL URL through pgbouncer, flagged `?pgbouncer=true` as the service expects. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = "127.0.0.1";
    url.port = String(this.port);
    url.searchParams.set("pgbouncer", "true");
    return url.toString();
  }

  /** pgbouncer's own log (connections, refusals such as "unsupported startup parameter"). */
  async log(): Promise<string> {
    return readFile(path.join(this.directory, "pgbouncer.log"), "utf8").catch(() => "");
  }

  async stop(): Promise<void> {
    const pid = Number((await readFile(path.join(this.directory, "pgbouncer.pid"), "utf8").catch(() => "")).trim());
    // SIGTERM: pgbouncer's immediate shutdown (runuser, its parent, then exits with it).
    if (pid > 0) process.kill(pid, "SIGTERM");
    else if (this.child.exitCode === null) this.child.kill("SIGTERM");
    await this.exited;
    await rm(this.directory, { recursive: true, force: true });
  }

  private async waitUntilServing(user: string, child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 15_000;
    let last: unknown;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
      const client = new Client({ host: "127.0.0.1", port: this.port, user, database: "postgres", connectionTimeoutMillis: 1000 });
      client.on("error", () => undefined);
      try {
        await client.connect();
        await client.query("SELECT 1");
        return;
      } catch (error) {
        last = error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw new Error(`no answer within 15 s (${String(last)})`);
  }
}


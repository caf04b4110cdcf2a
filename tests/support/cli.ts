import { spawn } from "node:child_process";
import path from "node:path";
import { COMPILED_CLI } from "./build";
import { TEST_BUDGETS, TEST_JWT_SECRET } from "./service";

/** The repository root: where `npm run admin` and `npm start` run. */
export const REPO_ROOT = path.resolve(__dirname, "../..");

export interface CliResult<T = unknown> {
  /** The exit code (null when the process was killed by a signal). */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout parsed as JSON; null when stdout is empty or not JSON. */
  stdout: T | null;
  stdoutText: string;
  stderr: string;
  /** Wall time of the run. */
  ms: number;
}

export interface CliOptions {
  databaseUrl: string;
  jwtSecret?: string;
  /** More environment for the child (wins over everything else). */
  env?: Record<string, string>;
  /** The child is killed after this long (default 90 s). */
  timeoutMs?: number;
  /** The working directory (default: the repository root, as `npm run admin` runs it). */
  cwd?: string;
}

/** Settings the service's config reads: the child gets only those the test gives it. */
const CONFIG_VARIABLES =
  /^(DATABASE_.*|SHUTDOWN_TIMEOUT_MS|PORT|HOST|JWT_.*|DEFAULT_CURRENCY|PERMISSION_CACHE_MS|RATE_CACHE_MS|WEB_CONCURRENCY|LOG_LEVEL|PLAYGROUND|INTROSPECTION|RATES_.*|TCMB_RATE_COLUMN|DATA_DIR|GRAPHQL_.*|HISTORY_CURSOR_SECRET|WEBHOOKS?_.*|RATE_LIMIT.*|REDIS_URL|SUBSCRIPTIONS_PER_USER|NODE_ENV)$/;

/**
 * The environment of a child process: this one's (PATH, HOME...) without any service setting, the tests' budgets,
 * plus `extra`.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONFIG_VARIABLES.test(name)));
  return { ...inherited, ...TEST_BUDGETS, ...extra };
}

/**
 * Runs the real admin command line as a child process, exactly as `npm run --silent admin -- <args>` does: the
 * compiled `node dist/admin/admin.cli.js <args>` (the global setup builds dist/ when it is stale), with
 * DATABASE_URL, JWT_SECRET and NODE_ENV=test.
 */
export function runCli<T = unknown>(args: string[], options: CliOptions): Promise<CliResult<T>> {
  const started = Date.now();
  const env = childEnv({
    NODE_ENV: "test",
    DATABASE_URL: options.databaseUrl,
    JWT_SECRET: options.jwtSecret ?? TEST_JWT_SECRET,
    ...options.env,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COMPILED_CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdoutText = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdoutText += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 90_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: parseJson<T>(stdoutText), stdoutText, stderr, ms: Date.now() - started });
    });
  });
}

function parseJson<T>(text: string): T | null {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** A readable summary for failed expectations on a run. */
export function describeRun(args: string[], result: CliResult): string {
  return `admin ${args.join(" ")} → exit ${result.code}${result.signal ? ` (${result.signal})` : ""}\nstdout: ${result.stdoutText}\nstderr: ${result.stderr}`;
}

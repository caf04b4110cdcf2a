import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { childEnv, REPO_ROOT } from "./cli";
import { TEST_JWT_SECRET } from "./service";

/**
 * The service as its own process, exactly as `node dist/main.js` runs it (from source, through ts-node), so that a
 * crash or an exit code can be observed. It listens on a free port of 127.0.0.1.
 */
export interface MainProcess {
  child: ChildProcessWithoutNullStreams;
  baseUrl: string;
  stdout(): string;
  stderr(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (SIGKILL by default) unless the process has exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnMain(env: Record<string, string>, startTimeoutMs = 90_000): Promise<MainProcess> {
  const child = spawn(process.execPath, ["-r", "ts-node/register", "src/main.ts"], {
    cwd: REPO_ROOT,
    env: childEnv({ NODE_ENV: "production", JWT_SECRET: TEST_JWT_SECRET, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env }),
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`printed no address within ${startTimeoutMs} ms`), startTimeoutMs);
    const check = () => {
      // The banner: a line of text, or (JSON logs, as in production) the "ready" log line with its url.
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)|"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      const url = match?.[1] ?? match?.[2];
      if (!url) return;
      cleanup();
      resolve(url);
    };
    const onExit = () => fail("exited before listening");
    const fail = (why: string) => {
      cleanup();
      child.kill("SIGKILL");
      reject(new Error(`src/main.ts ${why}.\nstdout:\n${out}\nstderr:\n${err}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off("data", check);
      child.off("exit", onExit);
    };
    child.stdout.on("data", check);
    child.once("exit", onExit);
  });
  return {
    child,
    baseUrl,
    stdout: () => out,
    stderr: () => err,
    alive: () => running,
    exited,
    stop: async (signal = "SIGKILL") => {
      if (running) child.kill(signal);
      return exited;
    },
  };
}

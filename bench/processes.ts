import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";

/** One server under test, started as its own process (a child of the benchmark: one process tree). */
export interface ServerProcess {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  /** CPU time (user + system) of the process and its descendants so far, in milliseconds (from /proc). */
  cpuMs(): number;
  /** Resident memory of the process and its descendants, in MiB. */
  rssMiB(): number;
  stop(): Promise<void>;
}

const TICK_MS = 10; // getconf CLK_TCK is 100 on Linux

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function startProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyPath = "/readyz",
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForReady(`${baseUrl}${readyPath}`, child);
  return {
    name,
    baseUrl,
    child,
    cpuMs: () => treeOf(child.pid as number).reduce((sum, pid) => sum + cpuTicks(pid), 0) * TICK_MS,
    rssMiB: () => Math.round(treeOf(child.pid as number).reduce((sum, pid) => sum + rssKiB(pid), 0) / 1024),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        console.error(`${name} ignored SIGTERM for 10 s: killing it`);
        child.kill("SIGKILL");
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become ready`);
}

function treeOf(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i += 1) {
    const current = pids[i] as number;
    try {
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, "utf8").trim();
        if (children) pids.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // the process is gone
    }
  }
  return pids;
}

function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function rssKiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

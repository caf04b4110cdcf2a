import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "./processes";

export interface RedisProcess {
  url: string;
  stop(): Promise<void>;
}

/** A private redis-server for the budgets rows (`--limits`): 127.0.0.1, a free port, nothing kept on disk. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined);
    const answered = await client.connect().then(() => client.ping()).then((reply) => reply === "PONG", () => false);
    client.disconnect();
    if (answered) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server did not answer on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

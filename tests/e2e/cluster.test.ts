import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createCustomer } from "../../src/admin/customers";
import { createUser } from "../../src/admin/users";
import { Permissions } from "../../src/auth/permissions";
import { TokenService } from "../../src/auth/token-service";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/database";
import { childEnv, REPO_ROOT } from "../support/cli";
import { createScratchDatabase, testDatabaseKinds } from "../support/databases";
import { http } from "../support/http";
import { TEST_JWT_SECRET } from "../support/service";
import { freePort } from "../support/ports";

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const listed = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (listed) children.push(...listed.split(/\s+/).map(Number));
  }
  return children;
}

async function until<T>(probe: () => T | Promise<T>, accept: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 600; i += 1) {
    const value = await probe();
    if (accept(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/**
 * WEB_CONCURRENCY=2: two worker processes on one port. On the embedded database the supervising process serves
 * the data directory and the workers reach it through its socket. A worker that dies is replaced; SIGTERM to the
 * supervisor stops every worker and exits 0.
 */
describe.each(testDatabaseKinds())("WEB_CONCURRENCY (%s database)", (kind) => {
  it("serves one port from two workers, replaces a dead one, and stops them all on SIGTERM", async () => {
    const scratch = await createScratchDatabase(kind);
    const port = await freePort();
    const env = { NODE_ENV: "test", JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: scratch.url, PORT: String(port), LOG_LEVEL: "silent", WEB_CONCURRENCY: "2" };
    const primary = spawn(process.execPath, ["-r", "ts-node/register", "src/main.ts"], { cwd: REPO_ROOT, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    primary.stdout.resume();
    primary.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => primary.once("exit", (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    try {
      const workers = await until(() => childrenOf(primary.pid as number), (pids) => pids.length === 2, "two workers");
      await until(() => http("GET", `${base}/readyz`).catch(() => ({ status: 0 })), (response) => response.status === 200, "readiness");

      const db = await openDatabase({ url: scratch.url, poolSize: 2 });
      let token: string;
      let uuid: string;
      try {
        const user = await createUser(db.prisma, { email: "cluster@test.local", permissions: [Permissions.DetailsUpdate] });
        uuid = (await createCustomer(db.prisma, { name: "Cluster" })).uuid;
        token = new TokenService(loadConfig(env).jwt).sign(user.id, "1h");
      } finally {
        await db.close();
      }
      const patch = (n: number) => http("PATCH", `${base}/api/v1/customers/${uuid}/details`, { employee_count: n }, { token });
      const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => patch(i).then((response) => response.status)));
      expect(statuses).toEqual(Array(12).fill(200));

      process.kill(workers[0] as number, "SIGKILL");
      const replaced = await until(
        () => childrenOf(primary.pid as number),
        (pids) => pids.length === 2 && !pids.includes(workers[0] as number),
        "a replacement worker",
      );
      expect(replaced).toContain(workers[1]);
      await until(() => patch(100).then((response) => response.status).catch(() => 0), (status) => status === 200, "service after the replacement");
      const more = await Promise.all(Array.from({ length: 6 }, (_, i) => patch(200 + i).then((response) => response.status)));
      expect(more).toEqual(Array(6).fill(200));

      primary.kill("SIGTERM");
      expect(await exited).toBe(0);
      for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      if (primary.exitCode === null) primary.kill("SIGKILL");
      await exited;
      await scratch.drop();
      if (stderr.trim() !== "" && !/replacement/.test(stderr)) console.error(stderr);
    }
  }, 120_000);
});

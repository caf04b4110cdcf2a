import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT, runCli } from "../support/cli";
import { createScratchDatabase, testDatabaseKinds, type ScratchDatabase } from "../support/databases";

const COMMANDS = [
  "db:migrate", "db:seed", "demo", "user:create", "user:grant", "user:revoke", "user:update", "user:disable", "role:create", "role:grant",
  "role:revoke", "role:list", "customer:create", "token", "rates:set", "rates:import", "webhook:create", "webhook:list",
  "webhook:delete", "webhook:deliveries", "details:import", "details:export",
];

describe("admin command line: help, and where it runs", () => {
  it("--help lists every command with what it does; each command's --help prints its usage and opens no database", async () => {
    const all = await runCli(["--help"], { databaseUrl: "postgresql://nobody@127.0.0.1:1/none" });
    expect(all.code).toBe(0);
    expect(all.stdoutText).toMatch(/^usage: npm run --silent admin -- <command> \[options\]/);
    for (const command of COMMANDS) expect(all.stdoutText).toMatch(new RegExp(`^ {2}${command} +\\S`, "m"));
    for (const command of ["token", "rates:import"]) {
      // The database URL leads nowhere: help never connects.
      const one = await runCli([command, "--help"], { databaseUrl: "postgresql://nobody@127.0.0.1:1/none" });
      expect(one).toMatchObject({ code: 0, stderr: "" });
      expect(one.stdoutText).toContain(`usage: npm run --silent admin -- ${command} `);
    }
    const unknown = await runCli(["user:frobnicate"], { databaseUrl: "postgresql://nobody@127.0.0.1:1/none" });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "user:frobnicate"');
  });

  it("from another directory, on the embedded default, says where to run it and creates nothing there", async () => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), "cd-elsewhere-"));
    try {
      const result = await runCli(["role:list"], { databaseUrl: "file:./data/db", cwd: elsewhere });
      expect(result.code).toBe(1);
      expect(result.stdoutText).toBe("");
      expect(result.stderr).toContain(`cd ${REPO_ROOT} && npm run --silent admin -- <command>`);
      expect(result.stderr).toContain(`npm --prefix ${REPO_ROOT} run --silent admin -- <command>`);
      expect(await readdir(elsewhere)).toEqual([]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});

describe.each(testDatabaseKinds())("admin command line: tokens and the demo (%s database)", (kind) => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase(kind);
  });
  afterAll(() => database.drop());

  it("mints no token for a disabled user", async () => {
    const cli = (args: string[]) => runCli<{ id: number; token?: string }>(args, { databaseUrl: database.url });
    const created = await cli(["user:create", "--email", "leaver@example.com"]);
    const id = String(created.stdout?.id);
    expect((await cli(["token", "--user", id])).stdout?.token).toMatch(/^ey/);
    expect((await cli(["user:disable", "--user", id])).code).toBe(0);
    const refused = await cli(["token", "--user", id]);
    expect(refused).toMatchObject({ code: 1, stdoutText: "" });
    expect(refused.stderr).toBe(`User ${id} (leaver@example.com) is disabled: no token is minted for a disabled user.\n`);
  }, 300_000);

  it("demo prints the demo users' commands again, with the figure each will answer", async () => {
    const none = await runCli(["demo"], { databaseUrl: database.url });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No demo users in this database");
    const other = await createScratchDatabase(kind);
    try {
      expect((await runCli(["db:seed", "--demo"], { databaseUrl: other.url })).code).toBe(0);
      expect((await runCli(["rates:set", "--from", "USD", "--to", "TRY", "--rate", "32"], { databaseUrl: other.url })).code).toBe(0);
      const demo = await runCli(["demo"], { databaseUrl: other.url, env: { PORT: "4321" } });
      expect(demo.code).toBe(0);
      expect(demo.stdoutText).toContain("curl -sS -X PATCH http://127.0.0.1:4321/api/v1/customers/550e8400-e29b-41d4-a716-446655440000/details");
      // A manual rate stored since the seed wins over the demo one, and the printed figure says so.
      expect(demo.stdoutText).toMatch(/^# {3}→ annual_revenue_converted 64000000 TRY, USD→TRY at 32 \(manual rate of \d{4}-\d\d-\d\d\)$/m);
      expect(demo.stdoutText).toMatch(/→ read-only .* annual_revenue_converted 1840000 EUR, USD→EUR at 0\.92 \(demo rate/);
    } finally {
      await other.drop();
    }
  }, 300_000);
});

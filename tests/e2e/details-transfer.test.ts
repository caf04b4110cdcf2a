import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCustomer } from "../../src/admin/customers";
import { runCli } from "../support/cli";
import { testDatabaseKinds } from "../support/databases";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

interface Report {
  read: number;
  updated: number;
  unchanged: number;
  failed: { line: number; uuid: string | null; status: number; message: string }[];
}

const UNKNOWN = "00000000-0000-0000-0000-000000000000";

describe.each(testDatabaseKinds())("details:import and details:export on the admin command line (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  let dir: string;
  const admin = (args: string[]) => runCli<Report>(args, { databaseUrl: service.config.database.url, timeoutMs: 180_000 });
  const file = async (name: string, content: string) => {
    const target = path.join(dir, name);
    await writeFile(target, content);
    return target;
  };
  const detailsOf = async (uuid: string) => (await http("GET", `${service.baseUrl}/api/v1/customers/${uuid}/details`, undefined, { token: scenario.tokens.manager })).body;
  const newCustomer = async () => (await createCustomer(service.db.prisma, { name: "Imported" })).uuid;
  const historyCount = () => service.db.prisma.customerDetailsChange.count();

  beforeAll(async () => {
    service = await startService(kind);
    scenario = await seedScenario(service);
    dir = await mkdtemp(path.join(tmpdir(), "details-transfer-"));
  });
  afterAll(async () => {
    await service?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("imports CSV with PATCH semantics (empty cell leaves, NULL clears), reports every failed line and exits 1", async () => {
    const [a, b, c] = [await newCustomer(), await newCustomer(), await newCustomer()];
    await http("PATCH", `${service.baseUrl}/api/v1/customers/${b}/details`, { industry: "Old", website: "old.example.com", employee_count: 1 }, { token: scenario.tokens.manager });
    const csv = await file(
      "import.csv",
      [
        "uuid,annual_revenue,annual_revenue_currency,employee_count,industry,website,address,is_active",
        `${a},1234567.8901,usd,10,Tech,example.com,"Main St 1\nSecond floor",true`,
        `${b},,,7,NULL,,"NULL",`,
        `${c},,,-1,Retail,not a url,,false`,
        `${UNKNOWN},,,1,,,,`,
        "",
        `${a},1234567.8901,USD,10,Tech,https://example.com,,1`,
        `${c},1`,
      ].join("\n"),
    );
    const before = await historyCount();
    const result = await admin(["details:import", csv]);
    expect({ code: result.code, report: result.stdout }).toEqual({
      code: 1,
      report: {
        read: 6,
        updated: 2,
        unchanged: 1,
        failed: [
          { line: 5, uuid: c, status: 422, message: "The employee count field must be between 0 and 10000000. (and 1 more error)" },
          { line: 6, uuid: UNKNOWN, status: 404, message: "Customer not found" },
          { line: 9, uuid: c, status: 422, message: "The line has 2 cells; the header has 8." },
        ],
      },
    });
    expect(result.stderr).toMatch(/^details:import: 6 rows read \(done\), 2 updated, 1 unchanged, 3 failed, \d+ rows\/s\n$/);
    expect([result.stderr.includes("\r"), result.stderr.includes("\u001b")]).toEqual([false, false]);
    expect(await detailsOf(a)).toMatchObject({
      annual_revenue: 1234567.8901, annual_revenue_currency: "USD", employee_count: 10, industry: "Tech", website: "https://example.com", address: "Main St 1\nSecond floor", is_active: true,
    });
    expect(await detailsOf(b)).toMatchObject({ employee_count: 7, industry: null, website: "https://old.example.com", address: "NULL", is_active: true });
    // The failed line is not half-written: c has no details at all.
    expect(await detailsOf(c)).toEqual({ message: "Customer details not found" });
    const changes = await service.db.prisma.customerDetailsChange.findMany({ orderBy: { id: "asc" }, skip: before });
    expect(changes.map((change) => [change.userId, change.door, change.method])).toEqual([[null, "REST", "PATCH"], [null, "REST", "PATCH"]]);
  });

  it("--dry-run validates and reports what would happen without storing anything", async () => {
    const uuid = await newCustomer();
    const csv = await file("dry.csv", `uuid,employee_count\n${uuid},5\n${uuid},6\n${uuid},many\n`);
    const before = await historyCount();
    const result = await admin(["details:import", csv, "--dry-run"]);
    expect({ code: result.code, report: result.stdout }).toEqual({
      code: 1,
      report: { read: 3, updated: 2, unchanged: 0, failed: [{ line: 4, uuid, status: 422, message: "The employee count field must be an integer." }] },
    });
    expect(result.stderr).toMatch(/^details:import \(dry run\): 3 rows read \(done\)/);
    expect(await detailsOf(uuid)).toEqual({ message: "Customer details not found" });
    expect(await historyCount()).toBe(before);
    const clean = await admin(["details:import", await file("dry-ok.csv", `uuid,employee_count\n${uuid},5\n`), "--dry-run"]);
    expect({ code: clean.code, report: clean.stdout }).toEqual({ code: 0, report: { read: 1, updated: 1, unchanged: 0, failed: [] } });
  });

  it("imports JSON Lines with exact money, reporting lines that are not JSON objects", async () => {
    const uuid = await newCustomer();
    const jsonl = await file(
      "import.jsonl",
      [
        `{"uuid": "${uuid}", "annual_revenue": 12345678901.2345, "annual_revenue_currency": "EUR", "is_active": false}`,
        "{not json",
        "",
        "[1, 2]",
        `{"uuid": "${uuid}", "website": null, "foo": 1}`,
      ].join("\n"),
    );
    const result = await admin(["details:import", jsonl]);
    expect({ code: result.code, report: result.stdout }).toEqual({
      code: 1,
      report: {
        read: 4,
        updated: 1,
        unchanged: 0,
        failed: [
          { line: 2, uuid: null, status: 400, message: "The line is not valid JSON." },
          { line: 4, uuid: null, status: 422, message: "The line must be a JSON object." },
          { line: 5, uuid, status: 422, message: "The foo field is not allowed." },
        ],
      },
    });
    const details = await http("GET", `${service.baseUrl}/api/v1/customers/${uuid}/details`, undefined, { token: scenario.tokens.manager });
    expect(details.text).toContain('"annual_revenue":12345678901.2345,');
    expect(details.body).toMatchObject({ annual_revenue_currency: "EUR", is_active: false });
  });

  it("refuses a CSV file without a uuid column, and a missing file", async () => {
    const noUuid = await admin(["details:import", await file("bad.csv", "id,industry\n1,x\n")]);
    expect({ code: noUuid.code, stderr: noUuid.stderr.trim() }).toEqual({ code: 1, stderr: "The header row (line 1) has no uuid column." });
    const missing = await admin(["details:import", path.join(dir, "nope.csv")]);
    expect({ code: missing.code, stderr: missing.stderr.trim() }).toEqual({ code: 1, stderr: `Cannot read ${path.join(dir, "nope.csv")}.` });
  });

  it("exports every customer's details (CSV and JSON Lines) so that importing the export changes nothing", async () => {
    const uuid = await newCustomer();
    await http("PATCH", `${service.baseUrl}/api/v1/customers/${uuid}/details`, { annual_revenue: "0.0001", annual_revenue_currency: "JPY", industry: "NULL", address: 'He said "hi", twice' }, { token: scenario.tokens.manager });
    const csv = await admin(["details:export"]);
    expect(csv.code).toBe(0);
    const lines = csv.stdoutText.trimEnd().split("\n");
    expect(lines[0]).toBe("uuid,annual_revenue,annual_revenue_currency,employee_count,industry,website,address,is_active");
    expect(lines).toContain(`${uuid},0.0001,JPY,NULL,"NULL",NULL,"He said ""hi"", twice",true`);
    const count = await service.db.prisma.customerDetails.count();
    const jsonl = await admin(["details:export", "--format", "jsonl"]);
    const objects = jsonl.stdoutText.trimEnd().split("\n");
    expect(objects).toHaveLength(count);
    expect(objects).toContain(
      `{"uuid":"${uuid}","annual_revenue":0.0001,"annual_revenue_currency":"JPY","employee_count":null,"industry":"NULL","website":null,"address":"He said \\"hi\\", twice","is_active":true}`,
    );

    const before = await historyCount();
    for (const [name, text] of [["export.csv", csv.stdoutText], ["export.jsonl", jsonl.stdoutText]] as const) {
      const result = await admin(["details:import", await file(name, text)]);
      expect({ name, code: result.code, report: result.stdout }).toEqual({ name, code: 0, report: { read: count, updated: 0, unchanged: count, failed: [] } });
    }
    expect(await historyCount()).toBe(before);
    const wrong = await admin(["details:export", "--format", "xml"]);
    expect({ code: wrong.code, stderr: wrong.stderr.trim() }).toEqual({ code: 1, stderr: '--format must be csv or jsonl, got "xml".' });
  });
});

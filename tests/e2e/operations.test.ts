import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import jwt from "jsonwebtoken";
import { createCustomer } from "../../src/admin/customers";
import { createUser } from "../../src/admin/users";
import { Permissions } from "../../src/auth/permissions";
import { ConfigError, loadConfig } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/database";
import { embeddedDirectory } from "../../src/db/embedded";
import { listMigrations } from "../../src/db/migrations";
import { createScratchDatabase, testDatabaseKinds } from "../support/databases";
import { graphql, graphqlText } from "../support/graphql";
import { http, type HttpResult } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startInstance, startService, testConfig, TEST_JWT_SECRET, type RunningService, type ServiceInstance } from "../support/service";
import { PatchCustomerDetailsDocument, UpdateCustomerDetailsDocument } from "../../src/client";

type AuditValue = string | number | boolean | null;
type FieldChanges = Record<string, { old: AuditValue; new: AuditValue }>;

/** Every row of every table, in a stable order: "the database is unchanged" means this is equal. */
async function snapshot(db: Database): Promise<Record<string, unknown[]>> {
  const { rows: tables } = await db.pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const result: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    result[name] = (await db.pool.query(`SELECT * FROM "${name}" AS r ORDER BY r::text`)).rows;
  }
  return result;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe.each(testDatabaseKinds())("operations (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  // Several processes on one database need a server: a PGlite directory belongs to one process.
  // Registered only for the server, so that no skipped test is counted.
  const serverOnly = (name: string, test: () => Promise<void>, timeout?: number): void => {
    if (kind === "server") it(name, test, timeout);
  };
  const url = (uuid: string, baseUrl = service.baseUrl) => `${baseUrl}/api/v1/customers/${uuid}/details`;
  const historyOf = async (customerId: number) =>
    (await service.db.prisma.customerDetailsChange.findMany({ where: { customerId }, orderBy: { id: "asc" } })).map((row) => ({
      ...row,
      changes: row.changes as FieldChanges,
    }));
  const newCustomer = async (name: string) => createCustomer(service.db.prisma, { name });

  beforeAll(async () => {
    service = await startService(kind);
    scenario = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  describe("change history", () => {
    it("writes one row per change: who, which door, which method, and each changed field's old and new value", async () => {
      const customer = await newCustomer("Audited");
      const { manager, dollarUser } = scenario.tokens;

      const created = await http("PATCH", url(customer.uuid), { annual_revenue: 2000000, annual_revenue_currency: "usd", employee_count: 100 }, { token: manager });
      expect(created.status).toBe(200);
      const replaced = await http("PUT", url(customer.uuid), { employee_count: 100, industry: " Tech " }, { token: dollarUser });
      expect(replaced.status).toBe(200);
      const patched = await graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid: customer.uuid, input: { address: "Main St 1", isActive: false } }, manager);
      expect(patched.errors).toBeUndefined();
      const updated = await graphql(service.baseUrl, UpdateCustomerDetailsDocument, { uuid: customer.uuid, input: { industry: "Tech", annualRevenue: 1.5, annualRevenueCurrency: "EUR" } }, dollarUser);
      expect(updated.errors).toBeUndefined();

      const history = await historyOf(customer.id);
      const detailsId = created.body.id;
      expect(history.map(({ userId, door, method, created: isNew, detailsId: rowDetails, changes }) => ({ userId, door, method, created: isNew, detailsId: rowDetails, changes }))).toEqual([
        {
          userId: scenario.users.manager, door: "REST", method: "PATCH", created: true, detailsId,
          changes: {
            annual_revenue: { old: null, new: "2000000" },
            annual_revenue_currency: { old: null, new: "USD" },
            employee_count: { old: null, new: 100 },
          },
        },
        {
          userId: scenario.users.dollarUser, door: "REST", method: "PUT", created: false, detailsId,
          changes: {
            annual_revenue: { old: "2000000", new: null },
            annual_revenue_currency: { old: "USD", new: null },
            industry: { old: null, new: "Tech" },
          },
        },
        {
          userId: scenario.users.manager, door: "GRAPHQL", method: "PATCH", created: false, detailsId,
          changes: { address: { old: null, new: "Main St 1" }, is_active: { old: true, new: false } },
        },
        {
          userId: scenario.users.dollarUser, door: "GRAPHQL", method: "PUT", created: false, detailsId,
          changes: {
            annual_revenue: { old: null, new: "1.5" },
            annual_revenue_currency: { old: null, new: "EUR" },
            employee_count: { old: 100, new: null },
            address: { old: "Main St 1", new: null },
            is_active: { old: false, new: true },
          },
        },
      ]);
      // Each row is stamped with the time of its change, which is also the details' updated_at.
      const row = await service.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: customer.id } });
      expect(history.at(-1)?.createdAt.getTime()).toBe(row.updatedAt.getTime());
      expect(row.version).toBe(4);
    });

    it("writes nothing, and leaves updated_at and the ETag alone, for a request that changes nothing", async () => {
      const customer = await newCustomer("Unchanged");
      const token = scenario.tokens.manager;
      const body = { annual_revenue: "1000.50", annual_revenue_currency: "USD", employee_count: 7, industry: "Retail", website: "example.com", is_active: true };
      const first = await http("PUT", url(customer.uuid), body, { token });
      expect(first.status).toBe(200);
      const rowBefore = await service.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: customer.id } });

      const noOps: Promise<HttpResult>[] = [
        http("PUT", url(customer.uuid), { ...body, website: "https://example.com", annual_revenue: 1000.5 }, { token }),
        http("PATCH", url(customer.uuid), { industry: "  Retail ", employee_count: "7", is_active: "1" }, { token }),
        http("PATCH", url(customer.uuid), {}, { token }),
        http("PATCH", url(customer.uuid), first.body, { token }),
      ];
      for (const response of await Promise.all(noOps)) {
        expect(response.status).toBe(200);
        expect(response.headers.get("etag")).toBe(first.headers.get("etag"));
        expect(response.body.updated_at).toBe(first.body.updated_at);
      }
      const viaGraphQL = await graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid: customer.uuid, input: { annualRevenueCurrency: "usd", address: null } }, token);
      expect(viaGraphQL.errors).toBeUndefined();
      expect(viaGraphQL.data?.patchCustomerDetails.version).toBe(rowBefore.version);

      expect(await service.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: customer.id } })).toEqual(rowBefore);
      expect(await historyOf(customer.id)).toHaveLength(1);
    });

    it("writes nothing and changes nothing for a refused request (401, 403, 404, 415, 400, 422, 412), through either door", async () => {
      const { salesOwned } = scenario.customers;
      const seeded = await http("PATCH", url(salesOwned), { employee_count: 50, industry: "Seeded" }, { token: scenario.tokens.sales });
      expect(seeded.status).toBe(200);
      const before = await snapshot(service.db);

      const change = { employee_count: 51, industry: "Changed" };
      const refusals: [string, Promise<HttpResult>, number][] = [
        ["no token", http("PATCH", url(salesOwned), change), 401],
        ["disabled user", http("PUT", url(salesOwned), change, { token: scenario.tokens.disabled }), 401],
        ["viewer", http("PATCH", url(salesOwned), change, { token: scenario.tokens.viewer }), 403],
        ["unknown customer", http("PATCH", url("00000000-0000-4000-8000-000000000000"), change, { token: scenario.tokens.manager }), 404],
        ["someone else's customer", http("PUT", url(salesOwned), change, { token: scenario.tokens.otherSales }), 403],
        ["invalid body", http("PATCH", url(salesOwned), { employee_count: -1, industry: "Changed", website: "ftp://x" }, { token: scenario.tokens.sales }), 422],
        ["invalid PUT body", http("PUT", url(salesOwned), { annual_revenue: 5 }, { token: scenario.tokens.manager }), 422],
        ["stale If-Match", http("PATCH", url(salesOwned), change, { token: scenario.tokens.sales, headers: { "if-match": '"v999"' } }), 412],
        ["not JSON", http("PATCH", url(salesOwned), undefined, { token: scenario.tokens.sales, raw: "employee_count=51", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415],
        ["malformed JSON", http("PATCH", url(salesOwned), undefined, { token: scenario.tokens.sales, raw: '{"employee_count": ', headers: { "content-type": "application/json" } }), 400],
      ];
      const statuses = await Promise.all(refusals.map(async ([name, response]) => [name, (await response).status]));
      expect(statuses).toEqual(refusals.map(([name, , status]) => [name, status]));

      const patch = (token: string | undefined, input: Record<string, unknown>, expectedVersion?: number) =>
        graphqlText(
          service.baseUrl,
          `mutation($uuid: ID!, $input: CustomerDetailsPatchInput!, $v: Int) { patchCustomerDetails(uuid: $uuid, input: $input, expectedVersion: $v) { version } }`,
          { uuid: salesOwned, input, v: expectedVersion ?? null },
          token,
        );
      const graphQLRefusals = await Promise.all([
        patch(undefined, { employeeCount: 51 }),
        patch(scenario.tokens.viewer, { employeeCount: 51 }),
        patch(scenario.tokens.otherSales, { employeeCount: 51 }),
        patch(scenario.tokens.sales, { employeeCount: -1, industry: "Changed" }),
        patch(scenario.tokens.sales, { employeeCount: 51 }, 999),
      ]);
      expect(graphQLRefusals.map((result) => result.errors?.[0]?.extensions?.code)).toEqual([
        "UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "BAD_USER_INPUT", "PRECONDITION_FAILED",
      ]);

      expect(await snapshot(service.db)).toEqual(before);
    });
  });

  describe("concurrency", () => {
    it("serialises 20 parallel PATCHes of one customer: all 200, version +20, 20 history rows that chain, a consistent end state", async () => {
      const customer = await newCustomer("Contended");
      const token = scenario.tokens.manager;
      const initial = { annual_revenue: 1, annual_revenue_currency: "USD", employee_count: 0, industry: "start", website: "https://start.example", address: "start" };
      const start = await http("PUT", url(customer.uuid), initial, { token });
      expect(start.status).toBe(200);
      const startVersion = (await service.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: customer.id } })).version;

      // Every request changes something (each value is used once), half through each door.
      const bodies = Array.from({ length: 20 }, (_, i): Record<string, unknown> => {
        const body: Record<string, unknown> = {};
        if (i % 4 === 0) body.employee_count = 1000 + i;
        if (i % 4 === 1) body.industry = `Industry ${i}`;
        if (i % 4 === 2) body.address = `Street ${i}`;
        if (i % 4 === 3) body.website = `https://site-${i}.example`;
        if (i % 3 === 0) body.annual_revenue = 5000 + i;
        return body;
      });
      const camel = (body: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(body).map(([key, value]) => [key.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase()), value]));
      const versions = await Promise.all(
        bodies.map(async (body, i) => {
          if (i % 2 === 0) {
            const response = await http("PATCH", url(customer.uuid), body, { token });
            expect(response.status).toBe(200);
            return Number(/^"v(\d+)"$/.exec(response.headers.get("etag") ?? "")?.[1]);
          }
          const result = await graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid: customer.uuid, input: camel(body) }, token);
          expect(result.errors).toBeUndefined();
          return result.data?.patchCustomerDetails.version;
        }),
      );
      // Each request saw its own new version: no two were applied on the same base.
      expect([...versions].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 20 }, (_, i) => startVersion + 1 + i));

      const row = await service.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: customer.id } });
      expect(row.version).toBe(startVersion + 20);
      const history = (await historyOf(customer.id)).slice(1);
      expect(history).toHaveLength(20);

      // Replaying the history from the initial state: each row's "old" is what the previous one left.
      const state: Record<string, AuditValue> = { ...initial, annual_revenue: "1", is_active: true };
      for (const entry of history) {
        for (const [field, change] of Object.entries(entry.changes)) {
          expect([field, change.old]).toEqual([field, state[field]]);
          state[field] = change.new;
        }
      }
      const final = await http("GET", url(customer.uuid), undefined, { token });
      expect(final.status).toBe(200);
      expect(final.headers.get("etag")).toBe(`"v${startVersion + 20}"`);
      expect({
        annual_revenue: String(final.body.annual_revenue),
        annual_revenue_currency: final.body.annual_revenue_currency,
        employee_count: final.body.employee_count,
        industry: final.body.industry,
        website: final.body.website,
        address: final.body.address,
        is_active: final.body.is_active,
      }).toEqual(state);
      // Whatever came last for each field is what is stored.
      expect(state.employee_count).toEqual(expect.any(Number));
      expect(Number(state.employee_count)).toBeGreaterThanOrEqual(1000);
    });

    it("creates the details once when two first-time PATCHes race, and keeps both changes", async () => {
      const customers = await Promise.all([1, 2, 3, 4].map((n) => newCustomer(`Race ${n}`)));
      const token = scenario.tokens.manager;
      await Promise.all(
        customers.map(async (customer, n) => {
          const [a, b] = await Promise.all([
            http("PATCH", url(customer.uuid), { employee_count: 5 + n }, { token }),
            n % 2 === 0
              ? http("PATCH", url(customer.uuid), { industry: `Race ${n}` }, { token })
              : graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid: customer.uuid, input: { industry: `Race ${n}` } }, token).then(
                  (result) => ({ status: result.errors ? 500 : 200 }),
                ),
          ]);
          expect([a.status, b.status]).toEqual([200, 200]);
        }),
      );
      for (const [n, customer] of customers.entries()) {
        const rows = await service.db.prisma.customerDetails.findMany({ where: { customerId: customer.id } });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ employeeCount: 5 + n, industry: `Race ${n}`, version: 2 });
        const history = await historyOf(customer.id);
        expect(history.map((entry) => entry.created).sort()).toEqual([false, true]);
      }
    });
  });

  serverOnly("runs as several stateless instances on one database: changes, ETags and If-Match hold across them", async () => {
    const second = await startInstance(service.config, { migrate: true });
    try {
      const customer = await newCustomer("Shared");
      const token = scenario.tokens.manager;
      const [a, b] = [service.baseUrl, second.baseUrl];

      const first = await http("PATCH", url(customer.uuid, a), { employee_count: 1 }, { token });
      expect(first.status).toBe(200);
      const seen = await http("GET", url(customer.uuid, b), undefined, { token });
      expect(seen.status).toBe(200);
      expect(seen.body.employee_count).toBe(1);
      expect(seen.headers.get("etag")).toBe(first.headers.get("etag"));

      const staleTag = first.headers.get("etag") ?? "";
      const onB = await http("PATCH", url(customer.uuid, b), { employee_count: 2 }, { token, headers: { "if-match": staleTag } });
      expect(onB.status).toBe(200);
      const staleOnA = await http("PATCH", url(customer.uuid, a), { employee_count: 3 }, { token, headers: { "if-match": staleTag } });
      expect(staleOnA.status).toBe(412);
      expect(staleOnA.body).toEqual({ message: "Precondition Failed" });
      const freshOnA = await http("PATCH", url(customer.uuid, a), { employee_count: 4 }, { token, headers: { "if-match": onB.headers.get("etag") ?? "" } });
      expect(freshOnA.status).toBe(200);

      // Alternating parallel writes through both instances still serialise on the database.
      const writes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => http("PATCH", url(customer.uuid, i % 2 === 0 ? a : b), { address: `Alt ${i}` }, { token })),
      );
      expect(writes.map((response) => response.status)).toEqual(Array(10).fill(200));
      const last = await http("GET", url(customer.uuid, b), undefined, { token });
      expect(last.headers.get("etag")).toBe('"v13"');
      expect(await historyOf(customer.id)).toHaveLength(13);

      // A permission revoked through one instance's database is refused by the other at once.
      const grantee = await createUser(second.db.prisma, { email: "shared@test.local", permissions: [Permissions.DetailsUpdate] });
      const granteeToken = second.services.tokens.sign(grantee.id, "1h");
      expect((await http("PATCH", url(customer.uuid, a), { industry: "Shared" }, { token: granteeToken })).status).toBe(200);
      await second.db.prisma.userPermission.deleteMany({ where: { userId: grantee.id } });
      expect((await http("PATCH", url(customer.uuid, a), { industry: "Revoked" }, { token: granteeToken })).status).toBe(403);
    } finally {
      await second.stop();
    }
  });

  it("applies migrations once when two instances migrate a fresh database at the same time", async () => {
    const scratch = await createScratchDatabase(kind);
    // Embedded: the first handle serves the directory, the second goes through its socket as another process would
    // (both share PGlite's single session, where an advisory lock serialises nothing).
    const owner = await openDatabase({ url: scratch.url, poolSize: 2 });
    const other = await openDatabase({ url: scratch.url, poolSize: 2 });
    try {
      const migrations = await listMigrations();
      const results = await Promise.all([owner.migrate(), other.migrate()]);
      expect(results.flatMap((result) => result.applied).sort()).toEqual(migrations.map((migration) => migration.name));
      expect(results.map((result) => result.applied.length + result.alreadyApplied)).toEqual([migrations.length, migrations.length]);

      const { rows } = await owner.pool.query<{
        migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; applied_steps_count: number; logs: string | null;
      }>(`SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name`);
      expect(rows.map(({ migration_name, checksum, rolled_back_at, applied_steps_count, logs }) => ({ migration_name, checksum, rolled_back_at, applied_steps_count, logs }))).toEqual(
        migrations.map((migration) => ({ migration_name: migration.name, checksum: migration.checksum, rolled_back_at: null, applied_steps_count: 1, logs: null })),
      );
      for (const row of rows) {
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
      }
      expect(await Promise.all([owner.pendingMigrations(), other.pendingMigrations()])).toEqual([[], []]);
      expect(await Promise.all([owner.migrate(), other.migrate()])).toEqual([
        { applied: [], alreadyApplied: migrations.length },
        { applied: [], alreadyApplied: migrations.length },
      ]);
    } finally {
      // The owner closes first, while the other still holds connections: that must not keep it waiting.
      await owner.close();
      await other.close();
      await scratch.drop();
    }
  });

  it("answers /healthz and /readyz", async () => {
    const health = await http("GET", `${service.baseUrl}/healthz`);
    expect([health.status, health.body]).toEqual([200, { status: "ok" }]);
    const ready = await http("GET", `${service.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "ready", database: kind });
  });

  it("is not ready on a database with pending migrations, and keeps its data across a restart", async () => {
    const scratch = await createScratchDatabase(kind);
    const config = testConfig(scratch.url);
    const names = (await listMigrations()).map((migration) => migration.name);
    let instance: ServiceInstance | undefined = await startInstance(config, { migrate: false });
    try {
      expect((await http("GET", `${instance.baseUrl}/healthz`)).status).toBe(200);
      const pending = await http("GET", `${instance.baseUrl}/readyz`);
      expect(pending.status).toBe(503);
      expect(pending.body).toMatchObject({ status: "unavailable", database: kind, pendingMigrations: names });
      expect((await instance.db.migrate()).applied).toEqual(names);
      expect((await http("GET", `${instance.baseUrl}/readyz`)).status).toBe(200);

      const user = await createUser(instance.db.prisma, { email: "durable@test.local", currency: "TRY", permissions: [Permissions.DetailsUpdate] });
      const customer = await createCustomer(instance.db.prisma, { name: "Durable" });
      const token = instance.services.tokens.sign(user.id, "1h");
      const written = await http("PATCH", url(customer.uuid, instance.baseUrl), { annual_revenue: "1234567.8901", annual_revenue_currency: "EUR", address: "Kept" }, { token });
      expect(written.status).toBe(200);
      await instance.stop();
      instance = undefined;
      if (kind === "embedded") {
        // Stopped cleanly: no lock file and no socket left, only the data.
        expect(await readdir(embeddedDirectory(scratch.url))).toEqual(["pgdata"]);
        // Now as if an earlier process with this very pid had crashed holding the directory (a container restarted
        // as PID 1 again): its lock file is stale and is taken over.
        await writeFile(path.join(embeddedDirectory(scratch.url), "owner.pid"), String(process.pid));
      }

      instance = await startInstance(config, { migrate: false });
      expect((await instance.db.migrate()).applied).toEqual([]);
      const read = await http("GET", url(customer.uuid, instance.baseUrl), undefined, { token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(written.body);
      expect(read.headers.get("etag")).toBe(written.headers.get("etag"));
      expect(await instance.db.prisma.customerDetailsChange.count({ where: { customerId: customer.id } })).toBe(1);
    } finally {
      await instance?.stop();
      await scratch.drop();
    }
  });

  it("refuses tokens without exp, with alg none, signed with another secret, not yet valid, or for no user (401)", async () => {
    const uuid = scenario.customers.unowned;
    const manager = String(scenario.users.manager);
    const now = Math.floor(Date.now() / 1000);
    const tokens: [string, string][] = [
      ["no exp", jwt.sign({ sub: manager }, TEST_JWT_SECRET, { algorithm: "HS256" })],
      ["alg none", `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ sub: manager, iat: now, exp: now + 3600 })}.`],
      ["alg none, signed", jwt.sign({ sub: manager, exp: now + 3600 }, TEST_JWT_SECRET, { algorithm: "HS256" }).replace(/^[^.]+/, base64url({ alg: "none", typ: "JWT" }))],
      ["another secret", jwt.sign({}, "another-secret-that-is-long-enough-for-hs256", { algorithm: "HS256", subject: manager, expiresIn: "1h" })],
      ["algorithm not allowed", jwt.sign({}, TEST_JWT_SECRET, { algorithm: "HS512", subject: manager, expiresIn: "1h" })],
      ["nbf in the future", jwt.sign({}, TEST_JWT_SECRET, { algorithm: "HS256", subject: manager, expiresIn: "1h", notBefore: "2m" })],
      ["expired beyond the tolerance", jwt.sign({ sub: manager, exp: now - 60 }, TEST_JWT_SECRET, { algorithm: "HS256" })],
      ["no such user", jwt.sign({}, TEST_JWT_SECRET, { algorithm: "HS256", subject: "999999", expiresIn: "1h" })],
      ["sub not an id", jwt.sign({}, TEST_JWT_SECRET, { algorithm: "HS256", subject: "manager@test.local", expiresIn: "1h" })],
    ];
    const before = await snapshot(service.db);
    const results = await Promise.all(
      tokens.map(async ([name, token]) => {
        const response = await http("PATCH", url(uuid), { employee_count: 99 }, { token });
        return [name, response.status, response.body];
      }),
    );
    expect(results).toEqual(tokens.map(([name]) => [name, 401, { message: "Unauthenticated." }]));
    expect(await snapshot(service.db)).toEqual(before);

    // The same claims, properly signed, are accepted: each refusal above is down to the one thing changed.
    const good = jwt.sign({}, TEST_JWT_SECRET, { algorithm: "HS256", subject: manager, expiresIn: "1h", notBefore: "-1m" });
    expect((await http("PATCH", url(uuid), { employee_count: 99 }, { token: good })).status).toBe(200);
  });
});

describe("configuration at start-up", () => {
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
  };

  it("refuses the development JWT secret, or a short one, in production, naming JWT_SECRET", () => {
    expect(problemsOf({ NODE_ENV: "production" })).toMatch(/JWT_SECRET/);
    expect(problemsOf({ NODE_ENV: "production", JWT_SECRET: "short" })).toMatch(/JWT_SECRET .*32/);
    const production = loadConfig({ NODE_ENV: "production", JWT_SECRET: "x".repeat(32) });
    expect({ playground: production.playground, introspection: production.introspection }).toEqual({ playground: false, introspection: false });
  });

  it("refuses an invalid PORT or DATABASE_URL, naming each invalid setting", () => {
    expect(problemsOf({ PORT: "http" })).toMatch(/^Invalid configuration:\n {2}- PORT /);
    expect(problemsOf({ PORT: "70000" })).toMatch(/PORT/);
    expect(problemsOf({ PORT: "-1" })).toMatch(/PORT/);
    expect(problemsOf({ DATABASE_URL: "mysql://localhost/db" })).toMatch(/DATABASE_URL must be file:<directory> .* or postgresql:\/\//);
    const both = problemsOf({ PORT: "x", DATABASE_URL: "sqlite:db" });
    expect(both).toMatch(/PORT/);
    expect(both).toMatch(/DATABASE_URL/);
  });
});

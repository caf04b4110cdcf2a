import { Writable } from "node:stream";
import type { Client as WsClient } from "graphql-ws";
import { Client } from "pg";
import { createCustomer } from "../../src/admin/customers";
import { createUser } from "../../src/admin/users";
import { Permissions } from "../../src/auth/permissions";
import { PatchCustomerDetailsDocument } from "../../src/client";
import { loadConfig } from "../../src/config";
import { parseDatabaseUrl } from "../../src/db/database-url";
import { isDatabaseUnavailable } from "../../src/errors/database-unavailable";
import { SUBSCRIPTIONS_UNAVAILABLE } from "../../src/shared/listen-fallbacks";
import { CustomerDetailsChangedDocument } from "../graphql/generated/operations";
import { testDatabaseKinds } from "../support/databases";
import { notificationsDelivered } from "../support/cache-invalidation";
import { describeRun, runCli } from "../support/cli";
import { graphql, graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { PgBouncer } from "../support/pgbouncer";
import { seedScenario, type Scenario } from "../support/scenario";
import { startInstance, startService, testConfig, type RunningService, type ServiceInstance } from "../support/service";
import { eventually } from "../support/eventually";
import { WebhookReceiver } from "../support/webhook-receiver";
import { subscribe, wsClient } from "../support/subscription-client";

describe("?pgbouncer=true and DATABASE_DIRECT_URL (settings)", () => {
  it("recognises Prisma's flag and strips it before the URL reaches pg, keeping the other parameters", () => {
    expect(parseDatabaseUrl("postgresql://u@h:6432/db?pgbouncer=true")).toEqual({ url: "postgresql://u@h:6432/db", pooler: "pgbouncer" });
    expect(parseDatabaseUrl("postgres://u@h/db?sslmode=disable&pgbouncer=TRUE&application_name=x")).toEqual({
      url: "postgres://u@h/db?sslmode=disable&application_name=x",
      pooler: "pgbouncer",
    });
    expect(parseDatabaseUrl("postgresql://u@h/db?pgbouncer=false")).toEqual({ url: "postgresql://u@h/db", pooler: null });
    expect(parseDatabaseUrl("postgresql://u@h/db?sslmode=disable")).toEqual({ url: "postgresql://u@h/db?sslmode=disable", pooler: null });
    expect(parseDatabaseUrl("file:./data/db")).toEqual({ url: "file:./data/db", pooler: null });
  });

  it("takes DATABASE_DIRECT_URL for a PostgreSQL server only, and never through a pooler", () => {
    const base = { NODE_ENV: "test", JWT_SECRET: "x".repeat(32) };
    expect(loadConfig({ ...base, DATABASE_URL: "postgresql://h:6432/db?pgbouncer=true", DATABASE_DIRECT_URL: "postgresql://h:5432/db" }).database).toEqual({
      url: "postgresql://h:6432/db?pgbouncer=true",
      directUrl: "postgresql://h:5432/db",
      poolSize: 10,
      timeoutMs: 5000,
    });
    expect(() => loadConfig({ ...base, DATABASE_URL: "file:./x", DATABASE_DIRECT_URL: "postgresql://h/db" })).toThrow(/DATABASE_DIRECT_URL applies to a PostgreSQL server only/);
    expect(() => loadConfig({ ...base, DATABASE_URL: "postgresql://h/db", DATABASE_DIRECT_URL: "postgresql://h/db?pgbouncer=true" })).toThrow(
      /DATABASE_DIRECT_URL must not go through a pooler/,
    );
    expect(() => loadConfig({ ...base, DATABASE_DIRECT_URL: "mysql://h/db" })).toThrow(/DATABASE_DIRECT_URL must be postgresql/);
  });
});

/** JSON log lines written by an instance, parsed. */
function logCollector(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines };
}

/** A webhook for every change, registered on `instance`, and a receiver that checks its signatures; `stop` removes both. */
async function webhookReceiver(instance: Pick<RunningService, "services">): Promise<{ received: WebhookReceiver["received"]; badSignatures: string[]; stop(): Promise<void> }> {
  let secret = "";
  const receiver = new WebhookReceiver(() => secret);
  await receiver.start();
  const webhook = await instance.services.webhooks.create({ url: receiver.url, fields: [] });
  secret = webhook.secret;
  return {
    received: receiver.received,
    badSignatures: receiver.badSignatures,
    stop: async () => {
      await instance.services.webhooks.delete(webhook.id);
      await receiver.stop();
    },
  };
}

if (testDatabaseKinds().includes("server")) {
  describe("behind pgbouncer 1.18 in transaction mode with its default settings, without DATABASE_DIRECT_URL", () => {
    let bouncer: PgBouncer;
    let service: RunningService;
    let scenario: Scenario;
    const log = logCollector();
    const clients: WsClient[] = [];

    beforeAll(async () => {
      bouncer = await PgBouncer.start();
      service = await startService("server", {
        // The outbox poll is what delivers webhooks here: short, so that the test need not wait 5 s.
        env: (url) => ({ DATABASE_URL: bouncer.urlFor(url), DATABASE_TIMEOUT_MS: "5000", LOG_LEVEL: "info", WEBHOOK_POLL_MS: "300" }),
        logStream: log.stream,
      });
      scenario = await seedScenario(service);
    }, 60_000);
    afterAll(async () => {
      for (const client of clients) await client.dispose();
      await service?.stop();
      await bouncer?.stop();
    });

    it("serves writes and reads through both doors, again and again on the pooler's shared server sessions", async () => {
      const url = `${service.baseUrl}/api/v1/customers/${scenario.customers.unowned}/details`;
      for (let i = 0; i < 30; i += 1) {
        const [rest, viaGraphQL] = await Promise.all([
          http("PATCH", url, { employee_count: i }, { token: scenario.tokens.manager }),
          graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid: scenario.customers.salesOwned, input: { employeeCount: i } }, scenario.tokens.manager),
        ]);
        expect([rest.status, rest.body.employee_count]).toEqual([200, i]);
        expect(viaGraphQL.errors).toBeUndefined();
        expect((await http("GET", url, undefined, { token: scenario.tokens.viewer })).body.employee_count).toBe(i);
      }
      const history = await http<{ data: unknown[] }>("GET", `${url}/history?per_page=100`, undefined, { token: scenario.tokens.viewer });
      expect([history.status, history.body.data.length]).toEqual([200, 30]);
      expect(await bouncer.log()).not.toMatch(/unsupported startup parameter|prepared statement/);
    });

    it("says at start-up and on /readyz which features fall back, and refuses a subscription with a clear error", async () => {
      const warning = log.lines.find((line) => typeof line.msg === "string" && line.msg.includes("DATABASE_DIRECT_URL is not set"));
      expect(warning).toMatchObject({ level: 40, fallbacks: { cacheInvalidation: expect.any(String), webhooks: expect.any(String), subscriptions: expect.any(String) } });
      const ready = await http("GET", `${service.baseUrl}/readyz`);
      expect([ready.status, ready.body]).toMatchObject([200, { status: "ready", database: "server", pooler: "pgbouncer", notifications: "polling", fallbacks: warning?.fallbacks }]);

      const client = wsClient(service.baseUrl, { Authorization: `Bearer ${scenario.tokens.viewer}` });
      clients.push(client);
      const run = subscribe(client, CustomerDetailsChangedDocument, { uuid: scenario.customers.unowned });
      const [result] = await run.results.atLeast(1);
      expect(result?.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([[SUBSCRIPTIONS_UNAVAILABLE, "SERVICE_UNAVAILABLE"]]);
      await expect(run.ended).resolves.toBe("complete");
    });

    it("delivers webhooks on the outbox poll", async () => {
      const receiver = await webhookReceiver(service);
      try {
        const url = `${service.baseUrl}/api/v1/customers/${scenario.customers.otherOwned}/details`;
        expect((await http("PATCH", url, { website: "https://polled.example" }, { token: scenario.tokens.manager })).status).toBe(200);
        await eventually(async () => (receiver.received.length > 0 ? true : undefined));
        expect(receiver.badSignatures).toEqual([]);
        expect(receiver.received[0]?.json).toMatchObject({ customer_uuid: scenario.customers.otherOwned, changes: { website: { new: "https://polled.example" } } });
      } finally {
        await receiver.stop();
      }
    });
  });
}

if (testDatabaseKinds().includes("server")) {
  /**
   * Two instances behind one pgbouncer (transaction mode, default settings), each with DATABASE_DIRECT_URL for its
   * LISTEN connection: the promises of sections 1, 8 and 10 hold as they do directly on PostgreSQL.
   */
  describe("two instances behind pgbouncer 1.18 (transaction mode, default settings) with DATABASE_DIRECT_URL", () => {
    let bouncer: PgBouncer;
    let first: RunningService;
    let second: ServiceInstance;
    let scenario: Scenario;
    let directUrl: string;
    const clients: WsClient[] = [];

    beforeAll(async () => {
      bouncer = await PgBouncer.start();
      first = await startService("server", {
        env: (url) => {
          directUrl = url;
          // A minute's poll: a webhook delivered sooner was woken by the notification on the direct connection.
          return { DATABASE_URL: bouncer.urlFor(url), DATABASE_DIRECT_URL: url, DATABASE_POOL_SIZE: "8", PERMISSION_CACHE_MS: "5000", WEBHOOK_POLL_MS: "60000" };
        },
      });
      second = await startInstance(first.config);
      scenario = await seedScenario(first);
    }, 60_000);
    afterAll(async () => {
      for (const client of clients) await client.dispose();
      await second?.stop();
      await first?.stop();
      await bouncer?.stop();
    });

    it("listens on the direct connection and says so on /readyz", async () => {
      const ready = await http("GET", `${second.baseUrl}/readyz`);
      expect([ready.status, ready.body]).toMatchObject([200, { status: "ready", pooler: "pgbouncer", notifications: "listening" }]);
      expect(ready.body).not.toHaveProperty("fallbacks");
    });

    it("refuses the other instance's next request once a revocation is committed through the pooler (the admin command line), long before the cache would expire", async () => {
      const user = await createUser(first.db.prisma, { email: "revoked@test.local", permissions: [Permissions.DetailsView] });
      const token = first.services.tokens.sign(user.id, "1h");
      const url = `${second.baseUrl}/api/v1/customers/${scenario.customers.unowned}/details`;
      // The other instance has the permission cached (PERMISSION_CACHE_MS=5000).
      expect((await http("GET", url, undefined, { token })).status).not.toBe(403);

      const args = ["user:revoke", "--user", String(user.id), "--permission", Permissions.DetailsView];
      const revoked = await runCli(args, { databaseUrl: bouncer.urlFor(directUrl) });
      if (revoked.code !== 0) throw new Error(describeRun(args, revoked));
      const committedAt = Date.now();
      await notificationsDelivered(second);
      const refused = await http("GET", url, undefined, { token });
      expect([refused.status, Date.now() - committedAt < 4000]).toEqual([403, true]);
    });

    it("feeds a subscription on one instance with the changes committed through the other", async () => {
      const customer = await createCustomer(first.db.prisma, { name: "Fed across instances" });
      const client = wsClient(first.baseUrl, { Authorization: `Bearer ${scenario.tokens.viewer}` });
      clients.push(client);
      const run = subscribe(client, CustomerDetailsChangedDocument, { uuid: customer.uuid });
      await eventually(async () => (first.services.history.feed.watching(customer.uuid) === 1 ? true : undefined));
      for (const industry of ["One", "Two"]) {
        const response = await http("PATCH", `${second.baseUrl}/api/v1/customers/${customer.uuid}/details`, { industry }, { token: scenario.tokens.manager });
        expect(response.status).toBe(200);
      }
      const results = await run.results.atLeast(2);
      expect(results.map((result) => result.data?.customerDetailsChanged?.changes.map((change) => change.new))).toEqual([["One"], ["Two"]]);
      run.stop();
    });

    it("wakes the other instance's webhook dispatcher at commit, long before its poll", async () => {
      const receiver = await webhookReceiver(first);
      try {
        const customer = await createCustomer(first.db.prisma, { name: "Woken" });
        // Both dispatchers have made their first pass since start-up; from now on only a notification wakes them.
        const response = await http("PATCH", `${second.baseUrl}/api/v1/customers/${customer.uuid}/details`, { industry: "Woken" }, { token: scenario.tokens.manager });
        expect(response.status).toBe(200);
        await eventually(async () => (receiver.received.length > 0 ? true : undefined), 30_000);
        expect(receiver.received[0]?.json).toMatchObject({ customer_uuid: customer.uuid, changes: { industry: { new: "Woken" } } });
      } finally {
        await receiver.stop();
      }
    });

    it("loses no change among 200 concurrent writes through the two instances and both doors", async () => {
      const writer = await createUser(first.db.prisma, { email: "racer@test.local", permissions: [Permissions.DetailsUpdate] });
      const customer = await createCustomer(first.db.prisma, { name: "Race through the pooler" });
      const token = first.services.tokens.sign(writer.id, "1h");
      const writers = 200;
      const statuses = await Promise.all(
        Array.from({ length: writers }, (_, i) => {
          const base = i % 2 === 0 ? first.baseUrl : second.baseUrl;
          return i % 4 === 1
            ? graphqlText(base, "mutation($u: ID!, $n: Int) { patchCustomerDetails(uuid: $u, input: {employeeCount: $n}) { employeeCount } }", { u: customer.uuid, n: i }, token).then(
                (result) => (result.errors ? JSON.stringify(result.errors) : result.status),
              )
            : http("PATCH", `${base}/api/v1/customers/${customer.uuid}/details`, { employee_count: i }, { token }).then((response) => response.status);
        }),
      );
      expect(statuses).toEqual(Array(writers).fill(200));

      const history = await first.db.prisma.customerDetailsChange.findMany({ where: { customerId: customer.id }, orderBy: { id: "asc" } });
      const details = await first.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: customer.id } });
      expect([history.length, history.filter((change) => change.created).length, details.version]).toEqual([writers, 1, writers]);
      const changes = history.map((change) => (change.changes as { employee_count: { old: number | null; new: number } }).employee_count);
      expect(changes[0]?.old).toBeNull();
      for (let i = 1; i < changes.length; i += 1) expect(changes[i]?.old).toBe(changes[i - 1]?.new);
      expect(details.employeeCount).toBe(changes[changes.length - 1]?.new);
      expect(new Set(changes.map((change) => change.new)).size).toBe(writers);
    });

    describe("DATABASE_TIMEOUT_MS through the pooler", () => {
      const TIMEOUT_MS = 1000;
      let bounded: ServiceInstance;
      let holder: Client;

      beforeAll(async () => {
        bounded = await startInstance(testConfig(bouncer.urlFor(directUrl), { DATABASE_DIRECT_URL: directUrl, DATABASE_TIMEOUT_MS: String(TIMEOUT_MS) }));
      });
      afterAll(async () => {
        await holder?.end().catch(() => undefined);
        await bounded?.stop();
      });

      it("answers a write stuck on a row lock 503 within the bound, and the write never commits afterwards", async () => {
        const customerId = scenario.customerIds.otherOwned;
        const url = `${bounded.baseUrl}/api/v1/customers/${scenario.customers.otherOwned}/details`;
        expect((await http("PATCH", url, { industry: "Before" }, { token: scenario.tokens.manager })).status).toBe(200);
        const before = await first.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId } });

        holder = new Client({ connectionString: directUrl });
        await holder.connect();
        await holder.query("BEGIN");
        await holder.query("SELECT id FROM customers WHERE id = $1 FOR UPDATE", [customerId]);
        const started = Date.now();
        const [rest, viaGraphQL] = await Promise.all([
          http("PATCH", url, { industry: "Stuck" }, { token: scenario.tokens.manager }),
          graphql(bounded.baseUrl, PatchCustomerDetailsDocument, { uuid: scenario.customers.otherOwned, input: { industry: "Stuck too" } }, scenario.tokens.manager),
        ]);
        const elapsed = Date.now() - started;
        expect([rest.status, rest.body]).toEqual([503, { message: "Service Unavailable" }]);
        expect(viaGraphQL.errors?.map((error) => error.extensions?.code)).toEqual(["SERVICE_UNAVAILABLE"]);
        expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
        expect(elapsed).toBeLessThan(TIMEOUT_MS + 3000);

        // The lock is let go: had the statements only been abandoned by the client, they would commit now.
        await holder.query("COMMIT");
        await holder.end();
        await notificationsDelivered(first);
        const after = await first.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId } });
        expect(after).toEqual(before);
        expect(await first.db.prisma.customerDetailsChange.count({ where: { customerId } })).toBe(before.version);
        expect((await http("PATCH", url, { industry: "After" }, { token: scenario.tokens.manager })).status).toBe(200);
        // The cancel went through pgbouncer (which forwards it to the server session) and pgbouncer lived through it.
        expect(await bouncer.log()).toMatch(/successfully sent cancel request/);
        expect(await bouncer.log()).not.toMatch(/FATAL/);
      });

      it("bounds a transaction's lock wait on the server (SET LOCAL) and leaves no setting behind in the pooler's sessions", async () => {
        const customerId = scenario.customerIds.unowned;
        holder = new Client({ connectionString: directUrl });
        await holder.connect();
        await holder.query("BEGIN");
        await holder.query("SELECT id FROM customers WHERE id = $1 FOR UPDATE", [customerId]);
        const started = Date.now();
        const failure = await bounded.db.prisma
          .$transaction(async (tx) => tx.$executeRaw`UPDATE customers SET name = 'Never' WHERE id = ${customerId}`)
          .then(() => null, (error: unknown) => error);
        expect(isDatabaseUnavailable(failure)).toBe(true);
        expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 3000);
        await holder.query("COMMIT");
        await holder.end();

        const inside = await bounded.db.prisma.$transaction(async (tx) => tx.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`);
        expect(inside).toEqual([{ statement_timeout: "1s" }]);
        const outside = await Promise.all(Array.from({ length: 8 }, () => bounded.db.pool.query<{ lock_timeout: string }>("SHOW lock_timeout")));
        expect(outside.map((result) => result.rows[0]?.lock_timeout)).toEqual(Array(8).fill("0"));
        expect((await first.db.prisma.customer.findUniqueOrThrow({ where: { id: customerId } })).name).not.toBe("Never");
      });
    });
  });
}

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Client } from "pg";
import { createCustomer } from "../../src/admin/customers";
import { TokenService } from "../../src/auth/token-service";
import { loadConfig } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/database";
import { PGliteWireServer } from "../../src/db/pglite-wire-server";
import { createScratchDatabase, testDatabaseKinds, type ScratchDatabase } from "../support/databases";
import { http, type HttpResult } from "../support/http";
import { spawnMain, type MainProcess } from "../support/main-process";
import { seedScenario, type Scenario } from "../support/scenario";
import { TEST_JWT_SECRET } from "../support/service";
import { TcpProxy } from "../support/tcp-proxy";
import { eventuallyPasses } from "../support/eventually";

/** DATABASE_TIMEOUT_MS for the service under test: small, so that the black-hole tests are quick. */
const TIMEOUT_MS = 1000;
/** What "answered within the bound plus a little" allows on a loaded machine: generous, never tight. */
const SLACK_MS = 4000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

const PATCH_MUTATION = `mutation($uuid: ID!, $input: CustomerDetailsPatchInput!) { patchCustomerDetails(uuid: $uuid, input: $input) { version employeeCount } }`;
const READ_QUERY = `query($uuid: ID!) { customerDetails(uuid: $uuid) { version } }`;

interface GraphQLBody {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe("the embedded database's wire server", () => {
  it("disconnects only the client whose request PGlite failed on, rolls back what that client had open, and serves the others", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "cd-wire-"));
    const db = await PGlite.create();
    await db.exec("CREATE TABLE t (v int)");
    const execute = db.execProtocolRawStream.bind(db);
    // A fault inside PGlite, injected for one statement.
    db.execProtocolRawStream = async (message, options) => {
      if (Buffer.from(message).includes("fail here")) throw new Error("injected PGlite failure");
      return execute(message, options);
    };
    const failures: unknown[] = [];
    const server = new PGliteWireServer(db, (error) => failures.push(error));
    await server.listen(path.join(directory, ".s.PGSQL.5432"));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const connect = async () => {
      const client = new Client({ host: directory, port: 5432, user: "postgres", database: "postgres" });
      client.on("error", () => undefined);
      await client.connect();
      return client;
    };
    const [a, b] = [await connect(), await connect()];
    try {
      await a.query("BEGIN");
      await a.query("INSERT INTO t VALUES (1)");
      const readByB = b.query<{ n: number }>("SELECT count(*)::int AS n FROM t"); // waits for a's transaction
      await expect(a.query("SELECT 'fail here'")).rejects.toThrow(/Connection terminated/);
      expect((await readByB).rows).toEqual([{ n: 0 }]);
      expect((await b.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      await eventuallyPasses(() => expect(failures.map((error) => (error as Error).message)).toEqual(["injected PGlite failure"]));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
      await Promise.all([a.end().catch(() => undefined), b.end().catch(() => undefined)]);
      await server.close();
      await db.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

// The faults are injected with a TCP proxy between the service and PostgreSQL (an embedded database has no network).
if (testDatabaseKinds().includes("server")) {
  describe("database faults (the service as its own process, PostgreSQL behind a TCP proxy)", () => {
    let scratch: ScratchDatabase;
    let proxy: TcpProxy;
    let main: MainProcess;
    let direct: Database;
    let scenario: Scenario;

    const detailsUrl = (uuid: string) => `${main.baseUrl}/api/v1/customers/${uuid}/details`;
    const patch = (uuid: string, body: object, token: string) => http("PATCH", detailsUrl(uuid), body, { token });
    const graphql = (query: string, variables: object, token: string) =>
      http<GraphQLBody>("POST", `${main.baseUrl}/graphql`, { query, variables }, { token });
    const readyz = () => http("GET", `${main.baseUrl}/readyz`);

    function expectRest503(response: HttpResult): void {
      expect([response.status, response.body]).toEqual([503, { message: "Service Unavailable" }]);
      expect(response.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    }

    function expectGraphQL503(response: HttpResult<GraphQLBody>): void {
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
      expect(response.body.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([["Service Unavailable", "SERVICE_UNAVAILABLE"]]);
    }

    /** Polls with a write until one succeeds; returns how long after `since` the successful request was sent. */
    async function firstSuccessAfter(since: number): Promise<number> {
      for (;;) {
        const sentAt = Date.now();
        const response = await patch(scenario.customers.unowned, { industry: `Recovered ${sentAt}` }, scenario.tokens.manager);
        if (response.status === 200) return sentAt - since;
        expect(response.status).toBe(503);
        if (Date.now() - since > 30_000) throw new Error("the service did not recover within 30 s");
        await sleep(100);
      }
    }

    beforeAll(async () => {
      scratch = await createScratchDatabase("server");
      const target = new URL(scratch.url);
      proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      main = await spawnMain({
        DATABASE_URL: proxy.urlFor(scratch.url),
        DATABASE_TIMEOUT_MS: String(TIMEOUT_MS),
        DATABASE_POOL_SIZE: "5",
        // Permissions cached for 5 s: a request right after a success passes authentication from the cache and meets
        // the outage further on (in the GraphQL shield's ownership rule, or in the service).
        PERMISSION_CACHE_MS: "5000",
      });
      direct = await openDatabase({ url: scratch.url, poolSize: 4 });
      const tokens = new TokenService(loadConfig({ NODE_ENV: "test", JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: scratch.url }).jwt);
      scenario = await seedScenario({ db: direct, services: { tokens } });
    }, 120_000);

    afterEach(async () => {
      await proxy.heal();
      expect(main.alive()).toBe(true);
    });

    afterAll(async () => {
      await main?.stop();
      await proxy?.close();
      await direct?.close();
      await scratch?.drop();
    });

    it("answers 503 with Retry-After (REST) and HTTP 503 SERVICE_UNAVAILABLE (GraphQL) at once when the database refuses connections", async () => {
      const { manager, sales } = scenario.tokens;
      const { salesOwned } = scenario.customers;
      // Both callers' permissions are now cached: the outage is met past authentication.
      expect((await patch(salesOwned, { industry: "Before" }, sales)).status).toBe(200);
      expect((await patch(salesOwned, { industry: "Before" }, manager)).status).toBe(200);

      await proxy.refuse();
      const answers = await Promise.all([
        timed(() => patch(salesOwned, { industry: "During" }, manager)),
        timed(() => http("GET", detailsUrl(salesOwned), undefined, { token: manager })),
        timed(() => patch(salesOwned, { industry: "During" }, sales)),
      ]);
      for (const { result, ms } of answers) {
        expectRest503(result);
        expect(ms).toBeLessThan(2000 + SLACK_MS);
      }
      // The `.own` caller goes through the shield's ownership rule, which must not turn the outage into FORBIDDEN.
      const graphQLAnswers = await Promise.all([
        timed(() => graphql(PATCH_MUTATION, { uuid: salesOwned, input: { industry: "During" } }, sales)),
        timed(() => graphql(READ_QUERY, { uuid: salesOwned }, sales)),
        timed(() => graphql(PATCH_MUTATION, { uuid: salesOwned, input: { industry: "During" } }, manager)),
      ]);
      for (const { result, ms } of graphQLAnswers) {
        expectGraphQL503(result);
        expect(ms).toBeLessThan(2000 + SLACK_MS);
      }
      // Authentication itself meeting the outage (no cached permissions for this caller).
      expectGraphQL503(await graphql(READ_QUERY, { uuid: salesOwned }, scenario.tokens.dollarUser));
      expectRest503(await patch(salesOwned, { industry: "During" }, scenario.tokens.yenUser));

      await proxy.heal();
      await firstSuccessAfter(Date.now());
      const details = await direct.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: scenario.customerIds.salesOwned } });
      expect(details.industry).toBe("Before");
    });

    it("names no host, port, URL or driver message on /readyz (503) and logs them instead; /healthz does not ask the database", async () => {
      await proxy.refuse();
      const ready = await readyz();
      expect([ready.status, ready.body]).toEqual([503, { status: "unavailable", database: "server" }]);
      for (const secret of ["127.0.0.1", String(proxy.port), "ECONNREFUSED", "connect", "postgres", scratch.url]) {
        expect(ready.text).not.toContain(secret);
      }
      expect((await http("GET", `${main.baseUrl}/healthz`)).status).toBe(200);
      // The reason is in the log (JSON lines on stdout in production).
      await eventuallyPasses(() => {
        expect(main.stdout()).toMatch(/"msg":"readiness check failed"/);
        expect(main.stdout()).toContain(`ECONNREFUSED 127.0.0.1:${proxy.port}`);
      });

      await proxy.heal();
      const recovered = await readyz();
      expect(recovered.status).toBe(200);
    });

    it("answers every request within DATABASE_TIMEOUT_MS plus a little when the database stops answering (black hole)", async () => {
      const { manager, sales } = scenario.tokens;
      const { salesOwned, unowned } = scenario.customers;
      expect((await patch(salesOwned, { address: "Before" }, sales)).status).toBe(200);
      expect((await patch(unowned, { address: "Before" }, manager)).status).toBe(200);

      proxy.blackHole();
      const [restWrite, restRead, ownWrite, graphQLWrite, ownRead, ready, health] = await Promise.all([
        timed(() => patch(unowned, { address: "During" }, manager)),
        timed(() => http("GET", detailsUrl(unowned), undefined, { token: manager })),
        timed(() => patch(salesOwned, { address: "During" }, sales)),
        timed(() => graphql(PATCH_MUTATION, { uuid: unowned, input: { address: "During" } }, manager)),
        timed(() => graphql(READ_QUERY, { uuid: salesOwned }, sales)),
        timed(readyz),
        timed(() => http("GET", `${main.baseUrl}/healthz`)),
      ]);
      for (const { result, ms } of [restWrite, restRead, ownWrite]) {
        expectRest503(result);
        expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      }
      for (const { result, ms } of [graphQLWrite, ownRead]) {
        expectGraphQL503(result);
        expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      }
      expect(ready.result.status).toBe(503);
      expect(ready.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(health.result.status).toBe(200);

      const healedAt = Date.now();
      await proxy.heal();
      expect(await firstSuccessAfter(healedAt)).toBeLessThan(5000);
      const unchanged = await direct.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: scenario.customerIds.salesOwned } });
      expect(unchanged.address).toBe("Before");
    });

    it("takes the database back within 5 s of its return, with no restart", async () => {
      await proxy.refuse();
      expectRest503(await patch(scenario.customers.unowned, { industry: "Down" }, scenario.tokens.manager));
      const healedAt = Date.now();
      await proxy.heal();
      expect(await firstSuccessAfter(healedAt)).toBeLessThan(5000);

      // The same after every connection was dropped (a database restart): the dead pooled connections are let go.
      proxy.reset();
      const resetAt = Date.now();
      expect(await firstSuccessAfter(resetAt)).toBeLessThan(5000);
    });

    it("survives the database dropping every connection while /readyz is polled (7 trials)", async () => {
      const statuses = new Map<number, number>();
      for (let trial = 0; trial < 7; trial += 1) {
        let polling = true;
        const pollers = Array.from({ length: 4 }, async () => {
          while (polling) {
            const { status } = await readyz();
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
        });
        for (let drop = 0; drop < 8; drop += 1) {
          await sleep(20 + Math.floor(Math.random() * 80));
          proxy.reset();
        }
        polling = false;
        await Promise.all(pollers);
        expect(main.alive()).toBe(true);
      }
      expect([...statuses.keys()].every((status) => status === 200 || status === 503)).toBe(true);
      expect(main.stderr()).not.toMatch(/Unhandled|uncaught/i);
      expect((await readyz()).status).toBe(200);
    });

    it("keeps every details version with exactly its history rows when 20 writers run through resets, a refusal and a black hole", async () => {
      const customers = await Promise.all([1, 2, 3, 4].map((n) => createCustomer(direct.prisma, { name: `Contended ${n}` })));
      const acknowledged: { customerId: number; employeeCount: number }[] = [];
      const statuses = new Map<number, number>();
      let writing = true;
      const writers = Array.from({ length: 20 }, async (_, writer) => {
        const customer = customers[writer % customers.length] as (typeof customers)[number];
        for (let n = 1; writing; n += 1) {
          const employeeCount = writer * 100_000 + n;
          const response = await patch(customer.uuid, { employee_count: employeeCount }, scenario.tokens.manager);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status === 200) acknowledged.push({ customerId: customer.id, employeeCount });
        }
      });
      const faults = (async () => {
        await sleep(400);
        proxy.reset();
        await sleep(300);
        await proxy.refuse();
        await sleep(300);
        await proxy.heal();
        await sleep(300);
        proxy.blackHole();
        await sleep(TIMEOUT_MS + 500);
        await proxy.heal();
        await sleep(300);
        proxy.reset();
        await sleep(1000);
        writing = false;
      })();
      await Promise.all([faults, ...writers]);

      expect([...statuses.keys()].sort()).toEqual([200, 503]);
      const ids = customers.map((customer) => customer.id);
      const { rows } = await direct.pool.query<{ customer_id: number; version: number; history: number }>(
        `SELECT d.customer_id, d.version,
           (SELECT count(*)::int FROM customer_details_changes c WHERE c.customer_id = d.customer_id) AS history
         FROM customer_details d WHERE d.customer_id = ANY($1::int[]) ORDER BY d.customer_id`,
        [ids],
      );
      expect(rows.map((row) => row.customer_id)).toEqual([...ids].sort((a, b) => a - b));
      for (const row of rows) expect(row.history).toBe(row.version);
      // Every write the service acknowledged is in the history.
      const { rows: written } = await direct.pool.query<{ customer_id: number; employee_count: number }>(
        `SELECT customer_id, (changes->'employee_count'->>'new')::int AS employee_count
         FROM customer_details_changes WHERE customer_id = ANY($1::int[])`,
        [ids],
      );
      const history = new Set(written.map((row) => `${row.customer_id}:${row.employee_count}`));
      expect(acknowledged.filter(({ customerId, employeeCount }) => !history.has(`${customerId}:${employeeCount}`))).toEqual([]);
    }, 120_000);
  });
}

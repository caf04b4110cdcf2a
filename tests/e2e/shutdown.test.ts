import { connect, type Socket } from "node:net";
import { Client, type ClientConfig } from "pg";
import { TokenService } from "../../src/auth/token-service";
import { loadConfig } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/database";
import { embeddedDirectory } from "../../src/db/embedded";
import { createScratchDatabase, testDatabaseKinds, type ScratchDatabase, type TestDatabaseKind } from "../support/databases";
import { http } from "../support/http";
import { spawnMain, type MainProcess } from "../support/main-process";
import { seedScenario, type Scenario } from "../support/scenario";
import { TEST_JWT_SECRET } from "../support/service";

const SHUTDOWN_TIMEOUT_MS = 2000;
/**
 * What "exits soon after the deadline" allows on a loaded machine: generous, never tight (the shutdown's own
 * bounds after the deadline add up to 15 s at most: 1 s for cancelled requests, 2 + 2 s for the last answers, 10 s
 * for the database to close).
 */
const SLACK_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pg connection of the test's own, beside the service's pool (through the socket of the embedded database). */
function connectionFor(kind: TestDatabaseKind, url: string): ClientConfig {
  return kind === "server" ? { connectionString: url } : { host: embeddedDirectory(url), port: 5432, user: "postgres", database: "postgres" };
}

/** A transaction of the test's own holding a customer's details row locked (`SELECT ... FOR UPDATE`). */
async function lockDetails(config: ClientConfig, customerId: number): Promise<Client> {
  const client = new Client(config);
  client.on("error", () => undefined);
  await client.connect();
  await client.query("BEGIN");
  await client.query("SELECT * FROM customer_details WHERE customer_id = $1 FOR UPDATE", [customerId]);
  return client;
}

/**
 * An HTTP request over a socket of its own, sent in two parts: the first now (so the connection is busy, not idle),
 * the rest later. Resolves with everything the server sent until it closed the connection.
 */
function splitRequest(baseUrl: string, head: string): { socket: Socket; finish(rest: string): void; response: Promise<string> } {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  socket.write(head);
  let received = "";
  socket.setEncoding("utf8").on("data", (chunk: string) => (received += chunk));
  const response = new Promise<string>((resolve, reject) => {
    socket.once("close", () => resolve(received));
    socket.once("error", reject);
  });
  return { socket, finish: (rest) => socket.write(rest), response };
}

describe.each(testDatabaseKinds())("shutdown on SIGTERM (%s database)", (kind) => {
  let scratch: ScratchDatabase;
  let main: MainProcess | undefined;
  let db: Database | undefined;
  const holders: Client[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
  });
  afterAll(async () => {
    await main?.stop();
    for (const holder of holders) await holder.end().catch(() => undefined);
    await db?.close();
    await scratch.drop();
  });

  it("lets requests in flight finish, answers the one stuck on a row lock 503 at the deadline, refuses new work with 503 and Connection: close, and exits 0", async () => {
    // The lock must outlast the shutdown deadline: nothing else may end the wait first.
    main = await spawnMain({ DATABASE_URL: scratch.url, DATABASE_TIMEOUT_MS: "60000", SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    db = await openDatabase({ url: scratch.url, poolSize: 2 });
    const tokens = new TokenService(loadConfig({ NODE_ENV: "test", JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: scratch.url }).jwt);
    const scenario: Scenario = await seedScenario({ db, services: { tokens } });
    const { manager } = scenario.tokens;
    const url = (uuid: string) => `${main?.baseUrl}/api/v1/customers/${uuid}/details`;
    const { salesOwned, otherOwned } = scenario.customers;
    for (const uuid of [salesOwned, otherOwned]) expect((await http("PATCH", url(uuid), { industry: "Before" }, { token: manager })).status).toBe(200);
    await db.close(); // the embedded database's socket must only carry the lock holders from now on
    db = undefined;

    const connection = connectionFor(kind, scratch.url);
    holders.push(await lockDetails(connection, scenario.customerIds.salesOwned));
    const stuck = http("PATCH", url(salesOwned), { industry: "Stuck" }, { token: manager });
    // On the server, a second request waits on a lock that is let go during the drain: it finishes normally. (On the
    // embedded database one open transaction holds up every other connection, so there it would be stuck too.)
    const releasedLater = kind === "server" ? await lockDetails(connection, scenario.customerIds.otherOwned) : null;
    if (releasedLater) holders.push(releasedLater);
    const finishing = releasedLater ? http("PATCH", url(otherOwned), { industry: "Finished" }, { token: manager }) : null;
    const lateRequest = splitRequest(main.baseUrl, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    await sleep(1000); // the requests reach their locks

    const signalledAt = Date.now();
    main.child.kill("SIGTERM");
    await sleep(500);
    // A request arriving during the drain on a connection that was already open: 503 JSON, and the connection closes.
    lateRequest.finish("\r\n");
    const late = await lateRequest.response;
    expect(late).toMatch(/^HTTP\/1\.1 503 /);
    expect(late).toMatch(/\r\nconnection: close\r\n/i);
    expect(late).toMatch(/\r\nretry-after: 5\r\n/i);
    expect(JSON.parse(late.slice(late.indexOf("\r\n\r\n") + 4))).toMatchObject({ message: expect.any(String) });
    // A new connection is not accepted at all.
    await expect(fetch(`${main.baseUrl}/healthz`)).rejects.toThrow();

    if (releasedLater && finishing) {
      await releasedLater.query("ROLLBACK");
      const finished = await finishing;
      expect(finished.status).toBe(200);
      expect(finished.body).toMatchObject({ industry: "Finished" });
      expect(finished.headers.get("connection")).toBe("close");
    }

    const answer = await stuck;
    const answeredAfter = Date.now() - signalledAt;
    expect([answer.status, answer.body]).toEqual([503, { message: "Service Unavailable" }]);
    expect(answeredAfter).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS - 100);

    const exit = await main.exited;
    const exitedAfter = Date.now() - signalledAt;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitedAfter).toBeLessThan(SHUTDOWN_TIMEOUT_MS + SLACK_MS);
    expect(main.stderr()).not.toMatch(/Unhandled|uncaught/i);

    // The cancelled change was not made, and every version has exactly its history rows.
    for (const holder of holders.splice(0)) await holder.end().catch(() => undefined);
    db = await openDatabase({ url: scratch.url, poolSize: 2 });
    const rows = await db.pool.query<{ customer_id: number; industry: string; version: number; history: number }>(
      `SELECT d.customer_id, d.industry, d.version,
         (SELECT count(*)::int FROM customer_details_changes c WHERE c.customer_id = d.customer_id) AS history
       FROM customer_details d ORDER BY d.customer_id`,
    );
    const byCustomer = new Map(rows.rows.map((row) => [row.customer_id, row]));
    expect(byCustomer.get(scenario.customerIds.salesOwned)?.industry).toBe("Before");
    if (kind === "server") expect(byCustomer.get(scenario.customerIds.otherOwned)?.industry).toBe("Finished");
    for (const row of rows.rows) expect(row.history).toBe(row.version);
  }, 180_000);
});

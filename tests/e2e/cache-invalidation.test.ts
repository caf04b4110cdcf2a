import { createCustomer } from "../../src/admin/customers";
import { createUser, disableUser, grantPermission, revokePermission } from "../../src/admin/users";
import { Permissions } from "../../src/auth/permissions";
import { storeRates } from "../../src/currency/rates.store";
import { runCli } from "../support/cli";
import { Client } from "pg";
import { testDatabaseKinds } from "../support/databases";
import { graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { notificationsDelivered } from "../support/cache-invalidation";
import { startService, type RunningService } from "../support/service";
import { today } from "../support/scenario";

/**
 * The principal and rate caches are on by default (5 s at most) and flushed on every committed write to what they
 * hold, whoever commits it: this instance's database handle, the admin command line, another instance. So a revoked
 * permission, a disabled user or a new rate takes effect on the first request after the notification arrives
 * (PostgreSQL delivers it asynchronously, moments after the commit), through either door. Each test waits for that
 * delivery (`notificationsDelivered`) rather than racing it; the 5 s cache would otherwise still answer.
 */
describe.each(testDatabaseKinds())("caches stay correct (%s database)", (kind) => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(kind);
    expect(service.config.permissionCacheMs).toBeGreaterThan(0);
    expect(service.config.rateCacheMs).toBeGreaterThan(0);
    await storeRates(service.db.prisma, "manual", [{ base: "USD", quote: "TRY", rate: "30", date: today() }]);
  });
  afterAll(() => service.stop());

  const url = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;
  const patchMutation = `mutation($u: ID!, $n: Int) { patchCustomerDetails(uuid: $u, input: {employeeCount: $n}) { employeeCount } }`;

  it("refuses a revoked permission and a disabled user on the very next request, through both doors", async () => {
    const prisma = service.db.prisma;
    const user = await createUser(prisma, { email: `cached-${kind}@test.local`, permissions: [Permissions.DetailsUpdate], currency: "TRY" });
    const customer = await createCustomer(prisma, { name: "Cached" });
    const token = service.services.tokens.sign(user.id, "1h");
    const rest = (n: number) => http("PATCH", url(customer.uuid), { employee_count: n }, { token });
    const gql = (n: number) => graphqlText(service.baseUrl, patchMutation, { u: customer.uuid, n }, token);

    // Warm the cache through both doors.
    expect((await rest(1)).status).toBe(200);
    expect((await gql(2)).errors).toBeUndefined();

    await revokePermission(prisma, user.id, Permissions.DetailsUpdate);
    await notificationsDelivered(service);
    expect((await rest(3)).status).toBe(403);
    expect((await gql(4)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    await grantPermission(prisma, user.id, Permissions.DetailsUpdate);
    await notificationsDelivered(service);
    expect((await rest(5)).status).toBe(200);
    expect((await gql(6)).errors).toBeUndefined();

    await disableUser(prisma, user.id);
    await notificationsDelivered(service);
    expect((await rest(7)).status).toBe(401);
    expect((await gql(8)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await http("GET", url(customer.uuid), undefined, { token })).status).toBe(401);
  });

  it("refuses a permission revoked through the admin command line on the very next request", async () => {
    const user = await createUser(service.db.prisma, { email: `cli-${kind}@test.local`, permissions: [Permissions.DetailsUpdate] });
    const customer = await createCustomer(service.db.prisma, { name: "Cli" });
    const token = service.services.tokens.sign(user.id, "1h");
    expect((await http("PATCH", url(customer.uuid), { industry: "Before" }, { token })).status).toBe(200);
    const revoked = await runCli(["user:revoke", "--user", String(user.id), "--permission", Permissions.DetailsUpdate], {
      databaseUrl: service.config.database.url,
    });
    expect(revoked.code).toBe(0);
    await notificationsDelivered(service);
    expect((await http("PATCH", url(customer.uuid), { industry: "After" }, { token })).status).toBe(403);
  });

  it("converts with a rate set while the old one was cached, on the very next request", async () => {
    const user = await createUser(service.db.prisma, { email: `rates-${kind}@test.local`, permissions: [Permissions.DetailsUpdate], currency: "TRY" });
    const customer = await createCustomer(service.db.prisma, { name: "Rates" });
    const token = service.services.tokens.sign(user.id, "1h");
    const first = await http("PATCH", url(customer.uuid), { annual_revenue: 2000000, annual_revenue_currency: "USD" }, { token });
    expect(first.body.annual_revenue_converted).toBe(60000000);
    expect((await http("GET", url(customer.uuid), undefined, { token })).body.annual_revenue_converted).toBe(60000000);

    await storeRates(service.db.prisma, "manual", [{ base: "USD", quote: "TRY", rate: "31", date: today() }]);
    await notificationsDelivered(service);
    expect((await http("GET", url(customer.uuid), undefined, { token })).body.annual_revenue_converted).toBe(62000000);

    const set = await runCli(["rates:set", "--from", "USD", "--to", "TRY", "--rate", "32"], { databaseUrl: service.config.database.url });
    expect(set.code).toBe(0);
    await notificationsDelivered(service);
    expect((await http("GET", url(customer.uuid), undefined, { token })).body.annual_revenue_converted).toBe(64000000);
  });
});

describe("caches stay correct across instances on one PostgreSQL database", () => {
  // Two instances need the server: an embedded directory belongs to one process (covered above through its socket).
  const kinds = testDatabaseKinds().filter((kind) => kind === "server");
  const register = kinds.length > 0 ? it : null;

  register?.("a revocation or a new rate committed through one instance bites on the other's next request once notified", async () => {
    const first = await startService("server");
    const second = await startService("server", { env: { DATABASE_URL: first.config.database.url } }).catch(async (error: unknown) => {
      await first.stop();
      throw error;
    });
    try {
      const user = await createUser(first.db.prisma, { email: "two@test.local", permissions: [Permissions.DetailsUpdate], currency: "TRY" });
      const customer = await createCustomer(first.db.prisma, { name: "Two" });
      await storeRates(first.db.prisma, "manual", [{ base: "USD", quote: "TRY", rate: "30", date: today() }]);
      const token = first.services.tokens.sign(user.id, "1h");
      const at = (service: RunningService) => `${service.baseUrl}/api/v1/customers/${customer.uuid}/details`;
      const body = { annual_revenue: 1000, annual_revenue_currency: "USD" };
      expect((await http("PATCH", at(first), body, { token })).body.annual_revenue_converted).toBe(30000);
      expect((await http("GET", at(second), undefined, { token })).body.annual_revenue_converted).toBe(30000);

      await storeRates(second.db.prisma, "manual", [{ base: "USD", quote: "TRY", rate: "33", date: today() }]);
      await notificationsDelivered(first);
      expect((await http("GET", at(first), undefined, { token })).body.annual_revenue_converted).toBe(33000);

      await revokePermission(second.db.prisma, user.id, Permissions.DetailsUpdate);
      await notificationsDelivered(first);
      expect((await http("PATCH", at(first), { industry: "Revoked" }, { token })).status).toBe(403);
      expect((await http("GET", at(first), undefined, { token })).status).toBe(403);
    } finally {
      // The second instance runs on the first's database (its own scratch database stays unused): stop it first.
      await second.stop();
      await first.stop();
    }
  });
});

describe("caches are flushed when the notification listener reconnects (PostgreSQL)", () => {
  const register = testDatabaseKinds().includes("server") ? it : null;

  register?.("forgets what it cached once notifications may have been missed", async () => {
    const service = await startService("server");
    const admin = new Client({ connectionString: service.config.database.url });
    await admin.connect();
    try {
      const user = await createUser(service.db.prisma, { email: "reconnect@test.local", permissions: [Permissions.DetailsUpdate] });
      const customer = await createCustomer(service.db.prisma, { name: "Reconnect" });
      const token = service.services.tokens.sign(user.id, "1h");
      const url = `${service.baseUrl}/api/v1/customers/${customer.uuid}/details`;
      expect((await http("PATCH", url, { industry: "Cached" }, { token })).status).toBe(200);

      // A revocation that notifies nobody (triggers do not fire for a replication session), as if sent while the
      // listener was away; then the listening connection is cut.
      await admin.query("SET session_replication_role = replica");
      await admin.query("DELETE FROM user_has_permissions WHERE user_id = $1", [user.id]);
      await admin.query("SET session_replication_role = DEFAULT");
      const listener = async () =>
        (await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()")).rows.map((row) => row.pid);
      const [before] = await listener();
      expect(before).toBeDefined();
      await admin.query("SELECT pg_terminate_backend($1)", [before]);
      for (let i = 0; i < 300; i += 1) {
        const now = await listener();
        if (now.length > 0 && !now.includes(before as number)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Reconnected (and LISTENing again): everything cached before was forgotten.
      await service.services.bus.ready();
      expect((await http("PATCH", url, { industry: "After" }, { token })).status).toBe(403);
    } finally {
      await admin.end();
      await service.stop();
    }
  });
});

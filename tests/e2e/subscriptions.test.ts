import type { Client } from "graphql-ws";
import { createCustomer } from "../../src/admin/customers";
import { createUser } from "../../src/admin/users";
import { Permissions } from "../../src/auth/permissions";
import { testDatabaseKinds } from "../support/databases";
import { eventually } from "../support/eventually";
import { graphql } from "../support/graphql";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startInstance, startService, type RunningService, type ServiceInstance } from "../support/service";
import { subscribe, wsClient } from "../support/subscription-client";
import { PatchCustomerDetailsDocument } from "../../src/client";
import { CustomerDetailsChangedDocument } from "../graphql/generated/operations";

describe.each(testDatabaseKinds())("live changes over graphql-transport-ws (%s database)", (kind) => {
  let service: RunningService;
  let other: ServiceInstance;
  let scenario: Scenario;
  const clients: Client[] = [];
  const client = (token?: string, params?: Record<string, unknown>) => {
    const made = wsClient(service.baseUrl, params ?? (token ? { Authorization: `Bearer ${token}` } : undefined));
    clients.push(made);
    return made;
  };
  const patch = async (uuid: string, body: Record<string, unknown>, base = service.baseUrl, token = scenario.tokens.manager) => {
    const response = await http("PATCH", `${base}/api/v1/customers/${uuid}/details`, body, { token });
    expect(response.status).toBe(200);
  };
  /** The subscription is registered with the feed of the instance that serves it. */
  const watched = (uuid: string, count = 1) =>
    eventually(async () => (service.services.history.feed.watching(uuid) >= count ? true : undefined));

  beforeAll(async () => {
    service = await startService(kind);
    // A second instance on the same database (embedded: through the first one's socket, as another process would).
    other = await startInstance(service.config);
    scenario = await seedScenario(service);
  });
  afterAll(async () => {
    for (const made of clients) await made.dispose();
    await other?.stop();
    await service?.stop();
  });

  it("yields each change as it commits, through either instance and either door, for that customer only", async () => {
    const customer = await createCustomer(service.db.prisma, { name: "Live" });
    const elsewhere = await createCustomer(service.db.prisma, { name: "Elsewhere" });
    const run = subscribe(client(scenario.tokens.viewer), CustomerDetailsChangedDocument, { uuid: customer.uuid });
    await watched(customer.uuid);

    await patch(customer.uuid, { annual_revenue: "1234.5678", annual_revenue_currency: "EUR" }, other.baseUrl);
    await patch(elsewhere.uuid, { industry: "Not for this subscriber" }, other.baseUrl);
    const viaGraphQL = await graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid: customer.uuid, input: { industry: "Live" } }, scenario.tokens.manager);
    expect(viaGraphQL.errors).toBeUndefined();
    await patch(customer.uuid, { employee_count: 3 }, other.baseUrl);

    const results = await run.results.atLeast(3);
    const ids = (await service.db.prisma.customerDetailsChange.findMany({ where: { customerId: customer.id }, orderBy: { id: "asc" } })).map((row) => row.id.toString());
    expect(results.map((result) => result.errors)).toEqual([undefined, undefined, undefined]);
    const nodes = results.map((result) => result.data?.customerDetailsChanged);
    expect(nodes.map((node) => node?.id)).toEqual(ids);
    expect(nodes[0]).toEqual({
      id: ids[0],
      customerId: customer.id,
      customerUuid: customer.uuid,
      userId: scenario.users.manager,
      door: "REST",
      method: "PATCH",
      created: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      changes: [
        { field: "annualRevenue", old: null, new: "1234.5678" },
        { field: "annualRevenueCurrency", old: null, new: "EUR" },
      ],
    });
    expect(nodes[1]).toMatchObject({ door: "GRAPHQL", changes: [{ field: "industry", old: null, new: "Live" }] });
    run.stop();
    await eventually(async () => (service.services.history.feed.watching(customer.uuid) === 0 ? true : undefined));
  });

  it("authenticates in connection_init and authorises on subscribe like a query", async () => {
    const customer = scenario.customers.salesOwned;
    // A bad token closes the connection with 4401.
    const refused = subscribe(client(undefined, { Authorization: "Bearer not-a-jwt" }), CustomerDetailsChangedDocument, { uuid: customer });
    await expect(refused.ended).rejects.toMatchObject({ code: 4401, reason: "Unauthenticated." });
    const disabled = subscribe(client(scenario.tokens.disabled), CustomerDetailsChangedDocument, { uuid: customer });
    await expect(disabled.ended).rejects.toMatchObject({ code: 4401 });

    const codeOf = async (token: string | undefined, uuid: string) => {
      const run = subscribe(client(token), CustomerDetailsChangedDocument, { uuid });
      const [result] = await run.results.atLeast(1);
      await expect(run.ended).resolves.toBe("complete");
      return result?.errors?.map((error) => [error.message, error.extensions?.code]);
    };
    expect(await codeOf(undefined, customer)).toEqual([["Unauthenticated.", "UNAUTHENTICATED"]]);
    expect(await codeOf(scenario.tokens.nobody, "00000000-0000-0000-0000-000000000000")).toEqual([["Forbidden", "FORBIDDEN"]]);
    expect(await codeOf(scenario.tokens.sales, "00000000-0000-0000-0000-000000000000")).toEqual([["Customer not found", "NOT_FOUND"]]);
    expect(await codeOf(scenario.tokens.sales, scenario.customers.otherOwned)).toEqual([["Forbidden", "FORBIDDEN"]]);
    expect(service.services.history.feed.watching(scenario.customers.otherOwned)).toBe(0);

    // The same bounds as over HTTP: too many aliases are refused before anything runs.
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: customerDetailsChanged(uuid: "${customer}") { id }`).join(" ");
    const bounded = await new Promise<unknown>((resolve) => {
      client(scenario.tokens.manager).subscribe({ query: `subscription { ${aliases} }` }, { next: () => undefined, error: resolve, complete: () => resolve(null) });
    });
    const refusals = bounded as { message: string; extensions?: { code?: string } }[];
    expect(refusals.map((error) => error.extensions?.code)).toEqual(refusals.map(() => "GRAPHQL_VALIDATION_FAILED"));
    expect(refusals.map((error) => error.message)).toContainEqual(expect.stringContaining("Aliases limit of 15 exceeded"));
  });

  it("ends the stream with an error once the subscriber loses the permission or is disabled", async () => {
    const customer = await createCustomer(service.db.prisma, { name: "Revoked" });
    const reader = await createUser(service.db.prisma, { email: "live-reader@test.local", permissions: [Permissions.DetailsView] });
    const doomed = await createUser(service.db.prisma, { email: "live-doomed@test.local", permissions: [Permissions.DetailsView] });
    const sign = (id: number) => service.services.tokens.sign(id, "1h");
    const revoked = subscribe(client(sign(reader.id)), CustomerDetailsChangedDocument, { uuid: customer.uuid });
    const disabled = subscribe(client(sign(doomed.id)), CustomerDetailsChangedDocument, { uuid: customer.uuid });
    await watched(customer.uuid, 2);

    await patch(customer.uuid, { industry: "Seen" }, other.baseUrl);
    for (const run of [revoked, disabled]) {
      const [first] = await run.results.atLeast(1);
      expect(first?.data?.customerDetailsChanged.changes).toEqual([{ field: "industry", old: null, new: "Seen" }]);
    }
    // Revoked through the other instance's database handle; disabled likewise.
    await other.db.prisma.userPermission.deleteMany({ where: { userId: reader.id } });
    await other.db.prisma.user.update({ where: { id: doomed.id }, data: { isActive: false } });
    await patch(customer.uuid, { industry: "Not seen" }, other.baseUrl);

    const afterRevoke = await revoked.results.atLeast(2);
    expect(afterRevoke[1]).toMatchObject({ data: null, errors: [{ message: "Forbidden", extensions: { code: "FORBIDDEN" } }] });
    await expect(revoked.ended).resolves.toBe("complete");
    const afterDisable = await disabled.results.atLeast(2);
    expect(afterDisable[1]).toMatchObject({ data: null, errors: [{ message: "Unauthenticated.", extensions: { code: "UNAUTHENTICATED" } }] });
    await expect(disabled.ended).resolves.toBe("complete");
    await eventually(async () => (service.services.history.feed.watching(customer.uuid) === 0 ? true : undefined));
    expect(JSON.stringify([...afterRevoke, ...afterDisable])).not.toContain("Not seen");
  });

  it("delivers one change to 1,000 subscribers of one customer exactly once each, from one read of the change", async () => {
    const customer = await createCustomer(service.db.prisma, { name: "Crowded" });
    // 1,000 subscriptions over 50 connections (graphql-ws multiplexes a client's subscriptions), of two users.
    const connections = Array.from({ length: 50 }, (_, n) => client(n % 2 === 0 ? scenario.tokens.viewer : scenario.tokens.manager));
    const runs = Array.from({ length: 1000 }, (_, n) => subscribe(connections[n % 50] as Client, CustomerDetailsChangedDocument, { uuid: customer.uuid }));
    await eventually(async () => (service.services.history.feed.watching(customer.uuid) >= 1000 ? true : undefined), 120_000);
    const before = service.services.history.feed.readCounts();

    await patch(customer.uuid, { industry: "First" }, other.baseUrl);
    await patch(customer.uuid, { industry: "Second" }, other.baseUrl);
    const ids = (await service.db.prisma.customerDetailsChange.findMany({ where: { customerId: customer.id }, orderBy: { id: "asc" } })).map((row) =>
      row.id.toString(),
    );
    // Each subscriber's results up to the second change: the first change once, then the second (a repeat would come between).
    for (const run of runs) await run.results.atLeast(2, 60_000);
    const seen = runs.map((run) => run.results.received.map((result) => result.data?.customerDetailsChanged.id ?? JSON.stringify(result.errors)));
    expect(new Set(seen.map((list) => list.join(",")))).toEqual(new Set([ids.join(",")]));
    expect(runs[1]?.results.received[0]?.data?.customerDetailsChanged.changes).toEqual([{ field: "industry", old: null, new: "First" }]);
    // One read per change on this instance, whatever the number of subscribers (each read may carry several changes).
    const after = service.services.history.feed.readCounts();
    expect(after.changes - before.changes).toBe(2);
    expect(after.batches - before.batches).toBeLessThanOrEqual(2);

    for (const run of runs) run.stop();
    await eventually(async () => (service.services.history.feed.watching(customer.uuid) === 0 ? true : undefined), 60_000);
    for (const run of runs) expect(run.results.received).toHaveLength(2);
  }, 300_000);

  it("ends only the revoked subscriber's streams when one of several subscribers of a customer loses the permission", async () => {
    const customer = await createCustomer(service.db.prisma, { name: "Shared" });
    const revokedUser = await createUser(service.db.prisma, { email: "live-revoked-one@test.local", permissions: [Permissions.DetailsView] });
    const keptUser = await createUser(service.db.prisma, { email: "live-kept-one@test.local", permissions: [Permissions.DetailsView] });
    const sign = (id: number) => service.services.tokens.sign(id, "1h");
    const revoked = [1, 2].map(() => subscribe(client(sign(revokedUser.id)), CustomerDetailsChangedDocument, { uuid: customer.uuid }));
    const kept = [1, 2].map(() => subscribe(client(sign(keptUser.id)), CustomerDetailsChangedDocument, { uuid: customer.uuid }));
    await watched(customer.uuid, 4);
    await patch(customer.uuid, { industry: "Before" }, other.baseUrl);
    for (const run of [...revoked, ...kept]) await run.results.atLeast(1);

    await other.db.prisma.userPermission.deleteMany({ where: { userId: revokedUser.id } });
    await patch(customer.uuid, { industry: "After" }, other.baseUrl);
    for (const run of revoked) {
      const results = await run.results.atLeast(2);
      expect(results[1]).toMatchObject({ data: null, errors: [{ message: "Forbidden", extensions: { code: "FORBIDDEN" } }] });
      await expect(run.ended).resolves.toBe("complete");
    }
    await eventually(async () => (service.services.history.feed.watching(customer.uuid) === 2 ? true : undefined));
    await patch(customer.uuid, { industry: "Later" }, other.baseUrl);
    for (const run of kept) {
      const results = await run.results.atLeast(3);
      expect(results.map((result) => result.data?.customerDetailsChanged.changes[0]?.new)).toEqual(["Before", "After", "Later"]);
    }
    expect(JSON.stringify(revoked.flatMap((run) => run.results.received))).not.toContain("Later");
  });
});

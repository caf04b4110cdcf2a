import { createCustomer } from "../../src/admin/customers";
import { createUser } from "../../src/admin/users";
import { Permissions } from "../../src/auth/permissions";
import { testDatabaseKinds } from "../support/databases";
import { graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { startService, type RunningService } from "../support/service";

/**
 * A write reads, checks, then writes in one version-checked statement; a write that lost the race reads again,
 * and after a few lost races serialises on the customer's row lock. Whatever the interleaving, no change is lost:
 * every accepted write is one version and one history row, each starting where the previous one ended.
 */
describe.each(testDatabaseKinds())("concurrent writes to one customer (%s database)", (kind) => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(kind, { env: { DATABASE_POOL_SIZE: "8" } });
  });
  afterAll(() => service.stop());

  it("loses no change among many simultaneous writes through both doors, the first one included", async () => {
    const user = await createUser(service.db.prisma, { email: "racer@test.local", permissions: [Permissions.DetailsUpdate] });
    const customer = await createCustomer(service.db.prisma, { name: "Race" });
    const token = service.services.tokens.sign(user.id, "1h");
    const url = `${service.baseUrl}/api/v1/customers/${customer.uuid}/details`;
    const writers = 24;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        i % 3 === 2
          ? graphqlText(
              service.baseUrl,
              "mutation($u: ID!, $n: Int) { patchCustomerDetails(uuid: $u, input: {employeeCount: $n}) { employeeCount } }",
              { u: customer.uuid, n: 1000 + i },
              token,
            ).then((result) => (result.errors ? 500 : result.status))
          : http("PATCH", url, { employee_count: 1000 + i }, { token }).then((response) => response.status),
      ),
    );
    expect(results).toEqual(Array(writers).fill(200));

    const history = await service.db.prisma.customerDetailsChange.findMany({ where: { customerId: customer.id }, orderBy: { id: "asc" } });
    const details = await service.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: customer.id } });
    expect(history).toHaveLength(writers);
    expect(history.filter((change) => change.created)).toHaveLength(1);
    expect(details.version).toBe(writers);
    // A chain: each change's old value is the previous change's new value.
    const changes = history.map((change) => (change.changes as { employee_count: { old: number | null; new: number } }).employee_count);
    expect(changes[0]?.old).toBeNull();
    for (let i = 1; i < changes.length; i += 1) expect(changes[i]?.old).toBe(changes[i - 1]?.new);
    expect(details.employeeCount).toBe(changes[changes.length - 1]?.new);
    expect(new Set(changes.map((change) => change.new)).size).toBe(writers);
  });
});

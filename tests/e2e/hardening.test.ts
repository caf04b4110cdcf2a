import { openDatabase } from "../../src/db/database";
import { listMigrations, MigrationError } from "../../src/db/migrations";
import { createScratchDatabase, testDatabaseKinds, type ScratchDatabase } from "../support/databases";
import { graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

/** Small things of issue 9: websites given as host:port; the migration runner and edited migrations. */
describe.each(testDatabaseKinds())("website as host:port (%s database)", (kind) => {
  let service: RunningService;
  let seeded: Scenario;

  beforeAll(async () => {
    service = await startService(kind);
    seeded = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  const stored = async (uuid: string) =>
    (await service.db.prisma.customerDetails.findFirstOrThrow({ where: { customer: { uuid } }, select: { website: true } })).website;

  it("accepts example.com:8080 and localhost:3000 through both doors, stored with https://", async () => {
    const uuid = seeded.customers.unowned;
    const rest = await http("PATCH", `${service.baseUrl}/api/v1/customers/${uuid}/details`, { website: "example.com:8080" }, { token: seeded.tokens.manager });
    expect(rest).toMatchObject({ status: 200, body: { website: "https://example.com:8080" } });
    expect(await stored(uuid)).toBe("https://example.com:8080");
    const viaGraphQL = await graphqlText<{ patchCustomerDetails: { website: string } }>(
      service.baseUrl,
      `mutation { patchCustomerDetails(uuid: "${uuid}", input: {website: "localhost:3000/crm"}) { website } }`,
      {},
      seeded.tokens.manager,
    );
    expect(viaGraphQL.data?.patchCustomerDetails.website).toBe("https://localhost:3000/crm");
    expect(await stored(uuid)).toBe("https://localhost:3000/crm");
    const refused = await http("PATCH", `${service.baseUrl}/api/v1/customers/${uuid}/details`, { website: "javascript:alert(1)" }, { token: seeded.tokens.manager });
    expect(refused).toMatchObject({ status: 422, body: { errors: { website: ["The website field must be a valid URL."] } } });
    expect(await stored(uuid)).toBe("https://localhost:3000/crm");
  });
});

describe.each(testDatabaseKinds())("the migration runner and an edited migration (%s database)", (kind) => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
  });
  afterAll(() => scratch?.drop());

  it("refuses to run when an applied migration's checksum changed, naming the migration, and applies nothing", async () => {
    const db = await openDatabase({ url: scratch.url, poolSize: 2 });
    try {
      await db.migrate();
      const [first] = await listMigrations();
      const name = first?.name ?? "";
      await db.pool.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [name]);
      const before = (await db.pool.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`)).rows;
      const refused = db.migrate();
      await expect(refused).rejects.toThrow(MigrationError);
      await expect(refused).rejects.toThrow(new RegExp(`^Migration ${name} was modified after it was applied \\(checksum 000000000000… in the database`));
      expect((await db.pool.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`)).rows).toEqual(before);
    } finally {
      await db.close();
    }
  });
});

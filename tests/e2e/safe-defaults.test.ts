import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import jwt from "jsonwebtoken";
import { DEMO_CUSTOMER_UUID, seedDemo } from "../../src/admin/demo-data";
import { createUser } from "../../src/admin/users";
import { storeRates } from "../../src/currency/rates.store";
import { embeddedDirectory } from "../../src/db/embedded";
import { runCli } from "../support/cli";
import { testDatabaseKinds } from "../support/databases";
import { graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { today } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

/**
 * docs/behaviour.md section 9, safe defaults: no secret written in the source signs a token that is accepted; development
 * without JWT_SECRET generates a secret once into the data directory (0600) that the service and the admin command
 * line share; demo data goes into an empty database only, and its made-up rate never outranks a real one.
 */

/** The secret src/config.ts used to default to (anyone could read it in the source). */
const FORMER_SOURCE_SECRET = "dev-only-insecure-jwt-secret-change-me";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe.each(testDatabaseKinds())("development without JWT_SECRET (%s database)", (kind) => {
  let service: RunningService;
  let dataDir: string;
  let scratchDir: string | null = null;

  beforeAll(async () => {
    // The embedded database keeps the secret in its own directory by default; with a server, DATA_DIR says where.
    scratchDir = kind === "server" ? await mkdtemp(path.join(tmpdir(), "cd-data-")) : null;
    service = await startService(kind, { env: { NODE_ENV: "development", JWT_SECRET: "", ...(scratchDir ? { DATA_DIR: scratchDir } : {}) } });
    dataDir = scratchDir ?? embeddedDirectory(service.config.database.url);
  });
  afterAll(async () => {
    await service?.stop();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  it("generates a random secret into the data directory, readable by its owner only", async () => {
    const file = path.join(dataDir, "jwt-secret");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const secret = (await readFile(file, "utf8")).trim();
    expect(secret).toHaveLength(64);
    expect(service.config.jwt.secret).toBe(secret);
    // Keys derived from it are as secret (the history's cursors are signed with one).
    expect(service.config.historyCursorSecret).toBe(`history-cursor:${secret}`);
  });

  it("accepts tokens the admin command line signs with the same generated secret, and refuses the former source secret", async () => {
    const { id } = await createUser(service.db.prisma, { email: "dev@test.local", permissions: ["customer.details.update"] });
    const cli = await runCli<{ token: string }>(["token", "--user", String(id)], {
      databaseUrl: service.config.database.url,
      env: { NODE_ENV: "development", JWT_SECRET: "", ...(scratchDir ? { DATA_DIR: scratchDir } : {}) },
    });
    expect(cli.stderr).toBe("");
    const token = cli.stdout?.token ?? "";
    const customers = await service.db.prisma.customer.create({ data: { name: "Dev" } });
    const url = `${service.baseUrl}/api/v1/customers/${customers.uuid}/details`;
    expect((await http("PATCH", url, { industry: "Dev" }, { token })).status).toBe(200);

    const forged = jwt.sign({}, FORMER_SOURCE_SECRET, { algorithm: "HS256", subject: String(id), expiresIn: "1h" });
    const before = await service.db.prisma.customerDetailsChange.count();
    const rest = await http("PATCH", url, { industry: "Forged" }, { token: forged });
    expect(rest).toMatchObject({ status: 401, body: { message: "Unauthenticated." } });
    const viaGraphQL = await graphqlText(service.baseUrl, `mutation { patchCustomerDetails(uuid: "${customers.uuid}", input: {industry: "Forged"}) { id } }`, {}, forged);
    expect(viaGraphQL.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await service.db.prisma.customerDetailsChange.count()).toBe(before);
  });
});

describe.each(testDatabaseKinds())("demo data (%s database)", (kind) => {
  let service: RunningService;

  beforeAll(async () => {
    // No rate cache: each conversion below reads the rates just stored.
    service = await startService(kind, { env: { RATE_CACHE_MS: "0" } });
  });
  afterAll(() => service?.stop());

  const counts = async () => ({
    users: await service.db.prisma.user.count(),
    customers: await service.db.prisma.customer.count(),
    rates: await service.db.prisma.exchangeRate.count(),
  });

  it("is seeded into an empty database only, its rate marked as demo; seeding again changes nothing", async () => {
    const first = await seedDemo(service.db.prisma, service.services.clock);
    const afterFirst = await counts();
    expect(await seedDemo(service.db.prisma, service.services.clock)).toEqual(first);
    expect(await counts()).toEqual(afterFirst);
    // A demo rate for every demo user's currency: USD→TRY (the documented example) and USD→EUR (the viewer's).
    expect(await service.db.prisma.exchangeRate.findMany({ select: { base: true, quote: true, source: true }, orderBy: { quote: "asc" } })).toEqual([
      { base: "USD", quote: "EUR", source: "demo" },
      { base: "USD", quote: "TRY", source: "demo" },
    ]);
  });

  it("never outranks an imported or an administrator's rate, whatever its date", async () => {
    const [admin] = (await seedDemo(service.db.prisma, service.services.clock)).users;
    const token = service.services.tokens.sign(admin?.id ?? 0, "1h");
    const url = `${service.baseUrl}/api/v1/customers/${DEMO_CUSTOMER_UUID}/details`;
    const conversion = async () => {
      const result = await graphqlText<{ customerDetails: { annualRevenueConverted: number; conversion: { source: string; path: string } } }>(
        service.baseUrl,
        `{ customerDetails(uuid: "${DEMO_CUSTOMER_UUID}") { annualRevenueConverted conversion { source path } } }`,
        {},
        token,
      );
      return result.data?.customerDetails;
    };
    expect((await http("PATCH", url, { annual_revenue: 2000000, annual_revenue_currency: "USD" }, { token })).status).toBe(200);
    expect(await conversion()).toEqual({ annualRevenueConverted: 60000000, conversion: { source: "demo", path: "DIRECT" } });

    // An ECB import dated before the demo rate: its cross rate USD→EUR→TRY (40 / 1.25 = 32) wins.
    await storeRates(service.db.prisma, "ecb", [
      { base: "EUR", quote: "USD", rate: "1.25", date: daysAgo(2) },
      { base: "EUR", quote: "TRY", rate: "40", date: daysAgo(2) },
    ]);
    expect(await conversion()).toEqual({ annualRevenueConverted: 64000000, conversion: { source: "ecb", path: "CROSS" } });

    // An administrator's rate of the pair itself, older still, but real: it wins over both.
    await storeRates(service.db.prisma, "manual", [{ base: "USD", quote: "TRY", rate: "31", date: daysAgo(3) }]);
    expect(await conversion()).toEqual({ annualRevenueConverted: 62000000, conversion: { source: "manual", path: "DIRECT" } });
    expect(today()).toBe(service.services.clock.today());
  });

  it("is refused, changing nothing, in a database that holds anything else", async () => {
    await createUser(service.db.prisma, { email: "real@test.local" });
    const before = await counts();
    await expect(seedDemo(service.db.prisma, service.services.clock)).rejects.toThrow(/not empty: demo data is only ever seeded into an empty database/);
    expect(await counts()).toEqual(before);
  });
});

import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import { createCustomer } from "../../src/admin/customers";
import { createUser } from "../../src/admin/users";
import { Permissions } from "../../src/auth/permissions";
import { embeddedDirectory } from "../../src/db/embedded";
import { listMigrations } from "../../src/db/migrations";
import { runCli, type CliResult } from "../support/cli";
import { createScratchDatabase, testDatabaseKinds, type TestDatabaseKind } from "../support/databases";
import { http } from "../support/http";
import { notificationsDelivered } from "../support/cache-invalidation";
import { startService, type RunningService } from "../support/service";

interface PrintedUser {
  id: number;
  email: string;
  external_id: string | null;
  name: string;
  preferred_currency: string | null;
  is_active: boolean;
  permissions: string[];
  roles: string[];
}
interface PrintedRole {
  id: number;
  name: string;
  permissions: string[];
  users: number;
}
interface PrintedCustomer {
  id: number;
  uuid: string;
  name: string;
  owner_id: number | null;
}
interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/** A successful run: exit 0, nothing on stderr, JSON on stdout. */
function expectSuccess(result: CliResult): void {
  expect({ code: result.code, stderr: result.stderr, json: result.stdout !== null }).toEqual({ code: 0, stderr: "", json: true });
}

/** A refused run: non-zero exit, the message on stderr, nothing on stdout. */
function expectFailure(result: CliResult, message: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.code).not.toBeNull();
  expect(result.stdoutText).toBe("");
  expect(result.stderr).toMatch(message);
}

/** `db:migrate` twice on a fresh database, no service running; for a directory, what the runs left in it. */
async function migrateAlone(kind: TestDatabaseKind) {
  const scratch = await createScratchDatabase(kind);
  try {
    const migrate = () => runCli<MigrateResult>(["db:migrate"], { databaseUrl: scratch.url });
    const names = (await listMigrations()).map((migration) => migration.name);
    const first = await migrate();
    const second = await migrate();
    const entries = kind === "embedded" ? (await readdir(embeddedDirectory(scratch.url))).sort() : [];
    return { first, second, names, entries };
  } finally {
    await scratch.drop();
  }
}

describe.each(testDatabaseKinds())("admin command line (%s database)", (kind) => {
  let service: RunningService;
  /** Runs a command against the service's database; resolves once the service has been notified of what it committed. */
  const admin = async <T>(...args: string[]): Promise<CliResult<T>> => {
    const result = await runCli<T>(args, { databaseUrl: service.config.database.url });
    await notificationsDelivered(service);
    return result;
  };
  const url = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;
  const signFor = (userId: number) => service.services.tokens.sign(userId, "1h");

  // The CLI on a fresh database of its own, with no service: started at once, it runs alongside the other tests.
  let alone: Promise<{ first: CliResult<MigrateResult>; second: CliResult<MigrateResult>; names: string[]; entries: string[] }>;

  beforeAll(async () => {
    alone = migrateAlone(kind);
    alone.catch(() => undefined);
    service = await startService(kind);
  });
  afterAll(async () => {
    await alone?.catch(() => undefined);
    await service?.stop();
  });

  it("creates a user and a customer and issues a token that the running service accepts", async () => {
    const created = await admin<PrintedUser>(
      "user:create", "--email", "cli.owner@test.local", "--name", "Cli Owner", "--currency", "usd",
      "--permission", Permissions.DetailsUpdateOwn, "--permission", Permissions.DetailsView, "--role", "cli-role",
    );
    expectSuccess(created);
    const user = created.stdout as PrintedUser;
    expect(user).toEqual({
      id: expect.any(Number),
      email: "cli.owner@test.local",
      external_id: null,
      name: "Cli Owner",
      preferred_currency: "USD",
      is_active: true,
      permissions: [Permissions.DetailsUpdateOwn, Permissions.DetailsView].sort(),
      roles: ["cli-role"],
    });
    // Written to the database the service uses (for the embedded one: through the service's socket).
    const stored = await service.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.email).toBe("cli.owner@test.local");

    const uuid = randomUUID();
    const [customer, token] = await Promise.all([
      admin<PrintedCustomer>("customer:create", "--name", "Cli Customer", "--owner", String(user.id), "--uuid", uuid.toUpperCase()),
      admin<{ token: string }>("token", "--user", String(user.id)),
    ]);
    expectSuccess(customer);
    expect(customer.stdout).toEqual({ id: expect.any(Number), uuid, name: "Cli Customer", owner_id: user.id });
    expectSuccess(token);
    expect(Object.keys(token.stdout ?? {})).toEqual(["token"]);

    const response = await http("PATCH", url(uuid), { employee_count: 12 }, { token: token.stdout?.token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ customer_id: customer.stdout?.id, employee_count: 12 });
    const read = await http("GET", url(uuid), undefined, { token: token.stdout?.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ employee_count: 12 });
  });

  it("grants, revokes and disables with effect on the service's next request once it is notified", async () => {
    const user = await createUser(service.db.prisma, { email: "cli.grantee@test.local", currency: "TRY" });
    const customer = await createCustomer(service.db.prisma, { name: "Someone else's" });
    const token = signFor(user.id);
    const patch = (employees: number) => http("PATCH", url(customer.uuid), { employee_count: employees }, { token });

    expect((await patch(1)).status).toBe(403);

    const granted = await admin<PrintedUser>(
      "user:grant", "--user", String(user.id), "--permission", Permissions.DetailsUpdate, "--permission", Permissions.DetailsView,
    );
    expectSuccess(granted);
    expect(granted.stdout?.permissions).toEqual([Permissions.DetailsUpdate, Permissions.DetailsView]);
    const afterGrant = await patch(2);
    expect(afterGrant.status).toBe(200);
    expect(afterGrant.body).toMatchObject({ employee_count: 2 });

    const revoked = await admin<PrintedUser>("user:revoke", "--user", String(user.id), "--permission", Permissions.DetailsUpdate);
    expectSuccess(revoked);
    expect(revoked.stdout?.permissions).toEqual([Permissions.DetailsView]);
    const afterRevoke = await patch(3);
    expect(afterRevoke.status).toBe(403);
    expect(afterRevoke.body).toEqual({ message: "Forbidden" });

    // Disabled: the token is still well signed and unexpired, yet the user is no longer accepted (401, not 403).
    const disabled = await admin<PrintedUser>("user:disable", "--user", String(user.id));
    expectSuccess(disabled);
    expect(disabled.stdout).toMatchObject({ id: user.id, is_active: false });
    const afterDisable = await patch(4);
    expect(afterDisable.status).toBe(401);
    expect(afterDisable.body).toEqual({ message: "Unauthenticated." });

    const row = await service.db.prisma.customerDetails.findUniqueOrThrow({ where: { customerId: customer.id } });
    expect(row.employeeCount).toBe(2);
  });

  it("sets a rate that the next conversion uses", async () => {
    const user = await createUser(service.db.prisma, { email: "cli.rates@test.local", currency: "TRY", permissions: [Permissions.DetailsUpdate] });
    const customer = await createCustomer(service.db.prisma, { name: "Rated" });
    const token = signFor(user.id);
    const body = { annual_revenue: 2000000, annual_revenue_currency: "USD", employee_count: 100 };

    const before = await http("PATCH", url(customer.uuid), body, { token });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ annual_revenue_converted: null, annual_revenue_currency_converted: null });

    const set = await admin<{ source: string; count: number; changed: number; pairs: string[] }>(
      "rates:set", "--from", "usd", "--to", "TRY", "--rate", "30",
    );
    expectSuccess(set);
    expect(set.stdout).toMatchObject({ source: "manual", count: 1, changed: 1, pairs: ["USD/TRY"] });

    const after = await http("PATCH", url(customer.uuid), { ...body, industry: "Technology" }, { token });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      annual_revenue: 2000000,
      annual_revenue_currency: "USD",
      annual_revenue_converted: 60000000,
      annual_revenue_currency_converted: "TRY",
    });
  });

  it("seeds demo data into an empty database only, and seeding it again changes nothing", async () => {
    const counts = async (prisma = service.db.prisma) => ({
      users: await prisma.user.count(),
      roles: await prisma.role.count(),
      permissions: await prisma.permission.count(),
      customers: await prisma.customer.count(),
      rates: await prisma.exchangeRate.count(),
    });
    // This database holds the other tests' users and customers: refused, nothing changed.
    const before = await counts();
    expectFailure(await admin("db:seed", "--demo"), /^The database is not empty: demo data is only ever seeded into an empty database\.\n$/);
    expect(await counts()).toEqual(before);

    // A fresh database of its own (the command line opens it, no service running), seeded twice.
    const scratch = await createScratchDatabase(kind);
    try {
      const seed = () => runCli<{ users: { id: number; email: string }[]; customers: string[] }>(["db:seed", "--demo"], { databaseUrl: scratch.url });
      const first = await seed();
      expectSuccess(first);
      const second = await seed();
      expectSuccess(second);
      expect(second.stdout).toEqual(first.stdout);
      expect(first.stdout?.users.map((user) => user.email)).toEqual(["admin@example.com", "sales@example.com", "viewer@example.com"]);
    } finally {
      await scratch.drop();
    }
  }, 180_000);

  it("refuses to grant, or create a user with, a permission the service does not know", async () => {
    const { id } = await createUser(service.db.prisma, { email: `typo-${randomUUID()}@test.local` });
    const permissionsBefore = await service.db.prisma.permission.count();
    const [grant, create] = await Promise.all([
      admin("user:grant", "--user", String(id), "--permission", "customer.details.updat"),
      admin("user:create", "--email", `typo-${randomUUID()}@test.local`, "--permission", "customer.details.edit"),
    ]);
    expectFailure(grant, /^Unknown permission: customer\.details\.updat \(known: customer\.details\.update, /);
    expectFailure(create, /^Unknown permission: customer\.details\.edit /);
    expect(await service.db.prisma.permission.count()).toBe(permissionsBefore);
    expect((await service.db.prisma.userPermission.findMany({ where: { userId: id } })).length).toBe(0);
  }, 180_000);

  it("manages permissions through roles: role:create, role:grant, user:grant --role, with effect on the next request", async () => {
    const user = await createUser(service.db.prisma, { email: `cli.roles-${kind}@test.local`, currency: "TRY" });
    const customer = await createCustomer(service.db.prisma, { name: "Through a role" });
    const token = signFor(user.id);
    const patch = (employees: number) => http("PATCH", url(customer.uuid), { employee_count: employees }, { token });
    const role = `editors-${randomUUID().slice(0, 8)}`;

    const created = await admin<PrintedRole>("role:create", "--name", role, "--permission", Permissions.DetailsView);
    expectSuccess(created);
    expect(created.stdout).toEqual({ id: expect.any(Number), name: role, permissions: [Permissions.DetailsView], users: 0 });

    const member = await admin<PrintedUser>("user:grant", "--user", String(user.id), "--role", role);
    expectSuccess(member);
    expect(member.stdout).toMatchObject({ permissions: [], roles: [role] });
    expect((await patch(1)).status).toBe(403);
    expect((await http("GET", url(customer.uuid), undefined, { token })).status).toBe(404);

    const granted = await admin<PrintedRole>("role:grant", "--role", role, "--permission", Permissions.DetailsUpdate);
    expectSuccess(granted);
    expect(granted.stdout).toMatchObject({ name: role, permissions: [Permissions.DetailsUpdate, Permissions.DetailsView].sort(), users: 1 });
    expect(await patch(2)).toMatchObject({ status: 200, body: { employee_count: 2 } });

    const revoked = await admin<PrintedRole>("role:revoke", "--role", role, "--permission", Permissions.DetailsUpdate);
    expectSuccess(revoked);
    expect(revoked.stdout?.permissions).toEqual([Permissions.DetailsView]);
    expect((await patch(3)).status).toBe(403);

    await admin("role:grant", "--role", role, "--permission", Permissions.DetailsUpdate);
    const left = await admin<PrintedUser>("user:revoke", "--user", String(user.id), "--role", role);
    expectSuccess(left);
    expect(left.stdout?.roles).toEqual([]);
    expect((await patch(4)).status).toBe(403);

    const listed = await admin<PrintedRole[]>("role:list");
    expectSuccess(listed);
    expect(listed.stdout?.find((entry) => entry.name === role)).toEqual({ id: expect.any(Number), name: role, permissions: [Permissions.DetailsUpdate, Permissions.DetailsView].sort(), users: 0 });
  });

  it("refuses unknown permission names and unknown roles, changing nothing", async () => {
    const user = await createUser(service.db.prisma, { email: `cli.refused-${kind}@test.local` });
    const permissionsBefore = await service.db.prisma.permission.count();
    const rolesBefore = await service.db.prisma.role.count();
    const [createTypo, grantTypo, roleGrantTypo, userCreateTypo, noRole, noGrant] = await Promise.all([
      admin("role:create", "--name", "typos", "--permission", "customer.detail.update"),
      admin("user:grant", "--user", String(user.id), "--permission", "customer.details.updat"),
      admin("role:grant", "--role", "manager", "--permission", "everything"),
      admin("user:create", "--email", "typo@test.local", "--permission", "customer.details.edit"),
      admin("user:grant", "--user", String(user.id), "--role", "no-such-role"),
      admin("user:grant", "--user", String(user.id)),
    ]);
    expectFailure(createTypo, /^Unknown permission: customer\.detail\.update \(known: customer\.details\.update, /);
    expectFailure(grantTypo, /^Unknown permission: customer\.details\.updat /);
    expectFailure(roleGrantTypo, /^Unknown permission: everything /);
    expectFailure(userCreateTypo, /^Unknown permission: customer\.details\.edit /);
    expectFailure(noRole, /^No role named "no-such-role"/);
    expectFailure(noGrant, /^--permission or --role is required\.\n$/);
    expect(await service.db.prisma.permission.count()).toBe(permissionsBefore);
    expect(await service.db.prisma.role.count()).toBe(rolesBefore);
    expect(await service.db.prisma.user.findUnique({ where: { email: "typo@test.local" } })).toBeNull();
  });

  it("issues tokens no longer than JWT_MAX_AGE", async () => {
    const { id } = await createUser(service.db.prisma, { email: `ttl-${randomUUID()}@test.local` });
    expectFailure(await admin("token", "--user", String(id), "--expires-in", "25h"), /^--expires-in 25h is longer than JWT_MAX_AGE \(86400 s\)\.\n$/);
    const day = await admin<{ token: string }>("token", "--user", String(id), "--expires-in", "24h");
    expectSuccess(day);
    const short = await runCli(["token", "--user", String(id), "--expires-in", "2h"], { databaseUrl: service.config.database.url, env: { JWT_MAX_AGE: "1h" } });
    expectFailure(short, /JWT_MAX_AGE \(3600 s\)/);
  }, 180_000);

  it("refuses bad commands on stderr with a non-zero exit, printing nothing on stdout and changing nothing", async () => {
    const usersBefore = await service.db.prisma.user.count();
    const [unknown, missingEmail, badId, unknownUser, badOption, badRate] = await Promise.all([
      admin("user:explode", "--email", "x@test.local"),
      admin("user:create", "--name", "No Email"),
      admin("token", "--user", "abc"),
      admin("user:grant", "--user", "999999", "--permission", Permissions.DetailsUpdate),
      admin("user:create", "--email", "opt@test.local", "--bogus"),
      admin("rates:set", "--from", "USD", "--to", "TRY", "--rate", "thirty"),
    ]);
    expectFailure(unknown, /^Unknown command "user:explode"\.\n\nusage: .*<command>[\s\S]*commands:\n[\s\S]*^ {2}user:create +create a user$/m);
    expectFailure(missingEmail, /^--email is required\.\n$/);
    expectFailure(badId, /^--user must be a numeric id, got "abc"\.\n$/);
    expectFailure(unknownUser, /^No user with id 999999\.\n$/);
    expectFailure(badOption, /bogus/);
    expectFailure(badRate, /^Not a number: thirty\n$/);
    for (const result of [missingEmail, badId, unknownUser, badOption, badRate]) expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await service.db.prisma.user.count()).toBe(usersBefore);
    expect(await service.db.prisma.user.findUnique({ where: { email: "opt@test.local" } })).toBeNull();
  });

  it("migrates a fresh database on its own, with no service running; a second run applies nothing", async () => {
    const { first, second, names, entries } = await alone;
    expectSuccess(first);
    expect(first.stdout).toEqual({ applied: names, alreadyApplied: 0 });
    expectSuccess(second);
    expect(second.stdout).toEqual({ applied: [], alreadyApplied: names.length });
    // For the embedded database: the CLI opened the directory itself and let go of it on exit (no lock, no socket).
    if (kind === "embedded") expect(entries).toEqual(["pgdata"]);
  });
});

import type { PrismaClient } from "../generated/prisma/client";
import { Permissions } from "../auth/permissions";
import type { TokenService } from "../auth/token-service";
import type { Clock } from "../shared/clock";
import { storeRates } from "../currency/rates.store";
import { DEMO_RATE_SOURCE } from "../currency/rate-lookup";
import type { Conversion } from "../currency/conversion.types";
import { AdminError } from "./admin-error";

/** The documented example's customer uuid, so that the README's curl works as printed. */
export const DEMO_CUSTOMER_UUID = "550e8400-e29b-41d4-a716-446655440000";
export const DEMO_OTHER_CUSTOMER_UUID = "6fa459ea-ee8a-4ca4-894e-db77e160355e";

const DEMO_USERS = [
  { email: "admin@example.com", name: "Ada Admin", currency: "TRY", role: "manager", permissions: [Permissions.DetailsUpdate] },
  { email: "sales@example.com", name: "Sam Sales", currency: "TRY", role: "sales", permissions: [Permissions.DetailsUpdateOwn] },
  { email: "viewer@example.com", name: "Vera Viewer", currency: "EUR", role: "auditor", permissions: [Permissions.DetailsView] },
] as const;

export interface DemoUser {
  id: number;
  email: string;
  role: string;
  permissions: readonly string[];
  /** The user's preferred currency: the one its answers convert the annual revenue into. */
  currency: string;
}

/**
 * The made-up rates the demo seeds, one for every demo user's currency, so that every demo answer converts:
 * the documented USD→TRY 30, and USD→EUR for the viewer.
 */
export const DEMO_RATES = [
  { base: "USD", quote: "TRY", rate: "30" },
  { base: "USD", quote: "EUR", rate: "0.92" },
] as const;

export async function isEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count()) === 0 && (await prisma.customer.count()) === 0;
}

/**
 * Demo data, into an empty database only: a manager with `customer.details.update`, a sales user with
 * `.own` who owns the documented customer, a viewer, two customers, and the documented rate USD→TRY 30
 * dated today, stored as a "demo" rate (never preferred to an imported or manual one). Seeding again a
 * database that holds exactly the demo data changes nothing; any other database that is not empty is refused.
 */
export async function seedDemo(prisma: PrismaClient, clock: Clock): Promise<{ users: DemoUser[]; customers: string[] }> {
  if (!(await isEmpty(prisma))) {
    const seeded = await alreadySeeded(prisma);
    if (seeded) return seeded;
    throw new AdminError("The database is not empty: demo data is only ever seeded into an empty database.");
  }
  const users: DemoUser[] = [];
  for (const demo of DEMO_USERS) {
    const permissions = demo.permissions.map((name) => ({ where: { name }, create: { name } }));
    const role = await prisma.role.upsert({ where: { name: demo.role }, create: { name: demo.role }, update: {} });
    for (const permission of permissions) {
      const { id: permissionId } = await prisma.permission.upsert({ ...permission, update: {} });
      await prisma.rolePermission.upsert({
        where: { roleId_permissionId: { roleId: role.id, permissionId } },
        create: { roleId: role.id, permissionId },
        update: {},
      });
    }
    const user = await prisma.user.upsert({
      where: { email: demo.email },
      create: { email: demo.email, name: demo.name, preferredCurrency: demo.currency },
      update: {},
    });
    await prisma.userRole.upsert({
      where: { userId_roleId: { userId: user.id, roleId: role.id } },
      create: { userId: user.id, roleId: role.id },
      update: {},
    });
    users.push({ id: user.id, email: demo.email, role: demo.role, permissions: demo.permissions, currency: demo.currency });
  }
  const [admin, sales] = users;
  const customers = [
    { uuid: DEMO_CUSTOMER_UUID, name: "Acme Teknoloji A.Ş.", ownerId: sales?.id ?? null },
    { uuid: DEMO_OTHER_CUSTOMER_UUID, name: "Globex Lojistik Ltd.", ownerId: admin?.id ?? null },
  ];
  for (const customer of customers) {
    await prisma.customer.upsert({ where: { uuid: customer.uuid }, create: customer, update: {} });
  }
  await storeRates(prisma, DEMO_RATE_SOURCE, DEMO_RATES.map((rate) => ({ ...rate, date: clock.today() })));
  return { users, customers: customers.map((customer) => customer.uuid) };
}

/** The demo data, when the database holds it and nothing else (the users, customers and the rate it seeds). */
async function alreadySeeded(prisma: PrismaClient): Promise<{ users: DemoUser[]; customers: string[] } | null> {
  const customers = [DEMO_CUSTOMER_UUID, DEMO_OTHER_CUSTOMER_UUID];
  const users = await findDemoUsers(prisma);
  const demoOnly =
    users.length === DEMO_USERS.length &&
    (await prisma.user.count()) === DEMO_USERS.length &&
    (await prisma.customer.count({ where: { uuid: { in: customers } } })) === customers.length &&
    (await prisma.customer.count()) === customers.length;
  return demoOnly ? { users, customers } : null;
}

/** The demo users present in the database (none once they are deleted or renamed). */
export async function findDemoUsers(prisma: PrismaClient): Promise<DemoUser[]> {
  const found = await prisma.user.findMany({ where: { email: { in: DEMO_USERS.map((user) => user.email) }, isActive: true } });
  return DEMO_USERS.flatMap((demo) => {
    const user = found.find((candidate) => candidate.email === demo.email);
    const currency = user?.preferredCurrency?.trim() || demo.currency;
    return user ? [{ id: user.id, email: demo.email, role: demo.role, permissions: demo.permissions, currency }] : [];
  });
}

/** The documented example's amount, which every demo command sends or reads back. */
const EXAMPLE = { amount: "2000000", currency: "USD" } as const;

/** What a conversion of the documented example into `currency` comes to now, and with which rate. */
export type DescribeConversion = (amount: string, from: string, to: string) => Promise<Conversion | null>;

/**
 * Ready-to-paste commands for each demo user, each with the answer to expect: the figure the service will really
 * return, with the rate it will use (whatever rates have been stored since the demo was seeded), or why there is none.
 */
export async function demoInstructions(baseUrl: string, users: DemoUser[], tokens: TokenService, convert: DescribeConversion): Promise<string> {
  const lifetime = Math.min(24 * 3600, tokens.maxAgeSeconds);
  const valid = lifetime % 3600 === 0 ? `${lifetime / 3600} h` : `${Math.floor(lifetime / 60)} min`;
  const lines = [`Demo tokens (valid ${valid}). Try the documented example:`, ""];
  for (const user of users) {
    const token = tokens.sign(user.id, lifetime);
    const writes = user.permissions.some((permission) => permission.startsWith("customer.details.update"));
    lines.push(`# ${user.email} (${user.permissions.join(", ")}; prefers ${user.currency})`);
    if (writes) {
      lines.push(
        `curl -sS -X PATCH ${baseUrl}/api/v1/customers/${DEMO_CUSTOMER_UUID}/details \\`,
        `  -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" \\`,
        `  -d '{"annual_revenue": ${EXAMPLE.amount}, "annual_revenue_currency": "${EXAMPLE.currency}", "employee_count": 100}'`,
      );
    } else {
      lines.push(`curl -sS ${baseUrl}/api/v1/customers/${DEMO_CUSTOMER_UUID}/details -H "Authorization: Bearer ${token}"`);
    }
    lines.push(`#   → ${await expectation(user, writes, convert)}`, "");
  }
  lines.push(`Playground: ${baseUrl}/graphql   Health: ${baseUrl}/readyz   These commands again: npm run --silent admin -- demo`);
  return lines.join("\n");
}

async function expectation(user: DemoUser, writes: boolean, convert: DescribeConversion): Promise<string> {
  const reads = writes ? "" : "read-only (a PATCH answers 403); after an admin's PATCH, ";
  const conversion = await convert(EXAMPLE.amount, EXAMPLE.currency, user.currency);
  if (!conversion) {
    return `${reads}annual_revenue_converted null: no ${EXAMPLE.currency}→${user.currency} rate is stored (npm run --silent admin -- rates:set --from ${EXAMPLE.currency} --to ${user.currency} --rate R)`;
  }
  const rate = conversion.path === "identity" ? "same currency" : `${EXAMPLE.currency}→${user.currency} at ${conversion.rate.toString()} (${conversion.source} rate of ${conversion.rateDate}${conversion.stale ? ", stale" : ""})`;
  return `${reads}annual_revenue_converted ${conversion.amount.toString()} ${user.currency}, ${rate}`;
}

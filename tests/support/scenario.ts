import { createCustomer } from "../../src/admin/customers";
import { createUser } from "../../src/admin/users";
import { Permissions } from "../../src/auth/permissions";
import { storeRates } from "../../src/currency/rates.store";
import type { RunningService } from "./service";

/**
 * The named people and customers every end-to-end test starts from, created through the same
 * functions the admin command line uses.
 */
export interface Scenario {
  users: Record<"manager" | "sales" | "otherSales" | "viewer" | "nobody" | "disabled" | "dollarUser" | "yenUser" | "dinarUser", number>;
  tokens: Record<keyof Scenario["users"], string>;
  customers: { salesOwned: string; otherOwned: string; unowned: string };
  customerIds: { salesOwned: number; otherOwned: number; unowned: number };
}

export const today = (): string => new Date().toISOString().slice(0, 10);

/** Needs the service's database and token service only (a service running as its own process lends them too). */
export async function seedScenario(service: { db: RunningService["db"]; services: Pick<RunningService["services"], "tokens"> }): Promise<Scenario> {
  const prisma = service.db.prisma;
  const make = async (email: string, permissions: string[], currency?: string, roles: string[] = []) =>
    (await createUser(prisma, { email, permissions, currency, roles })).id;
  const users = {
    manager: await make("manager@test.local", [], "TRY", ["manager"]),
    sales: await make("sales@test.local", [Permissions.DetailsUpdateOwn], "TRY"),
    otherSales: await make("other@test.local", [Permissions.DetailsUpdateOwn], "TRY"),
    viewer: await make("viewer@test.local", [Permissions.DetailsView], "TRY"),
    nobody: await make("nobody@test.local", []),
    disabled: await make("disabled@test.local", [Permissions.DetailsUpdate], "TRY"),
    dollarUser: await make("dollar@test.local", [Permissions.DetailsUpdate], "USD"),
    yenUser: await make("yen@test.local", [Permissions.DetailsUpdate], "JPY"),
    dinarUser: await make("dinar@test.local", [Permissions.DetailsUpdate], "KWD"),
  };
  // The manager's permission comes through a role, as with spatie/laravel-permission.
  const role = await prisma.role.findUniqueOrThrow({ where: { name: "manager" } });
  const permission = await prisma.permission.upsert({
    where: { name: Permissions.DetailsUpdate },
    create: { name: Permissions.DetailsUpdate },
    update: {},
  });
  await prisma.rolePermission.create({ data: { roleId: role.id, permissionId: permission.id } });
  await prisma.user.update({ where: { id: users.disabled }, data: { isActive: false } });

  const salesOwned = await createCustomer(prisma, { name: "Acme", ownerId: users.sales });
  const otherOwned = await createCustomer(prisma, { name: "Globex", ownerId: users.otherSales });
  const unowned = await createCustomer(prisma, { name: "Initech" });
  await storeRates(prisma, "manual", [{ base: "USD", quote: "TRY", rate: "30", date: today() }]);

  const tokens = Object.fromEntries(
    Object.entries(users).map(([name, id]) => [name, service.services.tokens.sign(id, "1h")]),
  ) as Scenario["tokens"];
  return {
    users,
    tokens,
    customers: { salesOwned: salesOwned.uuid, otherOwned: otherOwned.uuid, unowned: unowned.uuid },
    customerIds: { salesOwned: salesOwned.id, otherOwned: otherOwned.id, unowned: unowned.id },
  };
}

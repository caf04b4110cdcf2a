import type { PrismaClient } from "../generated/prisma/client";
import { isKnownCurrency } from "../currency/currencies";
import { AdminError } from "./admin-error";
import { requireKnownPermission } from "./permission-names";

export interface CreateUserInput {
  email: string;
  name?: string;
  currency?: string;
  permissions?: string[];
  roles?: string[];
}

/** Creates a user with direct permissions and roles (both created on first use). */
export async function createUser(prisma: PrismaClient, input: CreateUserInput) {
  const currency = input.currency?.toUpperCase();
  if (currency !== undefined && !isKnownCurrency(currency)) throw new AdminError(`Unknown currency code: ${input.currency}`);
  if (!/^[^@\s]+@[^@\s]+$/.test(input.email)) throw new AdminError(`Not an email address: ${input.email}`);
  for (const permission of input.permissions ?? []) requireKnownPermission(permission);
  if (await prisma.user.findUnique({ where: { email: input.email } })) throw new AdminError(`A user with email ${input.email} already exists.`);
  const user = await prisma.user.create({
    data: {
      email: input.email,
      name: input.name ?? input.email.split("@")[0] ?? input.email,
      preferredCurrency: currency ?? null,
      permissions: {
        create: (input.permissions ?? []).map((name) => ({
          permission: { connectOrCreate: { where: { name }, create: { name } } },
        })),
      },
      roles: {
        create: (input.roles ?? []).map((name) => ({ role: { connectOrCreate: { where: { name }, create: { name } } } })),
      },
    },
  });
  return describeUser(prisma, user.id);
}

export async function grantPermission(prisma: PrismaClient, userId: number, permission: string) {
  requireKnownPermission(permission);
  await requireUser(prisma, userId);
  const { id: permissionId } = await prisma.permission.upsert({ where: { name: permission }, create: { name: permission }, update: {} });
  await prisma.userPermission.upsert({
    where: { userId_permissionId: { userId, permissionId } },
    create: { userId, permissionId },
    update: {},
  });
  return describeUser(prisma, userId);
}

export async function revokePermission(prisma: PrismaClient, userId: number, permission: string) {
  await requireUser(prisma, userId);
  await prisma.userPermission.deleteMany({ where: { userId, permission: { name: permission } } });
  return describeUser(prisma, userId);
}

export async function disableUser(prisma: PrismaClient, userId: number) {
  await requireUser(prisma, userId);
  await prisma.user.update({ where: { id: userId }, data: { isActive: false } });
  return describeUser(prisma, userId);
}

export async function requireUser(prisma: PrismaClient, userId: number) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new AdminError(`No user with id ${userId}.`);
  return user;
}

/** A user as the admin commands print it: with its direct permissions and roles. */
export async function describeUser(prisma: PrismaClient, userId: number) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    include: { permissions: { include: { permission: true } }, roles: { include: { role: true } } },
  });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    preferred_currency: user.preferredCurrency?.trim() ?? null,
    is_active: user.isActive,
    permissions: user.permissions.map((grant) => grant.permission.name).sort(),
    roles: user.roles.map((membership) => membership.role.name).sort(),
  };
}

import type { PrismaClient } from "../generated/prisma/client";
import { isKnownCurrency } from "../currency/currencies";
import { AdminError } from "./admin-error";
import { requireKnownPermission } from "./permission-names";
import { EXTERNAL_ID_MAX_LENGTH } from "../auth/key-sets";

export interface CreateUserInput {
  email: string;
  /** Whom the identity provider's tokens name (JWT_USER_CLAIM, e.g. `auth0|64f1...`). */
  externalId?: string;
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
  if (input.externalId !== undefined) await requireFreeExternalId(prisma, input.externalId);
  const user = await prisma.user.create({
    data: {
      email: input.email,
      externalId: input.externalId ?? null,
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

/** Sets (or, with null, removes) the external id a user's tokens from the identity provider name. */
export async function setExternalId(prisma: PrismaClient, userId: number, externalId: string | null) {
  await requireUser(prisma, userId);
  if (externalId !== null) await requireFreeExternalId(prisma, externalId, userId);
  await prisma.user.update({ where: { id: userId }, data: { externalId } });
  return describeUser(prisma, userId);
}

async function requireFreeExternalId(prisma: PrismaClient, externalId: string, forUserId?: number) {
  if (externalId.length > EXTERNAL_ID_MAX_LENGTH) throw new AdminError(`An external id has at most ${EXTERNAL_ID_MAX_LENGTH} characters.`);
  const holder = await prisma.user.findUnique({ where: { externalId } });
  if (holder && holder.id !== forUserId) throw new AdminError(`User ${holder.id} already has external id ${externalId}.`);
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

/** The user, which must be active: a disabled user gets no new token (its old ones are refused anyway). */
export async function requireActiveUser(prisma: PrismaClient, userId: number) {
  const user = await requireUser(prisma, userId);
  if (!user.isActive) throw new AdminError(`User ${userId} (${user.email}) is disabled: no token is minted for a disabled user.`);
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
    external_id: user.externalId,
    name: user.name,
    preferred_currency: user.preferredCurrency?.trim() ?? null,
    is_active: user.isActive,
    permissions: user.permissions.map((grant) => grant.permission.name).sort(),
    roles: user.roles.map((membership) => membership.role.name).sort(),
  };
}

import type { PrismaClient } from "../generated/prisma/client";
import { AdminError } from "./admin-error";
import { requireKnownPermission } from "./permission-names";
import { describeUser, requireUser } from "./users";

/** Roles as spatie/laravel-permission keeps them: a role holds permissions, a user holds roles and direct permissions. */

export async function createRole(prisma: PrismaClient, name: string, permissions: string[]) {
  if (name.trim() === "") throw new AdminError("--name must not be empty.");
  permissions.forEach(requireKnownPermission);
  if (await prisma.role.findUnique({ where: { name } })) throw new AdminError(`A role named "${name}" already exists.`);
  await prisma.role.create({
    data: {
      name,
      permissions: { create: permissions.map((permission) => ({ permission: { connectOrCreate: { where: { name: permission }, create: { name: permission } } } })) },
    },
  });
  return describeRole(prisma, name);
}

export async function grantRolePermission(prisma: PrismaClient, roleName: string, permission: string) {
  requireKnownPermission(permission);
  const role = await requireRole(prisma, roleName);
  const { id: permissionId } = await prisma.permission.upsert({ where: { name: permission }, create: { name: permission }, update: {} });
  await prisma.rolePermission.upsert({
    where: { roleId_permissionId: { roleId: role.id, permissionId } },
    create: { roleId: role.id, permissionId },
    update: {},
  });
  return describeRole(prisma, roleName);
}

export async function revokeRolePermission(prisma: PrismaClient, roleName: string, permission: string) {
  const role = await requireRole(prisma, roleName);
  await prisma.rolePermission.deleteMany({ where: { roleId: role.id, permission: { name: permission } } });
  return describeRole(prisma, roleName);
}

/** Gives a user an existing role (its permissions apply from the user's next request). */
export async function assignRole(prisma: PrismaClient, userId: number, roleName: string) {
  await requireUser(prisma, userId);
  const role = await requireRole(prisma, roleName);
  await prisma.userRole.upsert({ where: { userId_roleId: { userId, roleId: role.id } }, create: { userId, roleId: role.id }, update: {} });
  return describeUser(prisma, userId);
}

export async function removeRole(prisma: PrismaClient, userId: number, roleName: string) {
  await requireUser(prisma, userId);
  await prisma.userRole.deleteMany({ where: { userId, role: { name: roleName } } });
  return describeUser(prisma, userId);
}

export async function listRoles(prisma: PrismaClient) {
  const roles = await prisma.role.findMany({ orderBy: { name: "asc" }, select: { name: true } });
  return Promise.all(roles.map((role) => describeRole(prisma, role.name)));
}

async function requireRole(prisma: PrismaClient, name: string) {
  const role = await prisma.role.findUnique({ where: { name } });
  if (!role) throw new AdminError(`No role named "${name}" (create it with role:create --name ${name}).`);
  return role;
}

/** A role as the admin commands print it: its permissions and how many users hold it. */
export async function describeRole(prisma: PrismaClient, name: string) {
  const role = await prisma.role.findUniqueOrThrow({
    where: { name },
    include: { permissions: { include: { permission: true } }, _count: { select: { users: true } } },
  });
  return { id: role.id, name: role.name, permissions: role.permissions.map((grant) => grant.permission.name).sort(), users: role._count.users };
}

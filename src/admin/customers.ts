import type { PrismaClient } from "../generated/prisma/client";
import { AdminError } from "./admin-error";
import { requireUser } from "./users";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createCustomer(prisma: PrismaClient, input: { name: string; ownerId?: number; uuid?: string }) {
  if (input.uuid !== undefined && !UUID.test(input.uuid)) throw new AdminError(`Not a UUID: ${input.uuid}`);
  if (input.ownerId !== undefined) await requireUser(prisma, input.ownerId);
  if (input.uuid && (await prisma.customer.findUnique({ where: { uuid: input.uuid.toLowerCase() } }))) {
    throw new AdminError(`A customer with uuid ${input.uuid} already exists.`);
  }
  const customer = await prisma.customer.create({
    data: { name: input.name, ownerId: input.ownerId ?? null, ...(input.uuid ? { uuid: input.uuid.toLowerCase() } : {}) },
  });
  return { id: customer.id, uuid: customer.uuid, name: customer.name, owner_id: customer.ownerId };
}

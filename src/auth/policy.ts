import { Permissions } from "./permissions";
import type { Principal } from "./principal";

/**
 * Who may do what to a customer's details. The REST door (through the service) and the GraphQL
 * shield rules both call these functions: each rule exists once.
 */
export type DetailsAction = "update" | "view";

interface Grants {
  all: string[];
  own: string[];
}

// Whoever may update a customer's details may also read them.
const GRANTS: Record<DetailsAction, Grants> = {
  update: { all: [Permissions.DetailsUpdate], own: [Permissions.DetailsUpdateOwn] },
  view: {
    all: [Permissions.DetailsView, Permissions.DetailsUpdate],
    own: [Permissions.DetailsViewOwn, Permissions.DetailsUpdateOwn],
  },
};

const holdsAny = (principal: Principal, names: string[]): boolean => names.some((name) => principal.permissions.has(name));

/** Step 2 of the order of checks: holds a permission for the action on at least its own customers. */
export function mayAttempt(principal: Principal, action: DetailsAction): boolean {
  return holdsAny(principal, GRANTS[action].all) || holdsAny(principal, GRANTS[action].own);
}

/** Step 4: may act on this particular customer. */
export function mayActOn(principal: Principal, action: DetailsAction, customer: { ownerId: number | null }): boolean {
  if (holdsAny(principal, GRANTS[action].all)) return true;
  return holdsAny(principal, GRANTS[action].own) && customer.ownerId === principal.id;
}

import { ALL_PERMISSIONS } from "../auth/permissions";
import { AdminError } from "./admin-error";

/** A permission name the service knows; anything else (a typo) would be granted silently and never take effect. */
export function requireKnownPermission(name: string): string {
  if (!(ALL_PERMISSIONS as string[]).includes(name)) {
    throw new AdminError(`Unknown permission: ${name} (known: ${ALL_PERMISSIONS.join(", ")}).`);
  }
  return name;
}

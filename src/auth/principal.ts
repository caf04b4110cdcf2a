import { Permissions } from "./permissions";

/** The authenticated user of one request, with the permissions the database grants it right now. */
export interface Principal {
  id: number;
  email: string;
  name: string;
  preferredCurrency: string | null;
  permissions: ReadonlySet<string>;
}

/**
 * The admin command line (details:import): may update every customer's details, and its changes record no user
 * (user_id null in the history). No user has id 0 (ids start at 1).
 */
export const COMMAND_LINE_PRINCIPAL: Principal = {
  id: 0,
  email: "",
  name: "command line",
  preferredCurrency: null,
  permissions: new Set([Permissions.DetailsUpdate]),
};

/** The user a change is recorded under: none for the command line. */
export function recordedUserId(principal: Principal): number | null {
  return principal === COMMAND_LINE_PRINCIPAL ? null : principal.id;
}

import { DEMO_CUSTOMER_UUID, findDemoUsers } from "../admin/demo-data";
import type { Services } from "../services";
import { bearerHeaders, demoPlaygroundQuery } from "./playground.page";

/** How long the token put into a development playground page lasts. */
export const DEMO_PLAYGROUND_TOKEN_SECONDS = 3600;

const DEMO_ADMIN_EMAIL = "admin@example.com";

/**
 * The development playground's editors: a freshly minted, short-lived token of the demo administrator in the
 * Headers, and the documented example on the documented customer as the operation, so the first Run answers the
 * documented 60000000 TRY. Null (the page stays empty) when the demo administrator is not in the database, or when the
 * service issues no tokens (only an identity provider's are accepted). Only ever
 * called in development (graphql.routes.ts): no token is ever put into a page anywhere else.
 */
export async function demoPlaygroundDefaults(services: Pick<Services, "db" | "tokens">): Promise<{ headers: string; query: string } | null> {
  if (!services.tokens.canSign) return null; // only an identity provider's tokens are accepted: none to put here
  const admin = (await findDemoUsers(services.db.prisma)).find((user) => user.email === DEMO_ADMIN_EMAIL);
  if (!admin) return null;
  const lifetime = Math.min(DEMO_PLAYGROUND_TOKEN_SECONDS, services.tokens.maxAgeSeconds);
  return { headers: bearerHeaders(services.tokens.sign(admin.id, lifetime)), query: demoPlaygroundQuery(DEMO_CUSTOMER_UUID) };
}

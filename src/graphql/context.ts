import type { Principal } from "../auth/principal";

/** Per request: the principal, verified and loaded once (token checked, permissions read), never per field. */
export interface GraphQLContext {
  principal: Principal | null;
}

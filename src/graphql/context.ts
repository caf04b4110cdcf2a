import type { FastifyBaseLogger } from "fastify";
import type { Principal } from "../auth/principal";

/** Per request: the principal, verified and loaded once (token checked, permissions read), never per field. */
export interface GraphQLContext {
  principal: Principal | null;
  /** The HTTP request's logger (its lines carry the request id); absent outside an HTTP request. */
  log?: FastifyBaseLogger;
}

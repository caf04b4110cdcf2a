import type { FastifyRequest } from "fastify";
import type { Authenticator } from "../auth/authenticator";
import type { Principal } from "../auth/principal";

const principals = new WeakMap<FastifyRequest, Promise<Principal | null>>();

/**
 * The request's principal, authenticated once per request however many parts ask (the budget hook, then the route or
 * the GraphQL context): the same promise, its failure included (a database that is not there is the route's 503).
 */
export function requestPrincipal(request: FastifyRequest, authenticator: Pick<Authenticator, "authenticate">): Promise<Principal | null> {
  let principal = principals.get(request);
  if (!principal) {
    principal = authenticator.authenticate(request.headers.authorization);
    principals.set(request, principal);
  }
  return principal;
}

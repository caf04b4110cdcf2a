import { allow, chain, deny, rule, shield } from "graphql-shield";
import type { IRules } from "graphql-shield/typings/types";
import { AppError, toAppError } from "../errors";
import type { GraphQLContext } from "../graphql/context";
import type { CustomerDetailsService } from "../customers/details/details.service";
import { SharedChange } from "../customers/history/change-feed";
import { mayActOn, mayAttempt, type DetailsAction } from "./policy";

/**
 * Who may touch each field of the schema, readable as a table. Every rule is named (shield caches
 * `contextual` rules by name) and the fallback denies: a field without a rule is refused.
 * Rules read the principal the request context loaded once; the ownership rule delegates to the
 * same policy the REST door uses, through the service, and is never cached because it depends on
 * the `uuid` argument (aliases with other uuids must be checked again).
 */
export function buildPermissions(details: CustomerDetailsService) {
  const isAuthenticated = rule("isAuthenticated", { cache: "contextual" })(
    (_parent, _args, ctx: GraphQLContext) => ctx.principal !== null || AppError.unauthenticated(),
  );

  const holds = (action: DetailsAction) =>
    rule(`holdsDetailsPermission:${action}`, { cache: "contextual" })(
      (_parent, _args, ctx: GraphQLContext) => (ctx.principal !== null && mayAttempt(ctx.principal, action)) || AppError.forbidden(),
    );

  const mayActOnCustomer = (action: DetailsAction) =>
    rule(`mayActOnCustomer:${action}`, { cache: "no_cache" })(async (_parent, args: { uuid: string }, ctx: GraphQLContext) => {
      try {
        await details.authorizeFor(ctx.principal, args.uuid, action, ctx.snapshots);
        return true;
      } catch (error) {
        // The refusal, or the database not being there (SERVICE_UNAVAILABLE, never FORBIDDEN); anything else is a
        // bug, returned as it is so that shield throws it (a rule that throws would become the fallback FORBIDDEN).
        return toAppError(error) ?? (error instanceof Error ? error : AppError.forbidden());
      }
    });

  // A change the feed delivered to this subscriber: the service authorised it on the principal from the cache and the
  // customer's owner read with the change; this checks the same policy on the same facts, with no read of its own.
  const mayViewChange = rule("mayViewDeliveredChange", { cache: "no_cache" })((parent: unknown, _args, ctx: GraphQLContext) => {
    if (parent instanceof AppError) return true; // the service's refusal: the resolver raises it as the last event
    if (!(parent instanceof SharedChange)) return AppError.forbidden();
    return (ctx.principal !== null && mayActOn(ctx.principal, "view", parent.customer)) || AppError.forbidden();
  });

  const holdsView = holds("view");
  const mayView = chain(isAuthenticated, holdsView, mayActOnCustomer("view"));
  const holdsUpdate = holds("update");
  const mayUpdate = chain(isAuthenticated, holdsUpdate, mayActOnCustomer("update"));
  // A batch: the token and the update permission for the whole operation; each item's customer is checked by the
  // service (404, 403 not own), as that item's error.
  const mayUpdateSome = chain(isAuthenticated, holdsUpdate);

  const rules: IRules = {
    Query: { "*": deny, customerDetails: mayView, customerDetailsHistory: mayView },
    Mutation: {
      "*": deny,
      updateCustomerDetails: mayUpdate,
      patchCustomerDetails: mayUpdate,
      updateCustomerDetailsBatch: mayUpdateSome,
      patchCustomerDetailsBatch: mayUpdateSome,
    },
    // Checked on every event (the service also authorises on subscribe and re-checks before each change).
    Subscription: { "*": deny, customerDetailsChanged: chain(isAuthenticated, holdsView, mayViewChange) },
    // Reached only through a root field whose rule passed.
    CustomerDetails: allow,
    RevenueConversion: allow,
    CustomerDetailsChangeConnection: allow,
    CustomerDetailsChangeEdge: allow,
    PageInfo: allow,
    CustomerDetailsChange: allow,
    FieldChange: allow,
    CustomerDetailsBatchResult: allow,
    CustomerDetailsBatchItemResult: allow,
    CustomerDetailsBatchError: allow,
    CustomerDetailsFieldError: allow,
  };

  return shield(rules, {
    fallbackRule: deny,
    fallbackError: () => AppError.forbidden(),
    allowExternalErrors: true,
    debug: false,
  });
}

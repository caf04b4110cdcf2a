import { GraphQLError } from "graphql";
import { Arg, Ctx, ID, Int, Query, Resolver, Root, Subscription } from "type-graphql";
import { AppError } from "../../errors";
import type { GraphQLContext } from "../../graphql/context";
import { changeNode } from "./history.graphql-mapping";
import { CustomerDetailsChange, CustomerDetailsChangeConnection } from "./history.object-type";
import type { CustomerHistoryService } from "./history.service";
import type { SharedChange } from "./change-feed";

/** The subscription's event stream: the service follows the customer for the WebSocket session's principal. */
function followChanges(ctx: GraphQLContext, uuid: string) {
  if (!ctx.live) {
    throw new GraphQLError("Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql.", { extensions: { code: "BAD_REQUEST" } });
  }
  return ctx.live.history.follow(ctx.principal, uuid, ctx.live.reauthenticate);
}

/** The GraphQL door of the history: a Relay connection over the same pages as the REST door. */
@Resolver()
export class CustomerHistoryResolver {
  constructor(private readonly history: CustomerHistoryService) {}

  @Query(() => CustomerDetailsChangeConnection, { description: "A customer's change history, newest first." })
  async customerDetailsHistory(
    @Arg("uuid", () => ID) uuid: string,
    @Arg("first", () => Int, { nullable: true, description: "1 to 100 (default 15)." }) first: number | null | undefined,
    @Arg("after", () => String, { nullable: true, description: "An edge's cursor (or pageInfo.endCursor)." }) after: string | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomerDetailsChangeConnection> {
    const page = await this.history.page(ctx.principal, uuid, { perPage: first, cursor: after, names: { perPage: "first", cursor: "after" } });
    const edges = page.entries.map((entry) => ({ cursor: this.history.cursorAfter(entry), node: changeNode(entry) }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.nextCursor !== null,
        hasPreviousPage: page.prevCursor !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }

  @Subscription(() => CustomerDetailsChange, {
    description:
      "Each change of a customer's details as it commits, on whichever instance (graphql-transport-ws at /graphql). " +
      "The subscriber is checked again before every change; a refusal is the last event.",
    subscribe: ({ args, context }) => followChanges(context as GraphQLContext, String((args as { uuid?: unknown }).uuid)),
  })
  customerDetailsChanged(@Root() event: SharedChange | AppError, @Arg("uuid", () => ID) uuid: string): CustomerDetailsChange {
    if (event instanceof AppError) throw event;
    if (event.entry.customerUuid !== uuid.toLowerCase()) throw AppError.forbidden();
    return changeNode(event.entry);
  }
}

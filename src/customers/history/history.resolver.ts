import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../../graphql/context";
import { changeNode } from "./history.graphql-mapping";
import { CustomerDetailsChangeConnection } from "./history.object-type";
import type { CustomerHistoryService } from "./history.service";

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
}

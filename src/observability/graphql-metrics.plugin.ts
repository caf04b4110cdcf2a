import type { ApolloServerPlugin } from "@apollo/server";
import type { Metrics } from "./metrics";

/** Counts each GraphQL operation by name, type and outcome (an operation with any error counts as "error"). */
export function graphqlMetricsPlugin<TContext extends object>(metrics: Pick<Metrics, "countGraphQLOperation">): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operationName, operation, errors, response }) {
          const failed =
            (errors !== undefined && errors.length > 0) ||
            (response.body.kind === "single" && (response.body.singleResult.errors?.length ?? 0) > 0);
          metrics.countGraphQLOperation(operationName, operation?.operation, failed ? "error" : "success");
        },
      };
    },
  };
}

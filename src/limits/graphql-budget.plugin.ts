import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import { AppError, AppErrorCode, graphqlCodeOf, httpStatusOf } from "../errors";
import type { GraphQLContext } from "../graphql/context";
import type { BudgetDecision } from "./budgets";
import { operationPrice } from "./graphql-price";
import { rateLimitFields } from "./ratelimit-fields";

/** The GraphQL error of a request over its budget (HTTP 429 over HTTP; an `error` message over WebSocket). */
export function rateLimitedError(message = new AppError(AppErrorCode.RateLimited).message, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: graphqlCodeOf(AppErrorCode.RateLimited), ...extensions } });
}

/**
 * Charges a GraphQL request over HTTP once its operation is parsed, validated and chosen (operationPrice: one unit per
 * root field, per item for batch fields), before anything executes: the RateLimit fields go on the response; over the
 * budget the request ends with HTTP 429, Retry-After and a RATE_LIMITED error, and nothing runs. A request that ends
 * earlier (a syntax or validation error) is charged 1 by the HTTP hook as its answer goes out (budget-hooks.ts).
 */
export function graphqlBudgetPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const charge = contextValue.budget;
      if (!charge) return;
      let refused: BudgetDecision | null = null;
      return {
        async didResolveOperation({ document, operation, request, response }) {
          const decision = await charge(operationPrice(document, operation, request.variables));
          for (const [name, value] of Object.entries(rateLimitFields(decision))) response.http.headers.set(name, value);
          if (decision.allowed) return;
          refused = decision;
          throw rateLimitedError(undefined, { http: { status: httpStatusOf(AppErrorCode.RateLimited) } });
        },
        // Another hook may have refused the same operation first (a subscription over HTTP): over the budget, the
        // answer is the 429 all the same.
        async willSendResponse({ response }) {
          if (!refused) return;
          response.http.status = httpStatusOf(AppErrorCode.RateLimited);
          response.body = { kind: "single", singleResult: { errors: [{ message: new AppError(AppErrorCode.RateLimited).message, extensions: { code: graphqlCodeOf(AppErrorCode.RateLimited) } }] } };
        },
      };
    },
  };
}

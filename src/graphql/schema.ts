import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { buildSchemaSync } from "type-graphql";
import { buildPermissions } from "../auth/shield.rules";
import { CustomerDetailsBatchResolver } from "../customers/details-batch/batch.resolver";
import type { DetailsBatchService } from "../customers/details-batch/batch.service";
import { CustomerDetailsResolver } from "../customers/details/details.resolver";
import type { CustomerDetailsService } from "../customers/details/details.service";
import { CustomerHistoryResolver } from "../customers/history/history.resolver";
import type { CustomerHistoryService } from "../customers/history/history.service";

const RESOLVERS = [CustomerDetailsResolver, CustomerDetailsBatchResolver, CustomerHistoryResolver] as const;

/** The schema as TypeGraphQL builds it from the resolvers (no services needed: for printing). */
export function buildBareSchema(container?: { get(type: unknown): unknown }): GraphQLSchema {
  return buildSchemaSync({
    resolvers: RESOLVERS,
    validate: false,
    // Every subscription brings its own `subscribe` (fed by the notification bus); this pub/sub is never used.
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error("No topic-based subscriptions: use a subscribe function.");
      },
    },
    ...(container ? { container: { get: (type) => container.get(type) } } : {}),
  });
}

/** The executable schema: resolvers bound to the service, every field guarded by shield. */
export function buildGraphQLSchema(details: CustomerDetailsService, batch: DetailsBatchService, history: CustomerHistoryService): GraphQLSchema {
  const instances = new Map<unknown, unknown>([
    [CustomerDetailsResolver, new CustomerDetailsResolver(details)],
    [CustomerDetailsBatchResolver, new CustomerDetailsBatchResolver(batch)],
    [CustomerHistoryResolver, new CustomerHistoryResolver(history)],
  ]);
  const schema = buildBareSchema({
    get: (type) => {
      if (instances.has(type)) return instances.get(type);
      throw new Error(`No instance for ${String(type)}`);
    },
  });
  return applyMiddleware(schema, buildPermissions(details));
}

/** The SDL committed as schema.graphql: sorted, so that its diff shows real changes only. */
export function printSortedSchema(schema: GraphQLSchema = buildBareSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

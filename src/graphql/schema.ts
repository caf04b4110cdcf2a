import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { buildSchemaSync } from "type-graphql";
import { buildPermissions } from "../auth/shield.rules";
import { CustomerDetailsResolver } from "../customers/details/details.resolver";
import type { CustomerDetailsService } from "../customers/details/details.service";

const RESOLVERS = [CustomerDetailsResolver] as const;

/** The schema as TypeGraphQL builds it from the resolvers (no services needed: for printing). */
export function buildBareSchema(container?: { get(type: unknown): unknown }): GraphQLSchema {
  return buildSchemaSync({
    resolvers: RESOLVERS,
    validate: false,
    ...(container ? { container: { get: (type) => container.get(type) } } : {}),
  });
}

/** The executable schema: resolvers bound to the service, every field guarded by shield. */
export function buildGraphQLSchema(details: CustomerDetailsService): GraphQLSchema {
  const resolver = new CustomerDetailsResolver(details);
  const schema = buildBareSchema({
    get: (type) => {
      if (type === CustomerDetailsResolver) return resolver;
      throw new Error(`No instance for ${String(type)}`);
    },
  });
  return applyMiddleware(schema, buildPermissions(details));
}

/** The SDL committed as schema.graphql: sorted, so that its diff shows real changes only. */
export function printSortedSchema(schema: GraphQLSchema = buildBareSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, type DocumentNode, type ParseOptions, type ValidationRule } from "graphql";
import type { GraphQLLimits } from "../config";
import { batchItemsOf } from "./batch-items";
import { maxRootMutationFieldsRule } from "./root-fields.rule";

/** The code every refused bound carries (Apollo gives validation errors this code and HTTP 400). */
export const LIMIT_ERROR_CODE = "GRAPHQL_VALIDATION_FAILED";

export interface GraphQLBounds {
  /** For the parser: it stops counting (and recursing) at the token limit. */
  parseOptions: ParseOptions;
  /** Checked with the specified rules, before anything runs. */
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<BaseContext>[];
  /** The refusal of an operation carrying more batch items than allowed, or null (for transports without plugins). */
  batchItemsRefusal(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): GraphQLError | null;
}

/**
 * The bounds of docs/behaviour.md section 9, checked before an operation runs: aliases and depth by graphql-armor's
 * validation rules (introspection exempt from the depth limit where it is enabled), tokens by graphql-js's own parser
 * option (armor's token plugin throws from a plugin hook, which Apollo answers with a 500), and root mutation fields
 * by a rule of ours, batch items (summed over an operation's batch mutations, counted in its variables) by a plugin
 * of ours. Refusals are validation errors: HTTP 400, `extensions.code` GRAPHQL_VALIDATION_FAILED.
 * The same rules serve any other transport (a WebSocket server validates with `validationRules` too).
 */
export function graphqlBounds(limits: GraphQLLimits, options: { introspection: boolean }): GraphQLBounds {
  const armor = new ApolloArmor({
    maxAliases: { n: limits.maxAliases },
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: options.introspection },
    maxDirectives: { n: 50 },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Apollo's hideSchemaDetailsFromClientErrors does this outside development.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [...armor.validationRules, maxRootMutationFieldsRule(limits.maxRootFields)],
    plugins: [...(armor.plugins as ApolloServerPlugin<BaseContext>[]), refuseSubscriptionsOverHttp(), batchItemsBoundPlugin(limits.maxBatchItems)],
    batchItemsRefusal: (document, operationName, variables) => batchItemsRefusal(batchItemsOf(document, operationName, variables), limits.maxBatchItems),
  };
}

/**
 * A subscription sent over plain HTTP: a client mistake (subscriptions are served over WebSocket at the same path),
 * answered 400 BAD_REQUEST before anything runs, rather than failing inside execution as an internal error.
 */
function refuseSubscriptionsOverHttp(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "subscription") return;
          throw new GraphQLError("Subscriptions are not served over HTTP: use a WebSocket (graphql-transport-ws) at /graphql.", {
            extensions: { code: "BAD_REQUEST", http: { status: 400 } },
          });
        },
      };
    },
  };
}

/** The refusal of an operation over the bound (400, like the other bounds of section 9), or null. */
function batchItemsRefusal(items: number, max: number): GraphQLError | null {
  if (items <= max) return null;
  return new GraphQLError(`An operation may carry at most ${max} batch items; this one carries ${items}.`, {
    extensions: { code: LIMIT_ERROR_CODE, http: { status: 400 } },
  });
}

/** Refuses, before anything runs, an HTTP operation carrying more batch items than `max` in all. */
function batchItemsBoundPlugin(max: number): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request }) {
          const refusal = batchItemsRefusal(batchItemsOf(document, operationName, request.variables), max);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/**
 * A refusal's message as a client should read it: graphql-armor labels its limits "Syntax Error: …" although the
 * document parsed; Apollo's introspection refusal tells the reader to change code instead of naming the setting.
 */
export function clientFacingMessage(message: string): string {
  if (/^GraphQL introspection is not allowed/.test(message)) {
    return "Introspection is off here (the production default): set INTROSPECTION=true to allow __schema and __type queries.";
  }
  return message.replace(/^Syntax Error: (?=.*\blimit\b)/i, "");
}

import { GraphQLError, type ValidationContext, type ValidationRule } from "graphql";
import { rootFieldsOf } from "./root-fields";

/**
 * Refuses a mutation operation with more than `max` root fields. Each root field of a mutation runs on its own, one
 * after another (a transaction each here): `mutation { a: patch… b: patch… … }` is the amplification this bounds.
 * What is counted is what would run: the distinct response keys (alias or name) at the root, through fragments and
 * inline fragments (rootFieldsOf). graphql-armor has no rule for this (its alias limit counts aliases anywhere in the
 * operation, not root fields).
 */
export function maxRootMutationFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      if (operation.operation !== "mutation") return;
      const count = rootFieldsOf(operation.selectionSet, (name) => context.getFragment(name)).size;
      if (count > max) {
        context.reportError(
          new GraphQLError(`A mutation may have at most ${max} root fields; this one has ${count}.`, { nodes: [operation] }),
        );
      }
    },
  });
}

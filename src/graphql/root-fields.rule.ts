import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";

/**
 * Refuses a mutation operation with more than `max` root fields. Each root field of a mutation runs on its own, one
 * after another (a transaction each here): `mutation { a: patch… b: patch… … }` is the amplification this bounds.
 * What is counted is what would run: the distinct response keys (alias or name) at the root, through fragments and
 * inline fragments; fields with the same key are merged into one by GraphQL. graphql-armor has no rule for this (its
 * alias limit counts aliases anywhere in the operation, not root fields).
 */
export function maxRootMutationFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      if (operation.operation !== "mutation") return;
      const keys = new Set<string>();
      collectRootKeys(context, operation.selectionSet, keys, new Set());
      if (keys.size > max) {
        context.reportError(
          new GraphQLError(`A mutation may have at most ${max} root fields; this one has ${keys.size}.`, { nodes: [operation] }),
        );
      }
    },
  });
}

function collectRootKeys(context: ValidationContext, selectionSet: SelectionSetNode, keys: Set<string>, visited: Set<string>): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== "__typename") keys.add(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectRootKeys(context, selection.selectionSet, keys, visited);
    } else {
      // Each fragment once: a fragment spread twice adds the same keys, and a cycle (NoFragmentCyclesRule reports it)
      // must not loop here.
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      if (!fragment || visited.has(name)) continue;
      visited.add(name);
      collectRootKeys(context, fragment.selectionSet, keys, visited);
    }
  }
}

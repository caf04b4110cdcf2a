import { getOperationAST, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";

/** The root mutation fields that carry many customers in their `items` argument (docs/behaviour.md section 16). */
export const BATCH_FIELDS = new Set(["patchCustomerDetailsBatch", "updateCustomerDetailsBatch"]);

/**
 * The batch items an operation carries, summed over its batch root fields (aliases, fragments and inline fragments
 * included), from the literal lists or the variables' values. Other root fields count 0. The same count bounds the
 * operation here and prices it for the rate limit (one unit per item, docs/behaviour.md section 14).
 */
export function batchItemsOf(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): number {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (operation?.operation !== "mutation") return 0;
  const fragments = new Map(
    document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition.selectionSet] as const] : [])),
  );
  let items = 0;
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!BATCH_FIELDS.has(selection.name.value)) continue;
        const argument = selection.arguments?.find((arg) => arg.name.value === "items");
        items += argument ? lengthOf(argument.value, variables ?? {}) : 0;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment, new Set([...seen, selection.name.value]));
      }
    }
  };
  visit((operation as OperationDefinitionNode).selectionSet, new Set());
  return items;
}

/** A list's length; a single value stands for a list of one (GraphQL's input coercion). */
function lengthOf(value: ValueNode, variables: Record<string, unknown>): number {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.NULL) return 0;
  if (value.kind === Kind.VARIABLE) {
    const bound = variables[value.name.value];
    return Array.isArray(bound) ? bound.length : bound === undefined || bound === null ? 0 : 1;
  }
  return 1;
}

import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";

/**
 * The root fields an operation would run, by response key (alias or name), through fragments and inline fragments:
 * fields with the same key are merged into one by GraphQL, so the first is kept. `__typename` runs nothing and is left
 * out. Each fragment is followed once (a fragment spread twice adds the same keys, and a cycle must not loop here).
 */
export function rootFieldsOf(
  selectionSet: SelectionSetNode,
  fragmentOf: (name: string) => FragmentDefinitionNode | null | undefined,
): Map<string, FieldNode> {
  const fields = new Map<string, FieldNode>();
  collect(selectionSet, fragmentOf, fields, new Set());
  return fields;
}

function collect(
  selectionSet: SelectionSetNode,
  fragmentOf: (name: string) => FragmentDefinitionNode | null | undefined,
  fields: Map<string, FieldNode>,
  visited: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (selection.name.value !== "__typename" && !fields.has(key)) fields.set(key, selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, fragmentOf, fields, visited);
    } else {
      const name = selection.name.value;
      const fragment = fragmentOf(name);
      if (!fragment || visited.has(name)) continue;
      visited.add(name);
      collect(fragment.selectionSet, fragmentOf, fields, visited);
    }
  }
}

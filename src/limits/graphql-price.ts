import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type ValueNode } from "graphql";
import { rootFieldsOf } from "../graphql/root-fields";

/** A root field with a list argument of this name (or an input object argument holding one) costs one unit per item. */
export const PER_ITEM_ARGUMENT = "items";

type Variables = Readonly<Record<string, unknown>>;

/**
 * What a GraphQL operation costs against its caller's budget (docs/behaviour.md section 14): one unit per root field that
 * would run (distinct response keys, through fragments: an aliased `a: patch… b: patch…` is two), at least 1. A batch
 * field costs one unit per item instead: a root field with an `items` list argument, or an argument whose input object
 * holds an `items` list, given literally or as a variable, costs that list's length (at least 1).
 */
export function operationPrice(document: DocumentNode, operation: OperationDefinitionNode | null | undefined, variables?: Variables | null): number {
  if (!operation) return 1;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let price = 0;
  for (const field of rootFieldsOf(operation.selectionSet, (name) => fragments.get(name)).values()) price += fieldPrice(field, variables ?? {});
  return Math.max(1, price);
}

function fieldPrice(field: FieldNode, variables: Variables): number {
  for (const argument of field.arguments ?? []) {
    const items = argument.name.value === PER_ITEM_ARGUMENT ? listLength(argument.value, variables) : itemsWithin(argument.value, variables);
    if (items !== null) return Math.max(1, items);
  }
  return 1;
}

/** The length of a list given literally or as a variable; null for anything else (a single value is a one-item list). */
function listLength(value: ValueNode, variables: Variables): number | null {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const list = variables[value.name.value];
    return Array.isArray(list) ? list.length : null;
  }
  return null;
}

/** The length of the `items` list inside an input object (literal or variable), or null. */
function itemsWithin(value: ValueNode, variables: Variables): number | null {
  if (value.kind === Kind.OBJECT) {
    const items = value.fields.find((field) => field.name.value === PER_ITEM_ARGUMENT);
    return items ? listLength(items.value, variables) : null;
  }
  if (value.kind === Kind.VARIABLE) {
    const input = variables[value.name.value];
    const items = typeof input === "object" && input !== null ? (input as Record<string, unknown>)[PER_ITEM_ARGUMENT] : undefined;
    return Array.isArray(items) ? items.length : null;
  }
  return null;
}

import { Field, Float, Int } from "type-graphql";
import type { FieldKind } from "./details.field-kinds";
import { DETAILS_FIELDS, graphqlName, specOf } from "./details.fields";

/** The GraphQL type of a field of each kind (money is a Float in GraphQL, an exact decimal everywhere else). */
const SCALAR: Record<FieldKind, NonNullable<Parameters<typeof Field>[0]>> = {
  money: () => Float,
  currency: () => String,
  integer: () => Int,
  text: () => String,
  url: () => String,
  boolean: () => Boolean,
};

/**
 * Declares the registry's fields on a TypeGraphQL type, as its decorators would (they are plain functions):
 * input fields are all nullable (an omitted field is undefined, an explicit null clears it) and carry the field's
 * description; output fields are nullable as the column is.
 */
export function declareDetailsFields(target: object, role: "input" | "output"): void {
  for (const field of DETAILS_FIELDS) {
    const spec = specOf(field);
    const options = role === "input" ? { nullable: true, description: spec.docs.graphqlInput } : { nullable: spec.nullable };
    Field(SCALAR[spec.kind], options)(target, graphqlName(field));
  }
}

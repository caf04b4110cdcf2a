import { InputType } from "type-graphql";
import { declareDetailsFields } from "./details.graphql-types";

/**
 * The writable fields. An omitted field arrives as undefined, an explicit null as null: PATCH keeps
 * the first and clears with the second; PUT resets both.
 * (The base type is never referenced by a field, so it does not appear in the schema.)
 */
@InputType()
abstract class DetailsFieldsInput {}
declareDetailsFields(DetailsFieldsInput.prototype, "input");

@InputType({ description: "PUT semantics: every field not sent is reset (nullable fields to null, isActive to true)." })
export class CustomerDetailsInput extends DetailsFieldsInput {}

@InputType({ description: "PATCH semantics: an omitted field stays as it is, an explicit null clears it." })
export class CustomerDetailsPatchInput extends DetailsFieldsInput {}

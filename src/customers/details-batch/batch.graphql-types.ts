import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { CustomerDetailsPatchInput } from "../details/details.input-types";
import { CustomerDetails } from "../details/details.object-type";
import { EXAMPLE_FIELD, graphqlName } from "../details/details.fields";

/**
 * One customer's part of a batch: its uuid, the expected version, and the writable fields of the single mutations'
 * inputs (PUT or PATCH semantics by the mutation, as the single door's `input`).
 */
@InputType("CustomerDetailsBatchItem", { description: "One customer of a batch: its uuid, an optional expected version, and the fields to write." })
export class CustomerDetailsBatchItem extends CustomerDetailsPatchInput {
  @Field(() => ID, { description: "The customer's UUID (a malformed one is that item's NOT_FOUND)." })
  uuid!: string;

  @Field(() => Int, { nullable: true, description: "Refuse this item (PRECONDITION_FAILED) unless the stored version is this one." })
  expectedVersion?: number | null;
}

export enum CustomerDetailsBatchErrorCode {
  NOT_FOUND = "NOT_FOUND",
  FORBIDDEN = "FORBIDDEN",
  BAD_USER_INPUT = "BAD_USER_INPUT",
  PRECONDITION_FAILED = "PRECONDITION_FAILED",
  FAILED_DEPENDENCY = "FAILED_DEPENDENCY",
}
registerEnumType(CustomerDetailsBatchErrorCode, {
  name: "CustomerDetailsBatchErrorCode",
  description: "Why an item was not stored: the single mutation's error code, or FAILED_DEPENDENCY (allOrNone: another item failed).",
});

@ObjectType({ description: "The messages of one input field that failed validation." })
export class CustomerDetailsFieldError {
  @Field(() => String, { description: `The input field's name, e.g. ${graphqlName(EXAMPLE_FIELD)}.` })
  field!: string;

  @Field(() => [String])
  messages!: string[];
}

@ObjectType({ description: "Why an item of a batch was not stored." })
export class CustomerDetailsBatchError {
  @Field(() => CustomerDetailsBatchErrorCode)
  code!: CustomerDetailsBatchErrorCode;

  @Field(() => String)
  message!: string;

  @Field(() => [CustomerDetailsFieldError], { description: "BAD_USER_INPUT: every failing field; empty otherwise." })
  errors!: CustomerDetailsFieldError[];
}

@ObjectType({ description: "One item's outcome: the details after its write, or its error." })
export class CustomerDetailsBatchItemResult {
  @Field(() => ID, { description: "The item's uuid as sent." })
  customerUuid!: string;

  @Field(() => CustomerDetails, { nullable: true })
  details!: CustomerDetails | null;

  @Field(() => CustomerDetailsBatchError, { nullable: true })
  error!: CustomerDetailsBatchError | null;
}

@ObjectType({ description: "Each item's outcome, in the items' order." })
export class CustomerDetailsBatchResult {
  @Field(() => [CustomerDetailsBatchItemResult])
  results!: CustomerDetailsBatchItemResult[];
}

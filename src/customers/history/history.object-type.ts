import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { TimestampScalar } from "../../graphql/timestamp.scalar";

export enum ChangeDoor {
  REST = "REST",
  GRAPHQL = "GRAPHQL",
}
registerEnumType(ChangeDoor, { name: "ChangeDoor", description: "The door a change came through." });

export enum ChangeMethod {
  PUT = "PUT",
  PATCH = "PATCH",
}
registerEnumType(ChangeMethod, { name: "ChangeMethod", description: "PUT (replace) or PATCH (merge) semantics." });

@ObjectType({ description: "One changed field: its old and new value as text (money as an exact decimal, booleans as true/false)." })
export class FieldChange {
  @Field(() => String, { description: "The field's GraphQL name, e.g. annualRevenue." })
  field!: string;

  @Field(() => String, { nullable: true, description: "The value before the change; null when it was empty." })
  old!: string | null;

  @Field(() => String, { nullable: true, description: "The value after the change; null when it is empty." })
  new!: string | null;
}

@ObjectType({ description: "A committed change of a customer's details: who, when, through which door, and what changed." })
export class CustomerDetailsChange {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  customerId!: number;

  @Field(() => ID)
  customerUuid!: string;

  @Field(() => Int, { nullable: true, description: "The user who made the change (null once that user is deleted)." })
  userId!: number | null;

  @Field(() => ChangeDoor)
  door!: ChangeDoor;

  @Field(() => ChangeMethod)
  method!: ChangeMethod;

  @Field(() => Boolean, { description: "True when this change created the details." })
  created!: boolean;

  @Field(() => [FieldChange])
  changes!: FieldChange[];

  @Field(() => TimestampScalar)
  createdAt!: Date;
}

@ObjectType()
export class CustomerDetailsChangeEdge {
  @Field(() => String, { description: "Pass as `after` to continue with the changes older than this one." })
  cursor!: string;

  @Field(() => CustomerDetailsChange)
  node!: CustomerDetailsChange;
}

@ObjectType({ description: "Relay page information." })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: "A customer's change history, newest first (Relay connection)." })
export class CustomerDetailsChangeConnection {
  @Field(() => [CustomerDetailsChangeEdge])
  edges!: CustomerDetailsChangeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

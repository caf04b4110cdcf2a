import { Field, Float, InputType, Int } from "type-graphql";

/**
 * The writable fields. An omitted field arrives as undefined, an explicit null as null: PATCH keeps
 * the first and clears with the second; PUT resets both.
 * (The base type is never referenced by a field, so it does not appear in the schema.)
 */
@InputType()
abstract class DetailsFieldsInput {
  @Field(() => Float, { nullable: true, description: "≥ 0, at most 4 decimal places and 15 significant digits." })
  annualRevenue?: number | null;

  @Field(() => String, { nullable: true, description: "ISO 4217 code, case-insensitive; required whenever there is a revenue." })
  annualRevenueCurrency?: string | null;

  @Field(() => Int, { nullable: true, description: "0 to 10,000,000." })
  employeeCount?: number | null;

  @Field(() => String, { nullable: true, description: "Trimmed, at most 255 characters; empty clears it." })
  industry?: string | null;

  @Field(() => String, { nullable: true, description: "Absolute http(s) URL (a bare host gets https://), at most 2048 characters." })
  website?: string | null;

  @Field(() => String, { nullable: true, description: "Trimmed, at most 1000 characters; empty clears it." })
  address?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Not nullable in storage: null is refused." })
  isActive?: boolean | null;
}

@InputType({ description: "PUT semantics: every field not sent is reset (nullable fields to null, isActive to true)." })
export class CustomerDetailsInput extends DetailsFieldsInput {}

@InputType({ description: "PATCH semantics: an omitted field stays as it is, an explicit null clears it." })
export class CustomerDetailsPatchInput extends DetailsFieldsInput {}

/** GraphQL input field → the documented body key, for the service and for error keys. */
export const INPUT_FIELD_TO_BODY_KEY = {
  annualRevenue: "annual_revenue",
  annualRevenueCurrency: "annual_revenue_currency",
  employeeCount: "employee_count",
  industry: "industry",
  website: "website",
  address: "address",
  isActive: "is_active",
} as const satisfies Record<keyof DetailsFieldsInput, string>;

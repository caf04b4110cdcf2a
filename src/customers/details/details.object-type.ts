import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Decimal } from "../../currency/decimal";
import { TimestampScalar } from "../../graphql/timestamp.scalar";
import type { CamelCase, DetailsField, DetailsFields } from "./details.fields";
import { declareDetailsFields } from "./details.graphql-types";

export enum ConversionPath {
  IDENTITY = "identity",
  DIRECT = "direct",
  INVERSE = "inverse",
  CROSS = "cross",
}
registerEnumType(ConversionPath, {
  name: "ConversionPath",
  description: "How a rate was found: same currency, a stored pair, a stored pair read backwards, or through a pivot currency.",
});

@ObjectType({ description: "How the annual revenue was converted into the requesting user's currency." })
export class RevenueConversion {
  @Field(() => String, { description: "The converted amount as an exact decimal string (never rounded by a float)." })
  amount!: string;

  @Field(() => String, { description: "The target currency: the requesting user's preferred currency." })
  currency!: string;

  @Field(() => String, { description: "Units of the target currency per unit of the source currency, as an exact decimal string." })
  rate!: string;

  @Field(() => String, { description: "The date (YYYY-MM-DD) of the rate used; for a cross rate, the older leg's date." })
  rateDate!: string;

  @Field(() => String, { description: 'Where the rate came from: "ecb", "tcmb", "manual", "identity", or e.g. "ecb+tcmb" for a cross rate.' })
  source!: string;

  @Field(() => ConversionPath)
  path!: ConversionPath;

  @Field(() => String, { nullable: true, description: "The pivot currency of a cross rate." })
  pivot!: string | null;

  @Field(() => Boolean, { description: "True when the newest usable rate is older than the configured age." })
  stale!: boolean;
}

/** A customer's details; the registry's fields (details.fields.ts) are declared on it by declareDetailsFields below. */
@ObjectType({ description: "A customer's company details." })
export class CustomerDetails {
  @Field(() => Int)
  id!: number;

  @Field(() => Int)
  customerId!: number;

  @Field(() => ID)
  customerUuid!: string;

  @Field(() => Float, { nullable: true, description: "annualRevenue in the requesting user's preferred currency; null without revenue or rate." })
  annualRevenueConverted!: number | null;

  @Field(() => String, { nullable: true })
  annualRevenueCurrencyConverted!: string | null;

  @Field(() => RevenueConversion, { nullable: true, description: "The rate, its date and source behind annualRevenueConverted." })
  conversion!: RevenueConversion | null;

  @Field(() => Int, { description: "Increases with every change; pass it as expectedVersion to refuse a write over a newer one." })
  version!: number;

  @Field(() => TimestampScalar)
  createdAt!: Date;

  @Field(() => TimestampScalar)
  updatedAt!: Date;
}
declareDetailsFields(CustomerDetails.prototype, "output");

/** The registry's fields as the GraphQL object carries them (money as a Float). */
export type DetailsObjectFields = { [K in DetailsField as CamelCase<K>]: GraphQLValue<DetailsFields[K]> };
type GraphQLValue<T> = T extends Decimal ? number : T;

/** What a resolver returns for CustomerDetails. */
export type CustomerDetailsObject = CustomerDetails & DetailsObjectFields;

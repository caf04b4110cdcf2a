import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { AppError } from "../../errors";
import type { GraphQLContext } from "../../graphql/context";
import { decimalText } from "../../currency/decimal";
import { DETAILS_FIELDS, graphqlName, type DetailsField, type DetailsFields } from "./details.fields";
import { CustomerDetails, type ConversionPath, type CustomerDetailsObject, type DetailsObjectFields } from "./details.object-type";
import { CustomerDetailsInput, CustomerDetailsPatchInput } from "./details.input-types";
import type { CustomerDetailsService } from "./details.service";
import type { CustomerDetailsView, WriteMode } from "./details.types";

const BODY_KEY_TO_INPUT_FIELD = new Map<string, string>(DETAILS_FIELDS.map((field) => [field, graphqlName(field)]));

/** The GraphQL door: maps arguments to a service call and the result back; shield has checked access. */
@Resolver(() => CustomerDetails)
export class CustomerDetailsResolver {
  constructor(private readonly service: CustomerDetailsService) {}

  @Query(() => CustomerDetails, { nullable: true, description: "A customer's details; null when the customer has none yet." })
  async customerDetails(@Arg("uuid", () => ID) uuid: string, @Ctx() ctx: GraphQLContext): Promise<CustomerDetailsObject | null> {
    const view = await this.service.get(ctx.principal, uuid, ctx.snapshots);
    return view ? toObject(view) : null;
  }

  @Mutation(() => CustomerDetails, { description: "PUT semantics: replaces the details (created when missing)." })
  updateCustomerDetails(
    @Arg("uuid", () => ID) uuid: string,
    @Arg("input", () => CustomerDetailsInput) input: CustomerDetailsInput,
    @Arg("expectedVersion", () => Int, { nullable: true, description: "Refuse (PRECONDITION_FAILED) unless the stored version is this one." })
    expectedVersion: number | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomerDetailsObject> {
    return this.write("PUT", uuid, input, expectedVersion, ctx);
  }

  @Mutation(() => CustomerDetails, { description: "PATCH semantics: omitted fields stay, explicit nulls clear (created when missing)." })
  patchCustomerDetails(
    @Arg("uuid", () => ID) uuid: string,
    @Arg("input", () => CustomerDetailsPatchInput) input: CustomerDetailsPatchInput,
    @Arg("expectedVersion", () => Int, { nullable: true, description: "Refuse (PRECONDITION_FAILED) unless the stored version is this one." })
    expectedVersion: number | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomerDetailsObject> {
    return this.write("PATCH", uuid, input, expectedVersion, ctx);
  }

  private async write(
    mode: WriteMode,
    uuid: string,
    input: CustomerDetailsInput | CustomerDetailsPatchInput,
    expectedVersion: number | null | undefined,
    ctx: GraphQLContext,
  ): Promise<CustomerDetailsObject> {
    try {
      const view = await this.service.update({
        principal: ctx.principal,
        uuid,
        body: bodyOf(input),
        mode,
        door: "GRAPHQL",
        memo: ctx.snapshots,
        ...(typeof expectedVersion === "number" ? { precondition: { anyVersion: false, versions: [expectedVersion] } } : {}),
      });
      return toObject(view);
    } catch (error) {
      throw error instanceof AppError && error.fieldErrors ? renameFields(error) : error;
    }
  }
}

/** The service's body (documented snake_case keys) from a GraphQL input: omitted fields stay absent. */
export function bodyOf(input: CustomerDetailsInput | CustomerDetailsPatchInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const given = input as Record<string, unknown>;
  for (const field of DETAILS_FIELDS) {
    const value = given[graphqlName(field)];
    if (value !== undefined) body[field] = value;
  }
  return body;
}

/** Validation errors keyed by GraphQL input field names instead of the documented body keys. */
export function renameFields(error: AppError): AppError {
  const renamed = Object.fromEntries(
    Object.entries(error.fieldErrors ?? {}).map(([key, messages]) => [BODY_KEY_TO_INPUT_FIELD.get(key) ?? key, messages]),
  );
  return new AppError(error.code, error.message, renamed);
}

export function toObject(view: CustomerDetailsView): CustomerDetailsObject {
  const conversion = view.conversion;
  const fields = Object.fromEntries(DETAILS_FIELDS.map((field) => [graphqlName(field), graphqlValue(view[field])])) as DetailsObjectFields;
  return {
    ...fields,
    id: view.id,
    customerId: view.customerId,
    customerUuid: view.customerUuid,
    annualRevenueConverted: conversion ? conversion.amount.toNumber() : null,
    annualRevenueCurrencyConverted: conversion?.currency ?? null,
    conversion: conversion
      ? {
          amount: decimalText(conversion.amount),
          currency: conversion.currency,
          rate: decimalText(conversion.rate),
          rateDate: conversion.rateDate,
          source: conversion.source,
          path: conversion.path as ConversionPath,
          pivot: conversion.pivot,
          stale: conversion.stale,
        }
      : null,
    version: view.version,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  };
}

/** Money as GraphQL's Float; everything else as it is. */
function graphqlValue(value: DetailsFields[DetailsField]): string | number | boolean | null {
  return value !== null && typeof value === "object" ? value.toNumber() : value;
}

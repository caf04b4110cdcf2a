import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { type AppError, graphqlCodeOf } from "../../errors";
import type { GraphQLContext } from "../../graphql/context";
import { bodyOf, renameFields, toObject } from "../details/details.resolver";
import type { WriteMode } from "../details/details.types";
import {
  type CustomerDetailsBatchError,
  CustomerDetailsBatchErrorCode,
  CustomerDetailsBatchItem,
  type CustomerDetailsBatchItemResult,
  CustomerDetailsBatchResult,
} from "./batch.graphql-types";
import type { DetailsBatchService } from "./batch.service";
import type { BatchOutcome } from "./batch.types";

const ALL_OR_NONE = {
  nullable: true,
  defaultValue: false,
  description: "One transaction: if any item fails, nothing is stored (the others report FAILED_DEPENDENCY).",
} as const;

/** The GraphQL batch door (docs/behaviour.md section 16): maps items to the batch service and outcomes back; shield has checked access. */
@Resolver()
export class CustomerDetailsBatchResolver {
  constructor(private readonly batch: DetailsBatchService) {}

  @Mutation(() => CustomerDetailsBatchResult, { description: "PUT semantics for each of 1 to 100 customers, each item as updateCustomerDetails." })
  updateCustomerDetailsBatch(
    @Arg("items", () => [CustomerDetailsBatchItem]) items: CustomerDetailsBatchItem[],
    @Arg("allOrNone", () => Boolean, ALL_OR_NONE) allOrNone: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomerDetailsBatchResult> {
    return this.write("PUT", items, allOrNone === true, ctx);
  }

  @Mutation(() => CustomerDetailsBatchResult, { description: "PATCH semantics for each of 1 to 100 customers, each item as patchCustomerDetails." })
  patchCustomerDetailsBatch(
    @Arg("items", () => [CustomerDetailsBatchItem]) items: CustomerDetailsBatchItem[],
    @Arg("allOrNone", () => Boolean, ALL_OR_NONE) allOrNone: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomerDetailsBatchResult> {
    return this.write("PATCH", items, allOrNone === true, ctx);
  }

  private async write(mode: WriteMode, items: CustomerDetailsBatchItem[], allOrNone: boolean, ctx: GraphQLContext): Promise<CustomerDetailsBatchResult> {
    const result = await this.batch.update({
      principal: ctx.principal,
      mode,
      door: "GRAPHQL",
      allOrNone,
      items: items.map(({ uuid, expectedVersion, ...input }) => ({
        uuid,
        body: bodyOf(input),
        ...(typeof expectedVersion === "number" ? { precondition: { anyVersion: false, versions: [expectedVersion] } } : {}),
      })),
    });
    return { results: result.outcomes.map(resultOf) };
  }
}

function resultOf(outcome: BatchOutcome): CustomerDetailsBatchItemResult {
  switch (outcome.kind) {
    case "written":
      return { customerUuid: outcome.uuid, details: toObject(outcome.view), error: null };
    case "skipped":
      return {
        customerUuid: outcome.uuid,
        details: null,
        error: { code: CustomerDetailsBatchErrorCode.FAILED_DEPENDENCY, message: "Failed Dependency", errors: [] },
      };
    case "failed":
      return { customerUuid: outcome.uuid, details: null, error: errorOf(outcome.error) };
  }
}

function errorOf(error: AppError): CustomerDetailsBatchError {
  const code = graphqlCodeOf(error.code);
  if (!isBatchErrorCode(code)) throw error;
  const fieldErrors = renameFields(error).fieldErrors ?? {};
  return { code, message: error.message, errors: Object.entries(fieldErrors).map(([field, messages]) => ({ field, messages })) };
}

function isBatchErrorCode(code: string): code is CustomerDetailsBatchErrorCode {
  return (Object.values(CustomerDetailsBatchErrorCode) as string[]).includes(code);
}

import { buildSchema, graphql as execute, type ExecutionResult } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { buildPermissions } from "../../src/auth/shield.rules";
import type { Principal } from "../../src/auth/principal";
import { AppError, AppErrorCode } from "../../src/errors";
import { buildBareSchema } from "../../src/graphql/schema";
import { CustomerDetailsDocument, PatchCustomerDetailsDocument, UpdateCustomerDetailsDocument } from "../../src/client";
import { DetailsOfThreeDocument, DetailsThroughFragmentsDocument, PatchTwoDocument, UpdateTwoDocument } from "../graphql/generated/operations";
import { testDatabaseKinds } from "../support/databases";
import { graphql, type GraphQLResult } from "../support/graphql";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

/**
 * graphql-shield guards every field (docs/behaviour.md sections 1, 2 and 6): a .own user reaches only its own customers,
 * whichever field, alias or fragment it uses; no credentials → UNAUTHENTICATED; what no rule allows is denied;
 * and verdicts never leak from one request to another.
 */

/** Per response key: "ok:<customer uuid>", "null", or the error code reported at that key. */
type Verdicts = Record<string, string>;

function verdictsOf(result: GraphQLResult<Record<string, { customerUuid?: string } | null>>, keys: string[]): Verdicts {
  return Object.fromEntries(
    keys.map((key) => {
      const error = result.errors?.find((candidate) => candidate.path?.[0] === key);
      const value = result.data?.[key];
      return [key, error ? String(error.extensions?.code) : value ? `ok:${value.customerUuid ?? ""}` : "null"];
    }),
  );
}

describe.each(testDatabaseKinds())("graphql-shield (%s database)", (kind) => {
  let service: RunningService;
  let seeded: Scenario;
  let own: string;
  let other: string;
  let unowned: string;
  const prisma = () => service.db.prisma;

  beforeAll(async () => {
    service = await startService(kind);
    seeded = await seedScenario(service);
    ({ salesOwned: own, otherOwned: other, unowned } = seeded.customers);
    for (const [uuid, industry] of [[own, "Own"], [other, "Other"], [unowned, "Unowned"]] as const) {
      const setup = await http("PUT", `${service.baseUrl}/api/v1/customers/${uuid}/details`, { industry }, { token: seeded.tokens.manager });
      expect(setup.status).toBe(200);
    }
  });
  afterAll(() => service?.stop());

  const detailsOf = (uuid: string) => prisma().customerDetails.findFirstOrThrow({ where: { customer: { uuid } } });

  describe("a user with only customer.details.update.own", () => {
    it("reads its own customer and no other, under any alias and in any order", async () => {
      const read = (first: string, second: string, third: string) =>
        graphql(service.baseUrl, DetailsOfThreeDocument, { first, second, third }, seeded.tokens.sales);
      const keys = ["first", "second", "third"];
      expect(verdictsOf(await read(own, other, unowned), keys)).toEqual({ first: `ok:${own}`, second: "FORBIDDEN", third: "FORBIDDEN" });
      expect(verdictsOf(await read(other, own, other), keys)).toEqual({ first: "FORBIDDEN", second: `ok:${own}`, third: "FORBIDDEN" });
      expect(verdictsOf(await read(unowned, other, own), keys)).toEqual({ first: "FORBIDDEN", second: "FORBIDDEN", third: `ok:${own}` });

      const alone = await graphql(service.baseUrl, CustomerDetailsDocument, { uuid: other }, seeded.tokens.sales);
      expect(alone.data).toEqual({ customerDetails: null });
      expect(alone.errors).toEqual([expect.objectContaining({ message: "Forbidden", path: ["customerDetails"], extensions: { code: "FORBIDDEN" } })]);
    });

    it("cannot read another's customer through a fragment spread or an inline fragment", async () => {
      const theirs = await graphql(service.baseUrl, DetailsThroughFragmentsDocument, { uuid: other }, seeded.tokens.sales);
      expect(theirs.data).toEqual({ spread: null, inline: null });
      expect(theirs.errors?.map((error) => [error.path, error.extensions?.code])).toEqual(
        expect.arrayContaining([[["spread"], "FORBIDDEN"], [["inline"], "FORBIDDEN"]]),
      );
      const mine = await graphql(service.baseUrl, DetailsThroughFragmentsDocument, { uuid: own }, seeded.tokens.sales);
      expect(mine).toMatchObject({ errors: undefined, data: { spread: { industry: expect.any(String) }, inline: { industry: expect.any(String) } } });
    });

    it("cannot change another's customer by PUT or PATCH, alone or next to its own under aliases", async () => {
      const theirsBefore = await detailsOf(other);
      const token = seeded.tokens.sales;
      const attempts = [
        await graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid: other, input: { industry: "Taken" } }, token),
        await graphql(service.baseUrl, UpdateCustomerDetailsDocument, { uuid: other, input: { industry: "Taken" } }, token),
        await graphql(service.baseUrl, UpdateTwoDocument, { first: other, second: own, input: { industry: "Taken" } }, token),
      ];
      expect(attempts.map((result) => [result.data, result.errors?.map((error) => [error.path, error.extensions?.code])])).toEqual([
        [null, [[["patchCustomerDetails"], "FORBIDDEN"]]],
        [null, [[["updateCustomerDetails"], "FORBIDDEN"]]],
        // Mutations run one after another, and a refused non-null field ends the operation: nothing after it runs.
        [null, [[["first"], "FORBIDDEN"]]],
      ]);
      expect((await detailsOf(own)).industry).toBe("Own");

      // Its own first, then someone else's: the first is applied, the second refused.
      const mixed = await graphql(service.baseUrl, PatchTwoDocument, { first: own, second: other, input: { industry: "Mine now" } }, token);
      expect(mixed.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[["second"], "FORBIDDEN"]]);
      expect((await detailsOf(own)).industry).toBe("Mine now");

      expect(await detailsOf(other)).toEqual(theirsBefore);
      const theirHistory = await prisma().customerDetailsChange.findMany({ where: { customer: { uuid: other } } });
      expect(theirHistory.map((change) => change.userId)).not.toContain(seeded.users.sales);
    });
  });

  describe("no credentials", () => {
    it("gets UNAUTHENTICATED from every root field, under every alias, without a token or with a bad one", async () => {
      for (const token of [undefined, "not-a-jwt", seeded.tokens.disabled]) {
        const results = [
          await graphql(service.baseUrl, CustomerDetailsDocument, { uuid: own }, token),
          await graphql(service.baseUrl, UpdateCustomerDetailsDocument, { uuid: own, input: {} }, token),
          await graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid: own, input: {} }, token),
        ];
        for (const result of results) {
          expect(result.errors).toEqual([expect.objectContaining({ message: "Unauthenticated.", extensions: { code: "UNAUTHENTICATED" } })]);
        }
        const aliased = await graphql(service.baseUrl, DetailsOfThreeDocument, { first: own, second: other, third: unowned }, token);
        expect(verdictsOf(aliased, ["first", "second", "third"])).toEqual({ first: "UNAUTHENTICATED", second: "UNAUTHENTICATED", third: "UNAUTHENTICATED" });
      }
    });

    it("are the only root fields there are (a new root field needs a rule and a test here)", () => {
      const schema = buildBareSchema();
      expect(Object.keys(schema.getQueryType()?.getFields() ?? {}).sort()).toEqual(["customerDetails", "customerDetailsHistory"]);
      expect(Object.keys(schema.getMutationType()?.getFields() ?? {}).sort()).toEqual([
        "patchCustomerDetails",
        "patchCustomerDetailsBatch",
        "updateCustomerDetails",
        "updateCustomerDetailsBatch",
      ]);
      expect(Object.keys(schema.getSubscriptionType()?.getFields() ?? {}).sort()).toEqual(["customerDetailsChanged"]);
    });
  });

  describe("the rule table", () => {
    // The real rules on a schema with more than they know of: an extra root field on each root type, and a type
    // with no rule at all reached through an allowed field.
    const SDL = `
      type Query {
        customerDetails(uuid: ID!): CustomerDetails
        customerDetailsHistory(uuid: ID!): CustomerDetailsChangeConnection
        unguarded: String
      }
      type Mutation {
        updateCustomerDetails(uuid: ID!): CustomerDetails
        patchCustomerDetails(uuid: ID!): CustomerDetails
        updateCustomerDetailsBatch(items: [ID!]!): CustomerDetailsBatchResult
        patchCustomerDetailsBatch(items: [ID!]!): CustomerDetailsBatchResult
        unguarded: String
      }
      type CustomerDetailsBatchResult { results: [CustomerDetailsBatchItemResult] }
      type CustomerDetailsBatchItemResult { customerUuid: ID, details: CustomerDetails, error: CustomerDetailsBatchError }
      type CustomerDetailsBatchError { code: String, errors: [CustomerDetailsFieldError] }
      type CustomerDetailsFieldError { field: String }
      type CustomerDetails { industry: String, conversion: RevenueConversion, secret: Secret }
      type RevenueConversion { rate: String }
      type Secret { value: String }
      type Subscription { customerDetailsChanged(uuid: ID!): CustomerDetailsChange }
      type CustomerDetailsChangeConnection { edges: [CustomerDetailsChangeEdge], pageInfo: PageInfo }
      type CustomerDetailsChangeEdge { cursor: String, node: CustomerDetailsChange }
      type PageInfo { hasNextPage: Boolean }
      type CustomerDetailsChange { id: ID, changes: [FieldChange] }
      type FieldChange { field: String }
    `;
    const rootValue = {
      customerDetails: () => ({ industry: "Retail", conversion: { rate: "30" }, secret: { value: "leaked" } }),
      updateCustomerDetails: () => ({ industry: "Retail" }),
      patchCustomerDetails: () => ({ industry: "Retail" }),
      patchCustomerDetailsBatch: () => ({ results: [{ customerUuid: "u", details: { industry: "Retail" }, error: { code: "NOT_FOUND", errors: [{ field: "f" }] } }] }),
      unguarded: () => "leaked",
      customerDetailsHistory: () => ({
        edges: [{ cursor: "c1", node: { id: "1", changes: [{ field: "industry" }] } }],
        pageInfo: { hasNextPage: false },
      }),
    };

    let run: (source: string, principal: Principal | null) => Promise<ExecutionResult>;
    beforeAll(() => {
      const schema = applyMiddleware(buildSchema(SDL), buildPermissions(service.services.details));
      run = (source, principal) => execute({ schema, source, rootValue, contextValue: { principal } });
    });
    const principalOf = async (token: string) => {
      const principal = await service.services.authenticator.authenticate(`Bearer ${token}`);
      if (!principal) throw new Error("no principal");
      return principal;
    };
    const denials = (result: ExecutionResult) =>
      (result.errors ?? []).map((error) => [error.path, error.originalError instanceof AppError ? error.originalError.code : error.message]);

    it("allows what its rules allow", async () => {
      const result = await run(`{ customerDetails(uuid: "${unowned}") { industry conversion { rate } } }`, await principalOf(seeded.tokens.manager));
      expect(result).toEqual({ data: { customerDetails: { industry: "Retail", conversion: { rate: "30" } } } });
    });

    it("denies a root field without a rule, on Query and on Mutation, even to a manager", async () => {
      const manager = await principalOf(seeded.tokens.manager);
      const query = await run("{ unguarded }", manager);
      expect(query.data).toEqual({ unguarded: null });
      expect(denials(query)).toEqual([[["unguarded"], AppErrorCode.Forbidden]]);
      const mutation = await run("mutation { unguarded }", manager);
      expect(denials(mutation)).toEqual([[["unguarded"], AppErrorCode.Forbidden]]);
      expect(query.errors?.[0]?.message).toBe("Forbidden");
    });

    it("denies every field of a type without a rule, even under an allowed field", async () => {
      const result = await run(`{ customerDetails(uuid: "${unowned}") { industry secret { value } } }`, await principalOf(seeded.tokens.manager));
      expect(result.data).toEqual({ customerDetails: { industry: "Retail", secret: { value: null } } });
      expect(denials(result)).toEqual([[["customerDetails", "secret", "value"], AppErrorCode.Forbidden]]);
    });

    it("checks the ruled fields as the service does: UNAUTHENTICATED, then FORBIDDEN, then NOT_FOUND", async () => {
      const field = `{ customerDetails(uuid: "${other}") { industry } }`;
      expect(denials(await run(field, null))).toEqual([[["customerDetails"], AppErrorCode.Unauthenticated]]);
      expect(denials(await run(field, await principalOf(seeded.tokens.nobody)))).toEqual([[["customerDetails"], AppErrorCode.Forbidden]]);
      expect(denials(await run(field, await principalOf(seeded.tokens.sales)))).toEqual([[["customerDetails"], AppErrorCode.Forbidden]]);
      const history = `{ customerDetailsHistory(uuid: "${other}") { pageInfo { hasNextPage } } }`;
      expect(denials(await run(history, null))).toEqual([[["customerDetailsHistory"], AppErrorCode.Unauthenticated]]);
      expect(denials(await run(history, await principalOf(seeded.tokens.nobody)))).toEqual([[["customerDetailsHistory"], AppErrorCode.Forbidden]]);
      expect(denials(await run(history, await principalOf(seeded.tokens.sales)))).toEqual([[["customerDetailsHistory"], AppErrorCode.Forbidden]]);
      expect(await run(history.replace(other, own), await principalOf(seeded.tokens.sales))).toEqual({
        data: { customerDetailsHistory: { pageInfo: { hasNextPage: false } } },
      });
      const missing = `{ customerDetails(uuid: "00000000-0000-4000-8000-000000000000") { industry } }`;
      expect(denials(await run(missing, await principalOf(seeded.tokens.sales)))).toEqual([[["customerDetails"], AppErrorCode.CustomerNotFound]]);
      expect(denials(await run(`mutation { patchCustomerDetails(uuid: "${own}") { industry } }`, await principalOf(seeded.tokens.viewer)))).toEqual([
        [["patchCustomerDetails"], AppErrorCode.Forbidden],
      ]);
      // A batch: the token and some update permission for the whole field; each item's customer is the service's.
      const batch = `mutation { patchCustomerDetailsBatch(items: ["${other}"]) { results { customerUuid details { industry } error { code errors { field } } } } }`;
      expect(denials(await run(batch, null))).toEqual([[["patchCustomerDetailsBatch"], AppErrorCode.Unauthenticated]]);
      expect(denials(await run(batch, await principalOf(seeded.tokens.viewer)))).toEqual([[["patchCustomerDetailsBatch"], AppErrorCode.Forbidden]]);
      expect(await run(batch, await principalOf(seeded.tokens.sales))).toEqual({
        data: { patchCustomerDetailsBatch: { results: [{ customerUuid: "u", details: { industry: "Retail" }, error: { code: "NOT_FOUND", errors: [{ field: "f" }] } }] } },
      });
    });
  });

  describe("concurrent requests", () => {
    it("give every request exactly its own verdicts", async () => {
      const rounds = 15;
      const customers = [own, other, unowned];
      const keys = ["first", "second", "third"];
      const jobs: Promise<{ job: string; verdicts: Verdicts }>[] = [];
      const expected: { job: string; verdicts: Verdicts }[] = [];

      for (let round = 0; round < rounds; round += 1) {
        // Rotate the customers over the aliases, so that a verdict cached by alias or position would show.
        const [first, second, third] = customers.map((_, index) => customers[(index + round) % customers.length] ?? own) as [string, string, string];
        const order = { first, second, third };
        const readAs = (who: string, token: string | undefined, verdict: (uuid: string) => string) => {
          jobs.push(graphql(service.baseUrl, DetailsOfThreeDocument, order, token).then((result) => ({ job: `${who} read ${round}`, verdicts: verdictsOf(result, keys) })));
          expected.push({ job: `${who} read ${round}`, verdicts: Object.fromEntries(keys.map((key) => [key, verdict(order[key as keyof typeof order])])) });
        };
        const writeAs = (who: string, token: string, uuid: string, verdict: string) => {
          const input = { industry: `${who} ${round}` };
          jobs.push(
            graphql(service.baseUrl, PatchCustomerDetailsDocument, { uuid, input }, token).then((result) => ({
              job: `${who} writes ${uuid} ${round}`,
              verdicts: verdictsOf(result as GraphQLResult<Record<string, { customerUuid?: string } | null>>, ["patchCustomerDetails"]),
            })),
          );
          expected.push({ job: `${who} writes ${uuid} ${round}`, verdicts: { patchCustomerDetails: verdict } });
        };
        readAs("sales", seeded.tokens.sales, (uuid) => (uuid === own ? `ok:${own}` : "FORBIDDEN"));
        readAs("manager", seeded.tokens.manager, (uuid) => `ok:${uuid}`);
        readAs("anonymous", undefined, () => "UNAUTHENTICATED");
        readAs("viewer", seeded.tokens.viewer, (uuid) => `ok:${uuid}`);
        writeAs("sales", seeded.tokens.sales, own, `ok:${own}`);
        writeAs("sales", seeded.tokens.sales, other, "FORBIDDEN");
        writeAs("manager", seeded.tokens.manager, other, `ok:${other}`);
        writeAs("viewer", seeded.tokens.viewer, unowned, "FORBIDDEN");
      }

      expect(await Promise.all(jobs)).toEqual(expected);
      const writers = async (uuid: string) =>
        new Set((await prisma().customerDetailsChange.findMany({ where: { customer: { uuid }, door: "GRAPHQL" } })).map((change) => change.userId));
      expect(await writers(other)).toEqual(new Set([seeded.users.manager]));
      expect(await writers(unowned)).toEqual(new Set());
    });
  });
});

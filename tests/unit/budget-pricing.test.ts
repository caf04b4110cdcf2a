import Fastify from "fastify";
import { getOperationAST, parse } from "graphql";
import { registerBudgetHooks, costOfItems } from "../../src/limits/budget-hooks";
import { Budgets } from "../../src/limits/budgets";
import { operationPrice } from "../../src/limits/graphql-price";

/** The price list of docs/behaviour.md section 14, and the hooks a batch door uses to cost one unit per item. */

const price = (text: string, variables: Record<string, unknown> = {}, operationName?: string) => {
  const document = parse(text);
  return operationPrice(document, getOperationAST(document, operationName), variables);
};

describe("operationPrice", () => {
  it("costs one unit per root field that would run, at least 1", () => {
    expect(price("{ a }")).toBe(1);
    expect(price("{ __typename }")).toBe(1);
    expect(price("{ a b c }")).toBe(3);
    expect(price("mutation { x: patch(id: 1) { id } y: patch(id: 2) { id } }")).toBe(2);
    // Same response key: merged by GraphQL, runs once; fragments and inline fragments are followed once.
    expect(price("{ a a ...F ... on Query { b } } fragment F on Query { a c }")).toBe(3);
    expect(price("query One { a } query Two { a b }", {}, "Two")).toBe(2);
  });

  it("costs a batch field one unit per item of its items list, literal or variable, directly or in its input", () => {
    expect(price("mutation { patchCustomerDetailsBatch(items: [{a: 1}, {a: 2}, {a: 3}]) { ok } }")).toBe(3);
    expect(price("mutation($items: [In!]!) { patchCustomerDetailsBatch(items: $items) { ok } }", { items: Array(7).fill({}) })).toBe(7);
    expect(price("mutation { updateCustomerDetailsBatch(input: {items: [{a: 1}, {a: 2}]}) { ok } }")).toBe(2);
    expect(price("mutation($input: In!) { updateCustomerDetailsBatch(input: $input) { ok } }", { input: { items: Array(4).fill({}) } })).toBe(4);
    // Two aliased batches add up; an empty list or a single item still costs 1.
    expect(price("mutation($a: [In!]!) { x: patchCustomerDetailsBatch(items: $a) { ok } y: patchCustomerDetailsBatch(items: [{}, {}]) { ok } }", { a: Array(5).fill({}) })).toBe(7);
    expect(price("mutation { patchCustomerDetailsBatch(items: []) { ok } }")).toBe(1);
    expect(price("mutation { patchCustomerDetailsBatch(items: {a: 1}) { ok } }")).toBe(1);
  });
});

describe("a REST route's budgetCost", () => {
  it("charges a batch one unit per item once its body is read, and refuses one the budget cannot cover", async () => {
    const budgets = new Budgets({ perMinute: 10, anonymousPerMinute: 10 });
    const app = Fastify();
    const hooks = registerBudgetHooks(app, budgets, { authenticator: { authenticate: async () => null }, graphqlPath: "/graphql", log: app.log });
    await app.register(async (scope) => {
      hooks.countRoutes(scope);
      scope.post("/batch", { config: { budgetCost: costOfItems } }, async () => ({ ok: true }));
      scope.post("/single", async () => ({ ok: true }));
    });
    try {
      const send = (url: string, body: unknown) => app.inject({ method: "POST", url, payload: body as object });
      const four = await send("/batch", { items: [1, 2, 3, 4] });
      expect([four.statusCode, four.headers.ratelimit]).toEqual([200, expect.stringMatching(/^"address";r=6;t=(59|60)$/)]);
      const single = await send("/single", { items: [1, 2, 3] });
      expect(single.headers.ratelimit).toMatch(/^"address";r=5;t=(59|60)$/);
      const tooMany = await send("/batch", { items: Array(6).fill(0) });
      expect([tooMany.statusCode, tooMany.json()]).toEqual([429, { message: "Too Many Requests" }]);
      expect(tooMany.headers["retry-after"]).toMatch(/^(59|60)$/);
    } finally {
      await app.close();
    }
  });
});

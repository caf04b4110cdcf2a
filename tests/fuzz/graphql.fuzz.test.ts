import fc from "fast-check";
import { testDatabaseKinds } from "../support/databases";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";
import { anyText, fingerprint, fuzzParameters, fuzzTimeout } from "./fuzz-support";

/**
 * Fuzzing the GraphQL door (docs/behaviour.md sections 6 and 9) with fast-check: documents built from the schema's names
 * and from noise (aliases, depth, fragments, literals of any shape, operations of every type), and the documented
 * operations with variables of any shape. Invariants for every case: never a 5xx; errors are a non-empty list, each
 * with a message and a client code (never INTERNAL_SERVER_ERROR); a request that changed nothing it reports
 * (no mutation data) left customer_details and its history as they were.
 */

const FIELD_NAMES = ["id", "customerId", "customerUuid", "annualRevenue", "annualRevenueCurrency", "annualRevenueConverted", "employeeCount", "industry", "website", "address", "isActive", "version", "createdAt", "updatedAt", "__typename", "nope", "conversion"];
const INPUT_FIELDS = ["annualRevenue", "annualRevenueCurrency", "employeeCount", "industry", "website", "address", "isActive", "unknownField"];

interface GraphQLAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | null;
}

/** A GraphQL literal of any shape, nested up to a few levels. */
const literal: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
    fc.constantFrom("true", "false", "null", "USD", "$uuid", "$input", '"2000000"', '"example.com:8080"', "1e400", "-0"),
    anyText(20).map((text) => JSON.stringify(text)),
    fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(", ")}]`),
    fc.array(fc.tuple(fc.constantFrom(...INPUT_FIELDS), tie("value")), { maxLength: 5 }).map((entries) => `{${entries.map(([key, value]) => `${key}: ${value}`).join(", ")}}`),
  ),
})).value;

/** Mostly fields of CustomerDetails that exist (leaves, and conversion with its own selection); sometimes others. */
const fieldName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("id", "industry", "employeeCount", "version", "website", "isActive", "annualRevenue", "__typename", "conversion { rate source }") },
  { weight: 1, arbitrary: fc.constantFrom(...FIELD_NAMES) },
);

/** Mostly no alias; sometimes one (enough of them cross the alias limit). */
const alias = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,6}$/) },
);

/** A selection set over the CustomerDetails fields, with aliases and nesting. */
const selection: fc.Arbitrary<string> = fc.letrec<{ set: string }>((tie) => ({
  set: fc
    .array(
      fc.tuple(alias, fieldName, fc.oneof({ depthSize: "small" }, { weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: tie("set") })),
      { minLength: 1, maxLength: 6 },
    )
    .map((fields) => `{ ${fields.map(([alias, name, sub]) => `${alias ? `${alias}: ` : ""}${name}${sub && !name.includes("{") ? ` ${sub}` : ""}`).join(" ")} }`),
})).set;

/** "%UUID%" stands for the customer uuid each case picks. */
const canonicalArguments: Record<string, string> = {
  customerDetails: '(uuid: "%UUID%")',
  patchCustomerDetails: '(uuid: "%UUID%", input: {employeeCount: 7, industry: "Fuzz"})',
  updateCustomerDetails: '(uuid: "%UUID%", input: {isActive: false})',
  customerDetailsHistory: '(uuid: "%UUID%", first: 2)',
  customerDetailsChanged: '(uuid: "%UUID%")',
};

const rootField = (fields: string[]) =>
  fc
    .tuple(
      alias,
      fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: fc.constantFrom("customerDetailsHistory", "customerDetailsChanged", "__schema", "__type", "unknownRoot") }),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom("uuid", "input", "expectedVersion", "first", "after", "name", "bogus"), literal), { maxLength: 4 }) },
      ),
      selection,
    )
    .map(([name, field, args, sub]) => {
      const argumentText = args === null ? (canonicalArguments[field] ?? "") : args.length ? `(${args.map(([key, value]) => `${key}: ${value}`).join(", ")})` : "";
      return `${name ? `${name}: ` : ""}${field}${argumentText} ${sub}`;
    });

/** Whole documents: queries and mutations built from the schema's names (most), mixed-up ones, or any text at all. */
const document = fc.oneof(
  { weight: 3, arbitrary: fc.array(rootField(["customerDetails"]), { minLength: 1, maxLength: 3 }).map((fields) => `query { ${fields.join(" ")} }`) },
  { weight: 3, arbitrary: fc.array(rootField(["patchCustomerDetails", "updateCustomerDetails"]), { minLength: 1, maxLength: 3 }).map((fields) => `mutation { ${fields.join(" ")} }`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom("query", "mutation", "subscription", ""),
        fc.option(fc.constantFrom("($uuid: ID!)", "($uuid: ID!, $input: CustomerDetailsPatchInput!)", "($x: Int = 1)", "($input: String)"), { nil: undefined }),
        fc.array(rootField(["customerDetails", "patchCustomerDetails", "updateCustomerDetails"]), { minLength: 1, maxLength: 7 }),
        fc.option(fc.constantFrom(" fragment F on CustomerDetails { id ...F }", " fragment G on Query { __typename }"), { nil: undefined }),
      )
      .map(([type, variables, fields, fragment]) => `${type}${type && variables ? ` Op${variables}` : ""} { ${fields.join(" ")} }${fragment ?? ""}`),
  },
  { weight: 1, arbitrary: anyText(200) },
  { weight: 1, arbitrary: fc.nat({ max: 3000 }).map((depth) => `{ customerDetails(uuid: ${"[".repeat(depth)}${"]".repeat(depth)}) { id } }`) },
);

const PATCH = `mutation PatchCustomerDetails($uuid: ID!, $input: CustomerDetailsPatchInput!, $expectedVersion: Int) {
  patchCustomerDetails(uuid: $uuid, input: $input, expectedVersion: $expectedVersion) { id employeeCount industry website version }
}`;
const UPDATE = `mutation UpdateCustomerDetails($uuid: ID!, $input: CustomerDetailsInput!) {
  updateCustomerDetails(uuid: $uuid, input: $input) { id employeeCount version }
}`;

describe.each(testDatabaseKinds())("GraphQL fuzzing (%s database)", (kind) => {
  let service: RunningService;
  let seeded: Scenario;
  let state: string;

  beforeAll(async () => {
    service = await startService(kind);
    seeded = await seedScenario(service);
    state = await fingerprint(service);
  });
  afterAll(() => service?.stop());

  async function post(payload: unknown, token = seeded.tokens.manager): Promise<GraphQLAnswer> {
    const response = await fetch(`${service.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(payload),
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as GraphQLAnswer["body"] };
  }

  /** The invariants every answer meets; returns whether a mutation reported data (and so may have changed rows). */
  async function expectWellFormed(answer: GraphQLAnswer): Promise<void> {
    expect(answer.status).toBeLessThan(500);
    const errors = answer.body?.errors;
    if (answer.status !== 200) expect(errors?.length).toBeGreaterThan(0);
    for (const error of errors ?? []) {
      expect(typeof error.message).toBe("string");
      expect(typeof error.extensions?.code).toBe("string");
      expect(error.extensions?.code).not.toBe("INTERNAL_SERVER_ERROR");
    }
    const changed = Object.values(answer.body?.data ?? {}).some((value) => value !== null);
    const now = await fingerprint(service);
    if (!changed) expect(now).toBe(state);
    state = now;
  }

  const DOCUMENT_RUNS = 250;
  it(
    "documents: no 5xx, errors with messages and client codes, nothing changed unless a mutation reported it",
    async () => {
      await fc.assert(
        fc.asyncProperty(document, fc.constantFrom(seeded.customers.unowned, seeded.customers.otherOwned, "not-a-uuid"), fc.constantFrom("manager", "sales", "viewer"), async (query, uuid, who) => {
          const answer = await post({ query: query.replaceAll("%UUID%", uuid), variables: { uuid, input: { employeeCount: query.length % 1000 } } }, seeded.tokens[who as "manager"]);
          await expectWellFormed(answer);
        }),
        fuzzParameters(DOCUMENT_RUNS),
      );
    },
    fuzzTimeout(DOCUMENT_RUNS),
  );

  const VARIABLE_RUNS = 200;
  it(
    "variables: any JSON in uuid, input and expectedVersion of the documented mutations",
    async () => {
      const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), anyText(60), fc.double(), fc.constantFrom(2000000, "USD", "example.com:8080", null, true, 1e21, -1, 10_000_001));
      const input = fc.oneof(
        { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...INPUT_FIELDS), value, { maxKeys: 8 }) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
      );
      const variables = fc.record(
        {
          uuid: fc.oneof(fc.constant(seeded.customers.unowned), fc.constant(seeded.customers.salesOwned), fc.uuid(), value),
          input,
          expectedVersion: fc.oneof(fc.integer(), value),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(PATCH, PATCH, UPDATE), fc.oneof({ weight: 5, arbitrary: variables }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }), async (query, vars) => {
          await expectWellFormed(await post({ query, variables: vars }));
        }),
        fuzzParameters(VARIABLE_RUNS),
      );
    },
    fuzzTimeout(VARIABLE_RUNS),
  );
});

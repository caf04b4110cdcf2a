import { createHash } from "node:crypto";
import { getIntrospectionQuery } from "graphql";
import { testDatabaseKinds } from "../support/databases";
import { graphqlText, type GraphQLResult } from "../support/graphql";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

/**
 * docs/behaviour.md section 9: GraphQL operations are bounded before they run (aliases 15, depth 10 with introspection
 * exempt, 2000 tokens, 5 root mutation fields), refused with HTTP 400 and GRAPHQL_VALIDATION_FAILED with nothing
 * executed; client mistakes (subscriptions over HTTP, persisted-query errors, nesting too deep for the parser) get a
 * client code, never INTERNAL_SERVER_ERROR or a 5xx.
 */

const aliasedReads = (count: number, uuid: string) =>
  `query { ${Array.from({ length: count }, (_, i) => `a${i}: customerDetails(uuid: "${uuid}") { industry }`).join(" ")} }`;

const aliasedPatches = (count: number, uuid: string) =>
  `mutation { ${Array.from({ length: count }, (_, i) => `p${i}: patchCustomerDetails(uuid: "${uuid}", input: {employeeCount: ${i + 1}}) { employeeCount }`).join(" ")} }`;

/** An introspection query `depth` fields deep that does not start at __schema. */
function deepTypeQuery(depth: number): string {
  // __type(1) { fields(2) { type(3) { ofType(4) ... { name(depth) } } } }
  let inner = "name";
  for (let level = depth; level > 4; level -= 1) inner = `ofType { ${inner} }`;
  return `{ __type(name: "Query") { fields { type { ${inner} } } } }`;
}

function expectRefused(result: GraphQLResult<unknown>, code: string, message: RegExp): void {
  expect(result.status).toBe(400);
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0]?.extensions?.code).toBe(code);
  expect(result.errors?.[0]?.message).toMatch(message);
  expect(result.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
}

describe.each(testDatabaseKinds())("GraphQL bounds (%s database)", (kind) => {
  let service: RunningService;
  let seeded: Scenario;
  let uuid: string;

  beforeAll(async () => {
    service = await startService(kind);
    seeded = await seedScenario(service);
    uuid = seeded.customers.unowned;
  });
  afterAll(() => service?.stop());

  const run = (query: string, extra: Record<string, unknown> = {}) =>
    http<{ data?: unknown; errors?: GraphQLResult<unknown>["errors"] }>("POST", `${service.baseUrl}/graphql`, { query, ...extra }, { token: seeded.tokens.manager });
  const asResult = (response: Awaited<ReturnType<typeof run>>): GraphQLResult<unknown> => ({
    status: response.status,
    data: response.body?.data,
    errors: response.body?.errors,
  });
  const stored = async () => ({
    details: await service.db.prisma.customerDetails.findMany({ orderBy: { id: "asc" } }),
    changes: await service.db.prisma.customerDetailsChange.count(),
  });

  it("allows 15 aliases and refuses 16 with 400 GRAPHQL_VALIDATION_FAILED", async () => {
    const fifteen = await graphqlText(service.baseUrl, aliasedReads(15, uuid), {}, seeded.tokens.manager);
    expect(fifteen.status).toBe(200);
    expect(fifteen.errors).toBeUndefined();
    const sixteen = await graphqlText(service.baseUrl, aliasedReads(16, uuid), {}, seeded.tokens.manager);
    expectRefused(sixteen, "GRAPHQL_VALIDATION_FAILED", /^Aliases limit of 15 exceeded, found 16/);
  });

  it("refuses a mutation with 16 aliases (and 16 root fields) without running any of it", async () => {
    const before = await stored();
    const result = await graphqlText(service.baseUrl, aliasedPatches(16, uuid), {}, seeded.tokens.manager);
    expect(result.status).toBe(400);
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_VALIDATION_FAILED"]);
    expect(await stored()).toEqual(before);
  });

  it("allows 5 root mutation fields and refuses 6 (also through fragments) without running any of it", async () => {
    const before = await stored();
    const six = await graphqlText(service.baseUrl, aliasedPatches(6, uuid), {}, seeded.tokens.manager);
    expectRefused(six, "GRAPHQL_VALIDATION_FAILED", /at most 5 root fields; this one has 6/);
    const throughFragments = await graphqlText(
      service.baseUrl,
      `mutation { ...Three ... on Mutation { d: patchCustomerDetails(uuid: "${uuid}", input: {}) { id } e: patchCustomerDetails(uuid: "${uuid}", input: {}) { id } f: patchCustomerDetails(uuid: "${uuid}", input: {}) { id } } }
       fragment Three on Mutation { a: patchCustomerDetails(uuid: "${uuid}", input: {}) { id } b: patchCustomerDetails(uuid: "${uuid}", input: {}) { id } c: patchCustomerDetails(uuid: "${uuid}", input: {}) { id } }`,
      {},
      seeded.tokens.manager,
    );
    expectRefused(throughFragments, "GRAPHQL_VALIDATION_FAILED", /this one has 6/);
    expect(await stored()).toEqual(before);

    const five = await graphqlText<Record<string, { employeeCount: number }>>(service.baseUrl, aliasedPatches(5, uuid), {}, seeded.tokens.manager);
    expect(five.status).toBe(200);
    expect(five.errors).toBeUndefined();
    expect(five.data?.p4?.employeeCount).toBe(5);
  });

  it("refuses depth 11, allows depth 10, and exempts __schema introspection (enabled here)", async () => {
    const ten = await graphqlText(service.baseUrl, deepTypeQuery(10));
    expect(ten.errors).toBeUndefined();
    expect(ten.status).toBe(200);
    expectRefused(await graphqlText(service.baseUrl, deepTypeQuery(11)), "GRAPHQL_VALIDATION_FAILED", /^Query depth limit of 10 exceeded, found 11/);
    const introspection = await graphqlText<{ __schema: { types: unknown[] } }>(service.baseUrl, getIntrospectionQuery());
    expect(introspection.status).toBe(200);
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data?.__schema.types.length).toBeGreaterThan(5);
  });

  it("allows 2000 tokens and refuses 2001 with 400 GRAPHQL_VALIDATION_FAILED", async () => {
    // `query Qn { __typename }` is 5 tokens; many small operations keep validation itself cheap.
    const operations = (count: number) => Array.from({ length: count }, (_, i) => `query Q${i} { __typename }`);
    const exactly = asResult(await run(operations(400).join("\n"), { operationName: "Q399" }));
    expect(exactly.errors).toBeUndefined();
    expect(exactly).toMatchObject({ status: 200, data: { __typename: "Query" } });
    const oneMore = asResult(await run([...operations(399), "query Last { __typename __typename }"].join("\n"), { operationName: "Q0" }));
    expectRefused(oneMore, "GRAPHQL_VALIDATION_FAILED", /^The document has more than 2000 tokens\.$/);
  });

  it("answers a deeply nested literal (under the token limit) with a client error, never a 5xx", async () => {
    const depth = 990;
    const result = await graphqlText(service.baseUrl, `{ customerDetails(uuid: ${"[".repeat(depth)}${"]".repeat(depth)}) { id } }`, {}, seeded.tokens.manager);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("answers a subscription over HTTP with 400 BAD_REQUEST (an invalid one with its validation error)", async () => {
    const valid = `subscription { customerDetailsChanged(uuid: "${uuid}") { created } }`;
    expectRefused(await graphqlText(service.baseUrl, valid, {}, seeded.tokens.manager), "BAD_REQUEST", /WebSocket/);
    expectRefused(await graphqlText(service.baseUrl, "subscription { x }", {}, seeded.tokens.manager), "GRAPHQL_VALIDATION_FAILED", /Cannot query field "x"/);
  });

  it("answers persisted-query mistakes with client codes", async () => {
    const query = "{ __typename }";
    const hash = createHash("sha256").update(query).digest("hex");
    const unknown = asResult(await run(undefined as unknown as string, { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }));
    // The GraphQL-over-HTTP convention for persisted-query negotiation: 200 with PERSISTED_QUERY_NOT_FOUND.
    expect(unknown.status).toBe(200);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const mismatch = asResult(await run(query, { extensions: { persistedQuery: { version: 1, sha256Hash: "1".repeat(64) } } }));
    expectRefused(mismatch, "BAD_REQUEST", /does not match/);
    const version = asResult(await run(query, { extensions: { persistedQuery: { version: 2, sha256Hash: hash } } }));
    expectRefused(version, "BAD_REQUEST", /Unsupported persisted query version/);
    const registered = asResult(await run(query, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }));
    expect(registered).toMatchObject({ status: 200, data: { __typename: "Query" } });
  });
});

describe.each(testDatabaseKinds())("GraphQL bounds, configured and in production (%s database)", (kind) => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService(kind, {
      env: { NODE_ENV: "production", GRAPHQL_MAX_ALIASES: "2", GRAPHQL_MAX_DEPTH: "2", GRAPHQL_MAX_TOKENS: "100000", GRAPHQL_MAX_ROOT_FIELDS: "1" },
    });
  });
  afterAll(() => service?.stop());

  it("applies the configured limits", async () => {
    expectRefused(await graphqlText(service.baseUrl, "{ a: __typename b: __typename c: customerDetails(uuid: \"x\") { id } d: customerDetails(uuid: \"y\") { id } e: customerDetails(uuid: \"z\") { id } }"), "GRAPHQL_VALIDATION_FAILED", /Aliases limit of 2 exceeded, found 3/);
    expectRefused(await graphqlText(service.baseUrl, '{ customerDetails(uuid: "x") { conversion { rate } } }'), "GRAPHQL_VALIDATION_FAILED", /depth limit of 2 exceeded/);
    expectRefused(
      await graphqlText(service.baseUrl, 'mutation { a: patchCustomerDetails(uuid: "x", input: {}) { id } b: patchCustomerDetails(uuid: "y", input: {}) { id } }'),
      "GRAPHQL_VALIDATION_FAILED",
      /at most 1 root fields; this one has 2/,
    );
  });

  it("answers a literal nested deeper than the parser's stack with 400, not 500", async () => {
    const depth = 30_000;
    const result = await graphqlText(service.baseUrl, `{ customerDetails(uuid: ${"[".repeat(depth)}${"]".repeat(depth)}) { id } }`);
    expectRefused(result, "GRAPHQL_VALIDATION_FAILED", /^The document is nested too deeply\.$/);
  });

  it("suggests no schema names in its errors and refuses introspection", async () => {
    const misspelt = await graphqlText(service.baseUrl, '{ customerDetail(uuid: "x") { id } }');
    expect(misspelt.status).toBe(400);
    expect(misspelt.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(misspelt.errors)).not.toMatch(/Did you mean|customerDetails/);
    const introspection = await graphqlText(service.baseUrl, "{ __schema { types { name } } }");
    expect(introspection.status).toBe(400);
    expect(introspection.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe.each(testDatabaseKinds())("GraphQL client mistakes are not logged as server errors (%s database)", (kind) => {
  let service: RunningService;
  const lines: { level: number; msg?: string; err?: { stack?: string } }[] = [];

  beforeAll(async () => {
    const logStream = { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) };
    service = await startService(kind, { env: { LOG_LEVEL: "info", GRAPHQL_MAX_TOKENS: "50000" }, logStream });
  });
  afterAll(() => service?.stop());

  it("answers a subscription over HTTP, a mismatching persisted query, parser overflow and the token limit with 4xx, logging no error", async () => {
    const send = (body: unknown) => http<{ errors?: GraphQLResult<unknown>["errors"] }>("POST", `${service.baseUrl}/graphql`, body);
    const answers = [
      await send({ query: "subscription { customerDetailsChanged(uuid: \"x\") { created } }" }),
      await send({ query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "f".repeat(64) } } }),
      await send({ query: `{ customerDetails(uuid: ${"[".repeat(20_000)}${"]".repeat(20_000)}) { id } }` }),
      // 50,000 tokens in 50 KB, nested two deep: "[]" is two tokens.
      await send({ query: `{ customerDetails(uuid: [${"[]".repeat(25_000)}]) { id } }` }),
    ];
    expect(answers.map((answer) => [answer.status, answer.body.errors?.[0]?.extensions?.code])).toEqual([
      [400, "BAD_REQUEST"],
      [400, "BAD_REQUEST"],
      [400, "GRAPHQL_VALIDATION_FAILED"],
      [400, "GRAPHQL_VALIDATION_FAILED"],
    ]);
    expect(answers[3]?.body.errors?.[0]?.message).toBe("The document has more than 50000 tokens.");
    // The requests were logged (at info), none as an error, none with a stack.
    expect(lines.filter((line) => line.msg === "request completed").length).toBeGreaterThanOrEqual(4);
    expect(lines.filter((line) => line.level >= 50 || line.err?.stack !== undefined)).toEqual([]);
  });
});

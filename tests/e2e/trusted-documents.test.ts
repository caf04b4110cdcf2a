import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, print } from "graphql";
import {
  CustomerDetailsDocument,
  DOCUMENT_IDS,
  PatchCustomerDetailsDocument,
  createGraphQLClient,
  type GraphQLClient,
} from "../../src/client";
import { buildManifest, documentIdOf } from "../../src/graphql/trusted-documents/manifest";
import { testDatabaseKinds } from "../support/databases";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";
import { wsClient } from "../support/subscription-client";
import { CustomerDetailsChangedDocument } from "../graphql/generated/operations";

interface Answer {
  status: number;
  codes: (string | undefined)[];
  data: unknown;
}

const FREE_TEXT = "query FreeText($uuid: ID!) { customerDetails(uuid: $uuid) { employeeCount } }";
const idOf = (document: Parameters<typeof DOCUMENT_IDS.get>[0]): string => {
  const id = DOCUMENT_IDS.get(document);
  if (id === undefined) throw new Error("not a trusted document of the package");
  return id;
};

/** POSTs a raw GraphQL body: the error codes, the status and the data. */
async function post(baseUrl: string, body: Record<string, unknown>, token?: string): Promise<Answer> {
  const answer = await http<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>("POST", `${baseUrl}/graphql`, body, token ? { token } : {});
  return { status: answer.status, codes: (answer.body?.errors ?? []).map((error) => error.extensions?.code), data: answer.body?.data ?? null };
}

/** Runs one operation over WebSocket with this payload; what came back (data or error codes). */
function overWebSocket(baseUrl: string, token: string, payload: Record<string, unknown>): Promise<{ data?: unknown; codes?: (string | undefined)[] }> {
  return overWebSocketWith(baseUrl, { Authorization: `Bearer ${token}` }, payload);
}

function overWebSocketWith(baseUrl: string, connectionParams: Record<string, unknown>, payload: Record<string, unknown>): Promise<{ data?: unknown; codes?: (string | undefined)[] }> {
  const client = wsClient(baseUrl, connectionParams);
  return new Promise<{ data?: unknown; codes?: (string | undefined)[] }>((resolve) => {
    let result: { data?: unknown; codes?: (string | undefined)[] } = {};
    client.subscribe(payload as { query: string }, {
      next: (value) => (result = { data: value.data }),
      error: (error: unknown) => {
        const errors = Array.isArray(error) ? (error as { extensions?: { code?: string } }[]) : [];
        resolve({ codes: errors.map((item) => item.extensions?.code) });
      },
      complete: () => resolve(result),
    });
  }).finally(() => client.dispose());
}

describe.each(testDatabaseKinds())("trusted documents: GRAPHQL_TRUSTED_DOCUMENTS=require (%s database)", (kind) => {
  let service: RunningService;
  let scenario: Scenario;
  let byId: GraphQLClient;
  let byText: GraphQLClient;

  beforeAll(async () => {
    service = await startService(kind, { env: { GRAPHQL_TRUSTED_DOCUMENTS: "require" } });
    scenario = await seedScenario(service);
    byId = createGraphQLClient({ baseUrl: service.baseUrl, token: scenario.tokens.manager, sendDocumentIds: true });
    byText = createGraphQLClient({ baseUrl: service.baseUrl, token: scenario.tokens.manager });
  });
  afterAll(() => service?.stop());

  it("runs the package's own typed client, which sends ids, and refuses its free text with 400 before anything runs", async () => {
    const uuid = scenario.customers.unowned;
    const patched = await byId.request(PatchCustomerDetailsDocument, { uuid, input: { employeeCount: 41 } });
    expect([patched.status, patched.data?.patchCustomerDetails.employeeCount]).toEqual([200, 41]);
    const refused = await byText.request(PatchCustomerDetailsDocument, { uuid, input: { employeeCount: 999 } });
    expect([refused.status, refused.data ?? null, refused.errors?.map((error) => error.extensions?.code)]).toEqual([400, null, ["PERSISTED_QUERY_REQUIRED"]]);
    const read = await byId.request(CustomerDetailsDocument, { uuid });
    expect([read.status, read.data?.customerDetails?.employeeCount]).toEqual([200, 41]);
  });

  it("takes an id as documentId (bare or sha256:-prefixed) or as Apollo's extensions.persistedQuery; an unknown id is 400 PERSISTED_QUERY_NOT_FOUND", async () => {
    const variables = { uuid: scenario.customers.salesOwned };
    const id = idOf(CustomerDetailsDocument);
    const ok = { status: 200, codes: [], data: { customerDetails: null } };
    expect(await post(service.baseUrl, { documentId: id, variables }, scenario.tokens.manager)).toEqual(ok);
    expect(await post(service.baseUrl, { documentId: `sha256:${id}`, variables }, scenario.tokens.manager)).toEqual(ok);
    expect(await post(service.baseUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: id } }, variables }, scenario.tokens.manager)).toEqual(ok);
    const unknown = { status: 400, codes: ["PERSISTED_QUERY_NOT_FOUND"], data: null };
    expect(await post(service.baseUrl, { documentId: documentIdOf(FREE_TEXT), variables }, scenario.tokens.manager)).toEqual(unknown);
    expect(await post(service.baseUrl, { documentId: 42, variables }, scenario.tokens.manager)).toEqual(unknown);
    expect(await post(service.baseUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } }, variables })).toEqual(unknown);
  });

  it("treats an APQ registration as free text unless the manifest holds that id for exactly that text", async () => {
    const variables = { uuid: scenario.customers.salesOwned };
    const registration = await post(service.baseUrl, { query: FREE_TEXT, extensions: { persistedQuery: { version: 1, sha256Hash: documentIdOf(FREE_TEXT) } }, variables }, scenario.tokens.manager);
    expect(registration).toEqual({ status: 400, codes: ["PERSISTED_QUERY_REQUIRED"], data: null });
    const body = print(CustomerDetailsDocument);
    const known = await post(service.baseUrl, { query: body, extensions: { persistedQuery: { version: 1, sha256Hash: idOf(CustomerDetailsDocument) } }, variables }, scenario.tokens.manager);
    expect(known).toEqual({ status: 200, codes: [], data: { customerDetails: null } });
    const mismatched = await post(service.baseUrl, { query: FREE_TEXT, extensions: { persistedQuery: { version: 1, sha256Hash: idOf(CustomerDetailsDocument) } }, variables }, scenario.tokens.manager);
    expect(mismatched).toEqual({ status: 400, codes: ["PERSISTED_QUERY_REQUIRED"], data: null });
  });

  it("applies to GraphQL over GET too", async () => {
    const get = async (params: Record<string, string>) => {
      const answer = await http<{ errors?: { extensions?: { code?: string } }[]; data?: unknown }>("GET", `${service.baseUrl}/graphql?${new URLSearchParams(params).toString()}`, undefined, {
        token: scenario.tokens.manager,
        headers: { "apollo-require-preflight": "true", accept: "application/json" },
      });
      return [answer.status, (answer.body?.errors ?? []).map((error) => error.extensions?.code), answer.body?.data ?? null];
    };
    const variables = JSON.stringify({ uuid: scenario.customers.salesOwned });
    expect(await get({ query: FREE_TEXT, variables })).toEqual([400, ["PERSISTED_QUERY_REQUIRED"], null]);
    expect(await get({ documentId: idOf(CustomerDetailsDocument), variables })).toEqual([200, [], { customerDetails: null }]);
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: idOf(CustomerDetailsDocument) } });
    expect(await get({ extensions, variables })).toEqual([200, [], { customerDetails: null }]);
  });

  it("applies to WebSocket operations and subscriptions: free text gets an error PERSISTED_QUERY_REQUIRED, an id runs", async () => {
    const variables = { uuid: scenario.customers.salesOwned };
    expect(await overWebSocket(service.baseUrl, scenario.tokens.manager, { query: print(CustomerDetailsChangedDocument), variables })).toEqual({ codes: ["PERSISTED_QUERY_REQUIRED"] });
    expect(await overWebSocket(service.baseUrl, scenario.tokens.manager, { query: "", documentId: documentIdOf(FREE_TEXT), variables })).toEqual({ codes: ["PERSISTED_QUERY_NOT_FOUND"] });
    expect(await overWebSocket(service.baseUrl, scenario.tokens.manager, { query: "", documentId: idOf(CustomerDetailsDocument), variables })).toEqual({ data: { customerDetails: null } });
    const extensions = { persistedQuery: { version: 1, sha256Hash: idOf(CustomerDetailsDocument) } };
    expect(await overWebSocket(service.baseUrl, scenario.tokens.manager, { query: "", extensions, variables })).toEqual({ data: { customerDetails: null } });
  });
});

describe("trusted documents: GRAPHQL_TRUSTED_DOCUMENTS=allow with a manifest of one's own", () => {
  let service: RunningService;
  let scenario: Scenario;
  let dir: string;
  const mine = "query MyDashboard($uuid: ID!) { customerDetails(uuid: $uuid) { industry } }";

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cd-manifest-"));
    const file = path.join(dir, "manifest.json");
    await writeFile(file, JSON.stringify(buildManifest([parse(mine)])));
    service = await startService(testDatabaseKinds()[0] ?? "server", { env: { GRAPHQL_TRUSTED_DOCUMENTS: "allow", GRAPHQL_TRUSTED_DOCUMENTS_FILE: file } });
    scenario = await seedScenario(service);
  });
  afterAll(async () => {
    await service?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("runs ids and free text alike, and counts the free text by operation name in the metrics", async () => {
    const variables = { uuid: scenario.customers.salesOwned };
    const ok = { status: 200, codes: [], data: { customerDetails: null } };
    expect(await post(service.baseUrl, { documentId: documentIdOf(print(parse(mine))), variables }, scenario.tokens.manager)).toEqual(ok);
    expect(await post(service.baseUrl, { query: FREE_TEXT, variables }, scenario.tokens.manager)).toEqual(ok);
    expect(await post(service.baseUrl, { query: FREE_TEXT, variables }, scenario.tokens.manager)).toEqual(ok);
    // This manifest is the only one: the package's own ids are unknown here.
    expect(await post(service.baseUrl, { documentId: idOf(CustomerDetailsDocument), variables }, scenario.tokens.manager)).toEqual({ status: 400, codes: ["PERSISTED_QUERY_NOT_FOUND"], data: null });
    const metrics = (await http("GET", `${service.baseUrl}/metrics`)).text;
    const counted = metrics.split("\n").filter((line) => line.startsWith("graphql_free_text_operations_total{"));
    expect(counted).toEqual(['graphql_free_text_operations_total{operation_name="FreeText"} 2']);
  });
});

describe("trusted documents in development: the playground keeps working", () => {
  let service: RunningService;
  let scenario: Scenario;

  beforeAll(async () => {
    service = await startService(testDatabaseKinds()[0] ?? "server", { env: { NODE_ENV: "development", GRAPHQL_TRUSTED_DOCUMENTS: "require" } });
    scenario = await seedScenario(service);
  });
  afterAll(() => service?.stop());

  it("lets free text through with the key the playground's page carries, over HTTP and WebSocket, and nothing else", async () => {
    const page = await http("GET", `${service.baseUrl}/graphql`, undefined, { headers: { accept: "text/html" } });
    const config = JSON.parse(/<script type="application\/json" id="playground-config">([^<]*)<\/script>/.exec(page.text)?.[1] ?? "{}") as { trustedDocumentsKey?: string };
    const key = config.trustedDocumentsKey ?? "";
    expect(key).toMatch(/^[\w-]{32}$/);
    const variables = { uuid: scenario.customers.salesOwned };
    const send = (headers: Record<string, string>) =>
      http<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>("POST", `${service.baseUrl}/graphql`, { query: FREE_TEXT, variables }, { token: scenario.tokens.manager, headers }).then(
        (answer) => [answer.status, (answer.body?.errors ?? []).map((error) => error.extensions?.code)],
      );
    expect(await send({ "x-playground-key": key })).toEqual([200, []]);
    expect(await send({})).toEqual([400, ["PERSISTED_QUERY_REQUIRED"]]);
    expect(await send({ "x-playground-key": `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}` })).toEqual([400, ["PERSISTED_QUERY_REQUIRED"]]);
    const client = (params: Record<string, unknown>) => overWebSocketWith(service.baseUrl, params, { query: FREE_TEXT, variables });
    expect(await client({ Authorization: `Bearer ${scenario.tokens.manager}`, playgroundKey: key })).toEqual({ data: { customerDetails: null } });
    expect(await client({ Authorization: `Bearer ${scenario.tokens.manager}` })).toEqual({ codes: ["PERSISTED_QUERY_REQUIRED"] });
  });

  it("makes no key outside development", async () => {
    const other = await startService(testDatabaseKinds()[0] ?? "server", { env: { PLAYGROUND: "true", GRAPHQL_TRUSTED_DOCUMENTS: "require" } });
    try {
      const page = await http("GET", `${other.baseUrl}/graphql`, undefined, { headers: { accept: "text/html" } });
      expect([page.status, page.text.includes("trustedDocumentsKey")]).toEqual([200, false]);
    } finally {
      await other.stop();
    }
  });
});

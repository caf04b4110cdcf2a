import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Kind, parse, print } from "graphql";
import { CustomerDetailsDocument, DOCUMENT_IDS } from "../../src/client";
import { ConfigError } from "../../src/config";
import { documentIdOf, readManifest, SHIPPED_MANIFEST_FILE } from "../../src/graphql/trusted-documents/manifest";
import { TrustedDocuments } from "../../src/graphql/trusted-documents/trusted-documents";

describe("trusted documents' manifest", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cd-manifest-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("ships one for the package's own operations, in Apollo's format, each id the SHA-256 of its body", () => {
    const shipped = JSON.parse(readFileSync(SHIPPED_MANIFEST_FILE, "utf8")) as { format: string; version: number; operations: { id: string; name: string; type: string; body: string }[] };
    expect([shipped.format, shipped.version]).toEqual(["apollo-persisted-query-manifest", 1]);
    // Exactly the operations of src/client/graphql/*.graphql.
    const clientDir = path.resolve(__dirname, "../../src/client/graphql");
    const declared = readdirSync(clientDir)
      .filter((file) => file.endsWith(".graphql"))
      .flatMap((file) => parse(readFileSync(path.join(clientDir, file), "utf8")).definitions)
      .flatMap((definition) => (definition.kind === Kind.OPERATION_DEFINITION ? [[definition.name?.value, definition.operation]] : []))
      .sort(([a], [b]) => String(a).localeCompare(String(b), "en"));
    expect(declared.length).toBeGreaterThanOrEqual(4);
    expect(shipped.operations.map((operation) => [operation.name, operation.type])).toEqual(declared);
    for (const operation of shipped.operations) expect(documentIdOf(operation.body)).toBe(operation.id);
    // The typed client's ids are the manifest's.
    expect(readManifest(SHIPPED_MANIFEST_FILE).get(DOCUMENT_IDS.get(CustomerDetailsDocument) ?? "")?.body).toBe(print(CustomerDetailsDocument));
  });

  it("is off by default and reads no file then; a manifest that is missing or malformed stops the start-up naming the setting", async () => {
    expect(TrustedDocuments.fromConfig({ mode: "off", file: path.join(dir, "missing.json") })).toBeNull();
    const problems = async (content: string | null): Promise<string> => {
      const file = path.join(dir, `manifest-${Math.random().toString(36).slice(2)}.json`);
      if (content !== null) await writeFile(file, content);
      try {
        TrustedDocuments.fromConfig({ mode: "require", file });
        return "";
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).message;
      }
    };
    expect(await problems(null)).toMatch(/- GRAPHQL_TRUSTED_DOCUMENTS_FILE .*\.json: ENOENT/);
    expect(await problems("{")).toMatch(/- GRAPHQL_TRUSTED_DOCUMENTS_FILE .*\.json: .*JSON/);
    expect(await problems(JSON.stringify({ format: "persisted-documents", version: 1, operations: [] }))).toMatch(/is not an Apollo persisted query manifest \(version 1\): format/);
    const twice = { id: "a", name: "A", type: "query", body: "{ __typename }" };
    expect(await problems(JSON.stringify({ format: "apollo-persisted-query-manifest", version: 1, operations: [twice, twice] }))).toMatch(/the id a appears twice/);
    expect(await problems(JSON.stringify({ format: "apollo-persisted-query-manifest", version: 1, operations: [twice] }))).toBe("");
  });
});

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Kind, print, type DocumentNode } from "graphql";
import { z } from "zod";
import { ConfigError } from "../../config";

/** The manifest of this package's own client operations (`npm run schema` writes it; committed, drift-checked). */
export const SHIPPED_MANIFEST_FILE = path.resolve(__dirname, "../../../trusted-documents.json");

const manifestSchema = z.object({
  format: z.literal("apollo-persisted-query-manifest"),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      type: z.enum(["query", "mutation", "subscription"]),
      body: z.string().min(1),
    }),
  ),
});

/** Apollo's persisted query manifest format (what @apollo/generate-persisted-query-manifest writes). */
export type PersistedQueryManifest = z.infer<typeof manifestSchema>;
export type TrustedDocument = PersistedQueryManifest["operations"][number];

/** A document's id: the SHA-256 of its body, in lowercase hex (as Apollo's manifests and APQ compute it). */
export function documentIdOf(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

/** Reads and checks a manifest: its documents by id. A file that is missing or malformed stops the start-up. */
export function readManifest(file: string): Map<string, TrustedDocument> {
  const problem = (message: string) => new ConfigError([`GRAPHQL_TRUSTED_DOCUMENTS_FILE ${file}: ${message}`]);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    // (Errors from node:fs may come from another realm under test runners: read the message, not the class.)
    const message: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "message") : error;
    throw problem(String(message));
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw problem(`is not an Apollo persisted query manifest (version 1): ${issue ? `${issue.path.join(".")} ${issue.message}` : "invalid"}`);
  }
  const documents = new Map<string, TrustedDocument>();
  for (const operation of parsed.data.operations) {
    if (documents.has(operation.id)) throw problem(`the id ${operation.id} appears twice`);
    documents.set(operation.id, operation);
  }
  return documents;
}

/**
 * The manifest of some documents (each holding one operation and the fragments it uses), sorted by operation name:
 * each body is the document as graphql-js prints it, and its id the SHA-256 of that body.
 */
export function buildManifest(documents: readonly DocumentNode[]): PersistedQueryManifest {
  const operations = documents.flatMap((document) => {
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
    const body = print(document);
    return [{ id: documentIdOf(body), name: operation.name?.value ?? "", type: operation.operation, body }];
  });
  operations.sort((a, b) => a.name.localeCompare(b.name, "en"));
  return { format: "apollo-persisted-query-manifest", version: 1, operations };
}

import type { TrustedDocumentsMode } from "../../config";
import { GraphQLError } from "graphql";
import { AppError, AppErrorCode, graphqlCodeOf } from "../../errors";
import { readManifest, SHIPPED_MANIFEST_FILE, type TrustedDocument } from "./manifest";

/** What a GraphQL request (HTTP or WebSocket) says about its document. */
export interface DocumentRequest {
  /** The document's text, if sent. */
  query: string | undefined;
  /** `documentId` (GraphQL over HTTP's persisted documents: "<id>" or "sha256:<id>"), if sent. */
  documentId: unknown;
  /** `extensions`: `persistedQuery: {version: 1, sha256Hash}` names a document as Apollo's clients do. */
  extensions: Record<string, unknown> | undefined;
  /** Sent by the development playground (it proved it with the key its page carries): its text runs, uncounted. */
  fromPlayground?: boolean;
}

export type DocumentResolution =
  /** Named by an id the manifest holds (or sent with its id and the manifest's exact text): run this body. */
  | { kind: "trusted"; document: TrustedDocument }
  /** Text that no trusted document vouches for, under `allow`: it runs, and is counted. */
  | { kind: "free-text" }
  /** Text from the development playground: it runs, and is not counted (it is no app's traffic). */
  | { kind: "playground" }
  /** Neither text nor id: the transport's own answer applies. */
  | { kind: "empty" }
  | { kind: "refused"; error: AppError };

/**
 * Trusted documents (docs/behaviour.md section 13): the operations of a manifest, named by id instead of sent as text.
 * Under `require` only they run; under `allow` text runs too and is counted. An APQ registration (an id with a text)
 * is free text unless the manifest holds that id for exactly that text.
 */
export class TrustedDocuments {
  constructor(
    readonly mode: Exclude<TrustedDocumentsMode, "off">,
    private readonly documents: ReadonlyMap<string, TrustedDocument>,
  ) {}

  /** The configured trusted documents, their manifest read at start-up; null when they are off. */
  static fromConfig(settings: { mode: TrustedDocumentsMode; file?: string }): TrustedDocuments | null {
    if (settings.mode === "off") return null;
    return new TrustedDocuments(settings.mode, readManifest(settings.file ?? SHIPPED_MANIFEST_FILE));
  }

  /** How many documents the manifest holds. */
  count(): number {
    return this.documents.size;
  }

  resolve(request: DocumentRequest): DocumentResolution {
    const text = request.query === "" ? undefined : request.query;
    const id = requestedId(request);
    if (id !== null) {
      const document = id === undefined ? undefined : this.documents.get(id);
      if (document && (text === undefined || text === document.body)) return { kind: "trusted", document };
      if (text === undefined) return { kind: "refused", error: new AppError(AppErrorCode.PersistedQueryNotFound) };
    }
    if (text === undefined) return { kind: "empty" };
    if (request.fromPlayground) return { kind: "playground" };
    return this.mode === "require" ? { kind: "refused", error: new AppError(AppErrorCode.PersistedQueryRequired) } : { kind: "free-text" };
  }
}

/** The id a request names: null when it names none, undefined when what it sent is no usable id. */
function requestedId(request: DocumentRequest): string | null | undefined {
  if (request.documentId !== undefined && request.documentId !== null) {
    return typeof request.documentId === "string" ? request.documentId.replace(/^sha256:/, "") : undefined;
  }
  const persisted = request.extensions?.persistedQuery;
  if (persisted === undefined || persisted === null) return null;
  const hash = typeof persisted === "object" ? Reflect.get(persisted, "sha256Hash") : undefined;
  return typeof hash === "string" ? hash : undefined;
}

/** The extensions without `persistedQuery` (resolved here: the transport must not act on it again). */
export function withoutPersistedQuery(extensions: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!extensions || !("persistedQuery" in extensions)) return extensions;
  const { persistedQuery: _resolved, ...rest } = extensions;
  return rest;
}

/** A refusal as a GraphQL error (for the WebSocket transport): its code and message. */
export function refusal(error: AppError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: graphqlCodeOf(error.code) } });
}

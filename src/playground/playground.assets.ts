import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PLAYGROUND_ASSET_SOURCES, assetFilePath, type PlaygroundAssetSource } from "./playground.manifest";

const gzipAsync = promisify(gzip);

export const DEFAULT_ASSETS_PATH = "/playground/assets";

/** One year: asset URLs carry `?v=<version>`, so a new version is a new URL. */
const ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** An asset held in memory, as sent. */
export interface LoadedAsset {
  name: string;
  contentType: string;
  body: Buffer;
  /** Compressed on first use (about 0.4 s for GraphiQL), then kept. */
  gzipped(): Promise<Buffer>;
  etag: string;
  gzippedEtag: string;
}

let loading: Promise<ReadonlyMap<string, LoadedAsset>> | undefined;

/** Reads every playground asset once per process; later calls share the same buffers. */
export function loadPlaygroundAssets(): Promise<ReadonlyMap<string, LoadedAsset>> {
  loading ??= Promise.all(PLAYGROUND_ASSET_SOURCES.map(loadAsset)).then(
    (assets) => new Map(assets.map((asset) => [asset.name, asset])),
  );
  return loading;
}

async function loadAsset(source: PlaygroundAssetSource): Promise<LoadedAsset> {
  const raw = "text" in source.origin ? source.origin.text : await readFile(assetFilePath(source.origin), "utf8");
  // The bundles end with a sourceMappingURL comment for maps that are not served; drop it so devtools ask for nothing.
  const body = Buffer.from(withoutSourceMapComment(raw), "utf8");
  const tag = createHash("sha256").update(body).digest("base64url").slice(0, 27);
  let gzipped: Promise<Buffer> | undefined;
  return {
    name: source.name,
    contentType: source.contentType,
    body,
    gzipped: () => (gzipped ??= gzipAsync(body, { level: 9 })),
    etag: `"${tag}"`,
    gzippedEtag: `"${tag}-gzip"`,
  };
}

function withoutSourceMapComment(text: string): string {
  return text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n").replace(/\n?\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "\n");
}

/**
 * Serves GraphiQL, React and ReactDOM (UMD builds from the installed packages) plus the page's bootstrap script at
 * `<assetsPath>/<file>`, from memory, with a long cache lifetime, an ETag (304 on If-None-Match) and gzip when the
 * client accepts it.
 */
export async function registerPlaygroundAssets(app: FastifyInstance, opts: { assetsPath?: string } = {}): Promise<void> {
  const assetsPath = trimTrailingSlash(opts.assetsPath ?? DEFAULT_ASSETS_PATH);
  const assets = await loadPlaygroundAssets();
  for (const asset of assets.values()) {
    app.get(`${assetsPath}/${asset.name}`, (request, reply) => sendAsset(asset, request, reply));
  }
}

async function sendAsset(asset: LoadedAsset, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const useGzip = acceptsGzip(request.headers["accept-encoding"]);
  const etag = useGzip ? asset.gzippedEtag : asset.etag;
  void reply
    .header("cache-control", ASSET_CACHE_CONTROL)
    .header("etag", etag)
    .header("vary", "Accept-Encoding")
    .header("x-content-type-options", "nosniff");
  if (etagMatches(request.headers["if-none-match"], [asset.etag, asset.gzippedEtag])) {
    return reply.code(304).send();
  }
  void reply.type(asset.contentType);
  if (useGzip) void reply.header("content-encoding", "gzip");
  return reply.send(useGzip ? await asset.gzipped() : asset.body);
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    return (coding.trim() === "gzip" || coding.trim() === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}

function etagMatches(header: string | undefined, etags: readonly string[]): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => etags.includes(candidate.trim().replace(/^W\//, "")));
}

export function trimTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

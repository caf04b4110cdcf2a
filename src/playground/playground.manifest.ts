import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PLAYGROUND_BOOTSTRAP_JS } from "./playground.bootstrap";

export const JAVASCRIPT = "application/javascript; charset=utf-8";
export const CSS = "text/css; charset=utf-8";

/** One file the playground page loads, and where it comes from. */
export interface PlaygroundAssetSource {
  /** The file name under the assets path. */
  name: string;
  contentType: string;
  /** An installed package's file (resolved through the package's package.json), or text built into this module. */
  origin: { packageName: string; file: string } | { text: string };
}

/** Exactly what the playground page loads, in load order for the scripts. Nothing comes from a CDN. */
export const PLAYGROUND_ASSET_SOURCES: readonly PlaygroundAssetSource[] = [
  { name: "graphiql.min.css", contentType: CSS, origin: { packageName: "graphiql", file: "graphiql.min.css" } },
  { name: "react.production.min.js", contentType: JAVASCRIPT, origin: { packageName: "react", file: "umd/react.production.min.js" } },
  {
    name: "react-dom.production.min.js",
    contentType: JAVASCRIPT,
    origin: { packageName: "react-dom", file: "umd/react-dom.production.min.js" },
  },
  { name: "graphiql.min.js", contentType: JAVASCRIPT, origin: { packageName: "graphiql", file: "graphiql.min.js" } },
  // The graphql-transport-ws client (global `graphqlWs`), for subscriptions over WebSocket.
  { name: "graphql-ws.min.js", contentType: JAVASCRIPT, origin: { packageName: "graphql-ws", file: "umd/graphql-ws.min.js" } },
  { name: "playground.js", contentType: JAVASCRIPT, origin: { text: PLAYGROUND_BOOTSTRAP_JS } },
];

interface PackageJson {
  version: string;
}

/** The directory of an installed package, found the way Node finds it (never a hard-coded node_modules path). */
export function packageDirectory(packageName: string): string {
  return dirname(require.resolve(`${packageName}/package.json`));
}

export function assetFilePath(origin: { packageName: string; file: string }): string {
  return join(packageDirectory(origin.packageName), origin.file);
}

const versionCache = new Map<string, string>();

/**
 * A short tag that changes whenever the asset's content can change: the package's version for installed files, a
 * content hash for built-in text. Page URLs carry it as `?v=`, so assets can be cached for a year.
 */
export function assetVersion(source: PlaygroundAssetSource): string {
  const cached = versionCache.get(source.name);
  if (cached !== undefined) return cached;
  const version =
    "text" in source.origin
      ? createHash("sha256").update(source.origin.text).digest("hex").slice(0, 12)
      : packageVersion(source.origin.packageName);
  versionCache.set(source.name, version);
  return version;
}

function packageVersion(packageName: string): string {
  const text = readFileSync(join(packageDirectory(packageName), "package.json"), "utf8");
  return (JSON.parse(text) as PackageJson).version;
}

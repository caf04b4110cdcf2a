import { cspHash, escapeHtml, jsonForScript } from "./html-escape";
import { DEFAULT_ASSETS_PATH, trimTrailingSlash } from "./playground.assets";
import { PLAYGROUND_ASSET_SOURCES, assetVersion } from "./playground.manifest";

export const SERVICE_NAME = "Customer Details API";

/** Prefilled in the headers editor of a new tab (a remembered one wins: headers are persisted). */
export const DEFAULT_PLAYGROUND_HEADERS = `{
  "Authorization": "Bearer "
}`;

/** The documented example as a GraphQL operation on one customer. */
function patchOperation(customerUuid: string): string {
  return `mutation PatchCustomerDetails {
  patchCustomerDetails(
    uuid: "${customerUuid}"
    input: {
      annualRevenue: 2000000
      annualRevenueCurrency: "USD"
      employeeCount: 100
      industry: "Technology"
      website: "https://example.com"
    }
  ) {
    customerUuid
    annualRevenue
    annualRevenueCurrency
    annualRevenueConverted
    annualRevenueCurrencyConverted
    employeeCount
    industry
    website
    address
    isActive
    updatedAt
  }
}
`;
}

export const DEFAULT_PLAYGROUND_QUERY = `# ${SERVICE_NAME}
#
# 1. Headers tab (below): paste your token after "Bearer ".
# 2. Put a customer's uuid in the mutation.
# 3. Press the run button (or Ctrl+Enter).
#
# patchCustomerDetails merges: omitted fields keep their
# value, an explicit null clears one. updateCustomerDetails
# replaces every field; customerDetails(uuid) reads them.

${patchOperation("00000000-0000-0000-0000-000000000000")}`;

/**
 * The development playground's first tab: the documented example on the documented customer, so that pressing Run
 * (with the demo administrator's token already in the Headers) answers 60000000 TRY.
 */
export function demoPlaygroundQuery(customerUuid: string): string {
  return `# ${SERVICE_NAME} (development)
#
# The Headers tab below already holds a short-lived token of the demo
# administrator (admin@example.com). Press the run button (or Ctrl+Enter):
# 2,000,000 USD converted at the demo rate of 30 is 60,000,000 TRY.
#
# patchCustomerDetails merges: omitted fields keep their value, an
# explicit null clears one. updateCustomerDetails replaces every field;
# customerDetails(uuid) reads them.

${patchOperation(customerUuid)}`;
}

/** The Headers editor's text carrying a token. */
export function bearerHeaders(token: string): string {
  return JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2);
}

export interface PlaygroundPageOptions {
  /** Where GraphQL POSTs go, e.g. "/graphql". */
  graphqlPath: string;
  /** Where registerPlaygroundAssets serves the files; default "/playground/assets". */
  assetsPath?: string;
  /** Initial text of the headers editor (JSON). */
  defaultHeaders?: string;
  /** Initial text of the query editor. */
  defaultQuery?: string;
  /** Remember the headers a user typed across visits (default true; false when the page brings its own token). */
  persistHeaders?: boolean;
  /** Sent with every operation (header X-Playground-Key, WebSocket `playgroundKey`): trusted documents let it through. */
  trustedDocumentsKey?: string;
}

const PAGE_STYLE = "html,body,#graphiql{height:100%;margin:0}body{overflow:hidden}";

/**
 * The Content-Security-Policy to send with playgroundHtml: scripts only from this origin (the bootstrap is an asset,
 * the config a JSON data block), styles from this origin plus the page's one inline rule (by hash), the fonts GraphiQL's
 * CSS embeds as data: URLs, and requests only to this origin.
 */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${cspHash(PAGE_STYLE)}`,
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The GraphiQL page. Send it with `content-security-policy: PLAYGROUND_CSP` (see playgroundHeaders). */
export function playgroundHtml(opts: PlaygroundPageOptions): string {
  const assetsPath = trimTrailingSlash(opts.assetsPath ?? DEFAULT_ASSETS_PATH);
  const config = {
    graphqlPath: opts.graphqlPath,
    defaultHeaders: opts.defaultHeaders ?? DEFAULT_PLAYGROUND_HEADERS,
    defaultQuery: opts.defaultQuery ?? DEFAULT_PLAYGROUND_QUERY,
    persistHeaders: opts.persistHeaders ?? true,
    ...(opts.trustedDocumentsKey === undefined ? {} : { trustedDocumentsKey: opts.trustedDocumentsKey }),
  };
  const assetUrl = (name: string, version: string): string =>
    escapeHtml(`${assetsPath}/${name}?v=${encodeURIComponent(version)}`);
  const stylesheets: string[] = [];
  const scripts: string[] = [];
  for (const source of PLAYGROUND_ASSET_SOURCES) {
    const url = assetUrl(source.name, assetVersion(source));
    if (source.name.endsWith(".css")) stylesheets.push(`<link rel="stylesheet" href="${url}">`);
    else scripts.push(`<script src="${url}"></script>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(SERVICE_NAME)}: GraphQL playground</title>
<link rel="icon" href="data:,">
${stylesheets.join("\n")}
<style>${PAGE_STYLE}</style>
</head>
<body>
<div id="graphiql">Loading the GraphQL playground&hellip;</div>
<noscript>The playground needs JavaScript. GraphQL requests go to ${escapeHtml(opts.graphqlPath)} as POST.</noscript>
<script type="application/json" id="playground-config">${jsonForScript(config)}</script>
${scripts.join("\n")}
</body>
</html>
`;
}

/** Response headers for an HTML page of this module. */
export function htmlPageHeaders(csp: string): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": csp,
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  };
}

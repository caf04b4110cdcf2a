import { cspHash, escapeHtml } from "./html-escape";
import { SERVICE_NAME } from "./playground.page";

/** The documented REST route (PUT replaces, PATCH merges). */
export const REST_DETAILS_ROUTE = "/api/v1/customers/{uuid}/details";

export interface LandingPageOptions {
  /** The GraphQL endpoint, which is also the playground's address in a browser. */
  graphqlPath: string;
  /** Where the REST documentation is (a path on this service or an absolute URL). */
  restDocsPath: string;
  /** Scheme, host and port used in the curl examples, e.g. "http://127.0.0.1:4000". Default: "http://localhost:4000". */
  baseUrl?: string;
}

const LANDING_STYLE = [
  "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:46rem;margin:2.5rem auto;padding:0 1rem;color:#1b1f24}",
  "h1{font-size:1.6rem;margin-bottom:.25rem}",
  "code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem}",
  "pre{background:#f3f4f6;padding:.75rem 1rem;border-radius:6px;overflow-x:auto}",
  "a{color:#0b5cad}",
].join("");

/** No scripts at all; the one inline style is allowed by its hash. */
export const LANDING_CSP = [
  "default-src 'none'",
  `style-src ${cspHash(LANDING_STYLE)}`,
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** A small page for `/`: what this service is, where the playground and the REST docs are, and the curl shape. */
export function landingPageHtml(opts: LandingPageOptions): string {
  const baseUrl = (opts.baseUrl ?? "http://localhost:4000").replace(/\/+$/, "");
  const graphqlPath = escapeHtml(opts.graphqlPath);
  const restCurl = [
    `curl -X PATCH '${baseUrl}${REST_DETAILS_ROUTE.replace("{uuid}", "<customer-uuid>")}' \\`,
    `  -H 'Authorization: Bearer <token>' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"annual_revenue": 2000000, "annual_revenue_currency": "USD", "employee_count": 100}'`,
  ].join("\n");
  const graphqlCurl = [
    `curl '${baseUrl}${opts.graphqlPath}' \\`,
    `  -H 'Authorization: Bearer <token>' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"query": "mutation { patchCustomerDetails(uuid: \\"<customer-uuid>\\", input: {employeeCount: 100}) { employeeCount updatedAt } }"}'`,
  ].join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(SERVICE_NAME)}</title>
<link rel="icon" href="data:,">
<style>${LANDING_STYLE}</style>
</head>
<body>
<h1>${escapeHtml(SERVICE_NAME)}</h1>
<p>Reads and updates a customer's company details: annual revenue (converted into your preferred currency),
employee count, industry, website, address and status.</p>
<h2>GraphQL</h2>
<p><a href="${graphqlPath}">Open the GraphQL playground</a> (<code>${graphqlPath}</code> in a browser). Paste your
token into its Headers tab. Programs POST to <code>${graphqlPath}</code>:</p>
<pre><code>${escapeHtml(graphqlCurl)}</code></pre>
<h2 id="rest">REST</h2>
<p><code>PUT|PATCH ${escapeHtml(REST_DETAILS_ROUTE)}</code>: PUT replaces the details, PATCH merges them.
<a href="${escapeHtml(opts.restDocsPath)}">REST documentation</a>.</p>
<pre><code>${escapeHtml(restCurl)}</code></pre>
<p>Every request needs <code>Authorization: Bearer &lt;token&gt;</code>.</p>
</body>
</html>
`;
}

import type { FastifyRequest } from "fastify";

/**
 * True when a request to the GraphQL path is a browser asking for a page, so it should get the playground rather than
 * a GraphQL response: a GET (or HEAD) without a `query` parameter (that would be GraphQL over GET) whose Accept header
 * prefers text/html to JSON.
 */
export function wantsPlayground(request: FastifyRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (hasQueryParameter(request.query, "query")) return false;
  const accept = request.headers.accept;
  if (!accept) return false;
  const html = mediaTypeQuality(accept, "text/html");
  return html > 0 && html >= mediaTypeQuality(accept, "application/json");
}

function hasQueryParameter(query: unknown, name: string): boolean {
  return typeof query === "object" && query !== null && Object.prototype.hasOwnProperty.call(query, name);
}

/** The q-value the Accept header gives this exact media type (wildcards are ignored: `*\/*` is not a request for HTML). */
function mediaTypeQuality(accept: string, mediaType: string): number {
  let best = 0;
  for (const entry of accept.split(",")) {
    const [type = "", ...params] = entry.split(";").map((part) => part.trim().toLowerCase());
    if (type !== mediaType) continue;
    const q = params.find((param) => param.startsWith("q="));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (Number.isFinite(quality) && quality > best) best = quality;
  }
  return best;
}

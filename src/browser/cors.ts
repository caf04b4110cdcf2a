import fastifyCors, { type FastifyCorsOptions } from "@fastify/cors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { RouteMethods } from "./route-methods";

/** Request headers a page may send (docs/behaviour.md section 13); Apollo-Require-Preflight satisfies Apollo's CSRF check. */
export const CORS_ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-Match", "X-Request-Id", "Apollo-Require-Preflight"];

/** Response headers a page may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = ["ETag", "X-Request-Id", "Retry-After", "RateLimit", "RateLimit-Policy"];

/** How long a browser may reuse a preflight's answer (Chromium caps this at 7200). */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Cross-origin access for web pages on the listed origins (CORS_ORIGINS), by @fastify/cors in the onRequest hook:
 * registered before everything else, so every later hook's answer (401s, 429s, errors, 404s) carries
 * Access-Control-Allow-Origin, and a preflight is answered (204) before any hook that counts or authenticates.
 * - a listed Origin: its preflights for a route that exists are answered with that route's methods; its requests get
 *   Access-Control-Allow-Origin and Access-Control-Expose-Headers;
 * - any other Origin, or none: no CORS headers at all (the browser blocks the page), and an OPTIONS request goes on to
 *   the routes as if CORS did not exist (Apollo's CSRF prevention, 404s).
 * Every answer says `Vary: Origin`; credentials (cookies) are never allowed: the API takes bearer tokens.
 */
export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  const listed = new Set(origins);
  const routes = new RouteMethods();
  routes.collectFrom(app);
  const optionsFor = (request: FastifyRequest): FastifyCorsOptions => {
    const origin = request.headers.origin;
    if (origin === undefined || !listed.has(origin)) return { origin: false };
    const preflight = request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined;
    const methods = preflight ? routes.methodsFor(request.url.split("?")[0] ?? "/") : [];
    // A preflight for a path no route answers: no CORS, so it ends as the 404 it is.
    if (preflight && methods.length === 0) return { origin: false };
    return {
      origin,
      methods,
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: CORS_MAX_AGE_SECONDS,
      credentials: false,
      preflight,
      strictPreflight: false,
    };
  };
  await app.register(fastifyCors, {
    hook: "onRequest",
    delegator: (request, callback) => callback(null, optionsFor(request)),
  });
}

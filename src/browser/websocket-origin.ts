import type { IncomingMessage } from "node:http";

/**
 * Whether a WebSocket upgrade may proceed, as far as its Origin goes (no cross-site WebSocket hijacking: browsers
 * send cookies and client certificates with upgrades, and the same-origin policy does not apply to WebSockets).
 * Allowed: no Origin (servers, command-line clients), a listed origin (CORS_ORIGINS), and the service's own pages
 * (an origin whose host equals the request's Host, as the playground's).
 */
export function isWebSocketOriginAllowed(request: IncomingMessage, listed: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (listed.has(origin)) return true;
  const host = request.headers.host;
  if (host === undefined) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";

export const METRICS_PATH = "/metrics";

declare module "fastify" {
  interface FastifyInstance {
    /** Where /metrics is served when it has a listener of its own (METRICS_PORT), once listening; else null. */
    metricsListenerUrl(): string | null;
  }
}

/**
 * GET /metrics in Prometheus' text format: on the app's own listener, or, with `port`, on a listener of its own (on
 * the same host) that opens when the app is ready and closes with it, so the API port need not expose it.
 */
export function registerMetricsEndpoint(app: FastifyInstance, registry: Registry, options: { port?: number; host: string }): void {
  const scrape = async (): Promise<string> => registry.metrics();
  if (options.port === undefined) {
    app.get(METRICS_PATH, async (_request, reply) => reply.type(registry.contentType).header("cache-control", "no-store").send(await scrape()));
    app.decorate("metricsListenerUrl", () => null);
    return;
  }
  let server: Server | null = null;
  app.decorate("metricsListenerUrl", () => {
    const address = server?.address() as AddressInfo | null | undefined;
    if (!address) return null;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}${METRICS_PATH}`;
  });
  // onReady (awaited before listen() resolves; Fastify's onListen is not awaited).
  app.addHook("onReady", async () => {
    const metricsServer = createServer((request, response) => {
      const path = (request.url ?? "").split("?")[0];
      if (path !== METRICS_PATH || (request.method !== "GET" && request.method !== "HEAD")) {
        response.writeHead(404, { "content-type": "application/json; charset=utf-8" }).end('{"message":"Not Found"}');
        return;
      }
      scrape().then(
        (text) => response.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" }).end(request.method === "HEAD" ? undefined : text),
        (error: unknown) => {
          app.log.error({ err: error }, "metrics scrape failed");
          response.writeHead(500, { "content-type": "application/json; charset=utf-8" }).end('{"message":"Server Error"}');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      metricsServer.once("error", reject);
      metricsServer.listen(options.port, options.host, () => resolve());
    });
    server = metricsServer;
  });
  app.addHook("onClose", async () => {
    const closing = server;
    server = null;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  });
}

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A local OTLP/HTTP receiver for `--tracing`: takes every export (POST /v1/traces), counts it, answers 200. */
export interface OtlpSink {
  endpoint: string;
  exports(): { requests: number; bytes: number };
  close(): Promise<void>;
}

export async function startOtlpSink(): Promise<OtlpSink> {
  let requests = 0;
  let bytes = 0;
  const server: Server = createServer((request, response) => {
    request.on("data", (chunk: Buffer) => (bytes += chunk.length));
    request.on("end", () => {
      requests += 1;
      response.writeHead(200, { "content-type": String(request.headers["content-type"] ?? "application/x-protobuf") }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports: () => ({ requests, bytes }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

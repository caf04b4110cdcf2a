import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One span as OTLP/JSON carries it (ids in hex), with its attributes flattened to plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  service: string;
}

export const SpanKind = { internal: 1, server: 2, client: 3 } as const;

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: (Omit<ReceivedSpan, "attributes" | "service" | "parentSpanId"> & { parentSpanId?: string; attributes?: OtlpAttribute[] })[] }[];
  }[];
}

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1, as a collector's `otlp` receiver would take the service's exports:
 * POST /v1/traces, answered 200. JSON exports (http/json) are decoded into spans; protobuf exports
 * (http/protobuf) are kept as they came, with their content type.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly raw: { path: string; contentType: string; body: Buffer }[] = [];
  private server: Server | null = null;
  port = 0;

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks);
        const contentType = String(request.headers["content-type"] ?? "");
        this.raw.push({ path: request.url ?? "", contentType, body });
        if (contentType.startsWith("application/json")) this.decode(JSON.parse(body.toString("utf8")) as OtlpExport);
        response.writeHead(200, { "content-type": contentType || "application/json" }).end(contentType.startsWith("application/json") ? "{}" : "");
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Every span of one trace. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  /** The spans whose parent is `span`. */
  children(span: ReceivedSpan): ReceivedSpan[] {
    return this.spans.filter((child) => child.traceId === span.traceId && child.parentSpanId === span.spanId);
  }

  /** Every span beneath `span`, at any depth. */
  descendants(span: ReceivedSpan): ReceivedSpan[] {
    return this.children(span).flatMap((child) => [child, ...this.descendants(child)]);
  }

  private decode(payload: OtlpExport): void {
    for (const resourceSpans of payload.resourceSpans ?? []) {
      const service = String(flatten(resourceSpans.resource?.attributes)["service.name"] ?? "");
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? "",
            name: span.name,
            kind: span.kind,
            attributes: flatten(span.attributes),
            service,
          });
        }
      }
    }
  }
}

function flatten(attributes: OtlpAttribute[] | undefined): Record<string, string | number | boolean> {
  const flat: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes ?? []) {
    const plain = value.stringValue ?? value.boolValue ?? value.doubleValue ?? (value.intValue === undefined ? undefined : Number(value.intValue));
    if (plain !== undefined) flat[key] = plain;
  }
  return flat;
}

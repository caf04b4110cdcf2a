import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  json: Record<string, unknown>;
  /** The W3C trace context header the sender put on the request, if any. */
  traceparent: string | undefined;
  /** What the receiver answered (null: it never answered). */
  answered: number | null;
}

/** Decides the answer to the n-th request (0-based): a status code, or "hang" to never answer. */
export type Answer = (request: { index: number; id: string; json: Record<string, unknown> }) => number | "hang";

/**
 * A webhook receiver on 127.0.0.1 (node:http), as an integrator would write one: it verifies every signature per
 * Standard Webhooks with the secret it was given, and records what arrived in order.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly badSignatures: string[] = [];
  answer: Answer = () => 200;
  private server: Server | null = null;
  private readonly hanging = new Set<ServerResponse>();
  port = 0;

  constructor(private readonly secret: () => string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(port = 0): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops listening (connections refused from now on) and drops requests left hanging. */
  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.hanging.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The distinct message ids in the order they first arrived. */
  idsInOrder(filter: (message: ReceivedWebhook) => boolean = () => true): string[] {
    return [...new Set(this.received.filter(filter).map((message) => message.id))];
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const id = String(request.headers["webhook-id"] ?? "");
    const timestamp = String(request.headers["webhook-timestamp"] ?? "");
    const signature = String(request.headers["webhook-signature"] ?? "");
    if (!verify(this.secret(), id, timestamp, body, signature)) this.badSignatures.push(id);
    const message: ReceivedWebhook = { id, timestamp, signature, body, json: JSON.parse(body) as Record<string, unknown>, traceparent: request.headers.traceparent as string | undefined, answered: null };
    const answer = this.answer({ index: this.received.length, id, json: message.json });
    this.received.push(message);
    if (answer === "hang") {
      this.hanging.add(response);
      return;
    }
    message.answered = answer;
    response.writeHead(answer, { "content-type": "text/plain" }).end(answer < 300 ? "ok" : "try again");
  }
}

/** Standard Webhooks verification, as a receiver does it: HMAC-SHA256 over "id.timestamp.body", keyed with the secret. */
export function verify(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(" ").some((entry) => {
    const [version, value = ""] = entry.split(",");
    const given = Buffer.from(value, "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

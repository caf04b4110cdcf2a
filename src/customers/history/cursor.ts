import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/** Where a page starts: after (older than) or before (newer than) the change with this id, for one customer. */
export interface HistoryCursor {
  customerId: number;
  id: bigint;
  /** true: the page holds older entries (Laravel's `_pointsToNextItems`); false: newer ones. */
  pointsToNext: boolean;
}

interface CursorPayload {
  c: number;
  id: string;
  n: boolean;
}

/**
 * Opaque, tamper-evident page cursors: base64url(JSON) + "." + base64url(HMAC-SHA256), keyed with a key derived
 * from a server secret. A cursor names its customer, so it cannot be replayed against another one. An edited,
 * forged or foreign cursor decodes to null (the doors answer 422).
 */
export class CursorCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync("sha256", secret, "customer-details-api", "history cursor v1", 32));
  }

  encode(cursor: HistoryCursor): string {
    const payload: CursorPayload = { c: cursor.customerId, id: cursor.id.toString(), n: cursor.pointsToNext };
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${body}.${this.sign(body).toString("base64url")}`;
  }

  decode(text: string, customerId: number): HistoryCursor | null {
    const match = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(text);
    if (!match) return null;
    const [, body = "", signature = ""] = match;
    const expected = this.sign(body);
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    } catch {
      return null;
    }
    if (!isPayload(payload) || payload.c !== customerId) return null;
    return { customerId: payload.c, id: BigInt(payload.id), pointsToNext: payload.n };
  }

  private sign(body: string): Buffer {
    return createHmac("sha256", this.key).update(body).digest();
  }
}

function isPayload(value: unknown): value is CursorPayload {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.c === "number" &&
    typeof record.id === "string" &&
    /^\d{1,19}$/.test(record.id) &&
    typeof record.n === "boolean"
  );
}

import { DETAILS_FIELDS } from "../customers/details/details.fields";
import type { PrismaClient } from "../generated/prisma/client";
import { newWebhookSecret } from "./webhook-signature";

/** A webhook command that cannot be carried out as asked (printed by the admin command line). */
export class WebhookInputError extends Error {
  override name = "WebhookInputError";
}

export interface WebhookSummary {
  id: number;
  url: string;
  fields: string[];
  created_at: string;
  deliveries: { pending: number; delivered: number; failed: number };
}

export interface DeliveryReport {
  id: string;
  event_id: string;
  customer_id: number;
  status: string;
  attempts: { number: number; started_at: string; duration_ms: number; status_code: number | null; error: string | null; ok: boolean }[];
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  completed_at: string | null;
}

const MAX_URL_LENGTH = 2048;

/** Registers, lists and removes webhooks; the admin command line is their door. */
export class WebhookService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a webhook and returns its id and signing secret (shown this once). */
  async create(input: { url: string; fields: string[] }): Promise<{ id: number; url: string; fields: string[]; secret: string }> {
    const url = validUrl(input.url);
    const fields = validFields(input.fields);
    const secret = newWebhookSecret();
    const webhook = await this.prisma.webhook.create({ data: { url, fields, secret } });
    return { id: webhook.id, url: webhook.url, fields: webhook.fields, secret };
  }

  async list(): Promise<WebhookSummary[]> {
    const webhooks = await this.prisma.webhook.findMany({ orderBy: { id: "asc" } });
    const counts = await this.prisma.webhookDelivery.groupBy({ by: ["webhookId", "status"], _count: { _all: true } });
    return webhooks.map((webhook) => {
      const count = (status: string) => counts.find((row) => row.webhookId === webhook.id && row.status === status)?._count._all ?? 0;
      return {
        id: webhook.id,
        url: webhook.url,
        fields: webhook.fields,
        created_at: webhook.createdAt.toISOString(),
        deliveries: { pending: count("pending"), delivered: count("delivered"), failed: count("failed") },
      };
    });
  }

  /** Deletes a webhook and everything still owed to it. */
  async delete(id: number): Promise<{ deleted: number }> {
    const { count } = await this.prisma.webhook.deleteMany({ where: { id } });
    if (count === 0) throw new WebhookInputError(`No webhook with id ${id}.`);
    return { deleted: id };
  }

  /** The newest deliveries of a webhook with every attempt and its outcome. */
  async deliveries(id: number, limit = 100): Promise<DeliveryReport[]> {
    if (!(await this.prisma.webhook.findUnique({ where: { id }, select: { id: true } }))) throw new WebhookInputError(`No webhook with id ${id}.`);
    const rows = await this.prisma.webhookDelivery.findMany({
      where: { webhookId: id },
      orderBy: { id: "desc" },
      take: limit,
      include: { attemptLog: { orderBy: { number: "asc" } }, event: { select: { changeId: true } } },
    });
    return rows.map((row) => ({
      id: row.id.toString(),
      event_id: `evt_${row.event.changeId.toString()}`,
      customer_id: row.customerId,
      status: row.status,
      attempts: row.attemptLog.map((attempt) => ({
        number: attempt.number,
        started_at: attempt.startedAt.toISOString(),
        duration_ms: attempt.durationMs,
        status_code: attempt.statusCode,
        error: attempt.error,
        ok: attempt.ok,
      })),
      next_attempt_at: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
      last_error: row.lastError,
      created_at: row.createdAt.toISOString(),
      completed_at: row.completedAt?.toISOString() ?? null,
    }));
  }
}

function validUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookInputError(`--url must be an absolute http(s) URL, got "${text}".`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new WebhookInputError(`--url must use http or https, got "${url.protocol}".`);
  if (url.username || url.password) throw new WebhookInputError("--url must not carry credentials.");
  if (text.length > MAX_URL_LENGTH) throw new WebhookInputError(`--url must not exceed ${MAX_URL_LENGTH} characters.`);
  return url.toString();
}

function validFields(fields: string[]): string[] {
  const known = new Set<string>(DETAILS_FIELDS);
  const unknown = fields.filter((field) => !known.has(field));
  if (unknown.length > 0) throw new WebhookInputError(`Unknown --field ${unknown.join(", ")}; the fields are: ${DETAILS_FIELDS.join(", ")}.`);
  return [...new Set(fields)];
}

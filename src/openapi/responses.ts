/**
 * Building blocks of the REST routes' schemas: the shared error bodies (components), the headers every response
 * carries, and one response object per status with the exact message the service sends.
 *
 * These schemas document the bytes the routes write; they are not used to validate requests or to serialise
 * responses (see documentation-only.ts), so exact money and Laravel's 422 messages stay as they are.
 */
import type { JSONSchema } from "./json-schema";

export const ERROR_SCHEMA_ID = "Error";
export const VALIDATION_ERROR_SCHEMA_ID = "ValidationError";

/** Shared schemas, added once with app.addSchema: they become components.schemas of the document. */
export const ERROR_SCHEMAS: JSONSchema[] = [
  {
    $id: ERROR_SCHEMA_ID,
    type: "object",
    description: "Every error body is JSON with a message.",
    required: ["message"],
    properties: { message: { type: "string" } },
  },
  {
    $id: VALIDATION_ERROR_SCHEMA_ID,
    type: "object",
    description: "Laravel's 422: the first message (and how many more), and every failing field with its messages.",
    required: ["message", "errors"],
    properties: {
      message: { type: "string" },
      errors: { type: "object", additionalProperties: { type: "array", items: { type: "string" }, minItems: 1 } },
    },
  },
];

const requestIdHeader = {
  "x-request-id": {
    type: "string",
    description: "The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID.",
  },
};

/** The budget a counted answer spent (docs/behaviour.md section 14; absent when RATE_LIMIT=false). */
const rateLimitHeaders = {
  "ratelimit-policy": {
    type: "string",
    description: 'The caller\'s budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`.',
  },
  ratelimit: {
    type: "string",
    description: 'What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`.',
  },
};

const retryAfterHeader = { "retry-after": { type: "string", description: "Seconds to wait before retrying." } };

/** Headers of a response, plus the request id and the RateLimit fields (every response of the REST routes is counted). */
export function headersOf(extra: Record<string, JSONSchema> = {}): Record<string, JSONSchema> {
  return { ...extra, ...rateLimitHeaders, ...requestIdHeader };
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 412 | 413 | 415 | 422 | 429 | 503;

const ERRORS: Record<ErrorStatus, { description: string; message: string }> = {
  400: {
    description: "The body is not valid JSON, or not valid UTF-8; or the request carries several Authorization headers (message \"Bad Request\").",
    message: "The body is not valid JSON.",
  },
  401: { description: "Missing, malformed, expired or badly signed token, or its user does not exist or is disabled.", message: "Unauthenticated." },
  403: { description: "The user may not do this (to any customer, or to this one).", message: "Forbidden" },
  404: { description: "No customer with this uuid (also a malformed uuid).", message: "Customer not found" },
  412: { description: "If-Match names a version that is no longer current.", message: "Precondition Failed" },
  413: { description: "The body is larger than 64 KiB.", message: "Payload Too Large: the body must not exceed 64 KiB." },
  415: { description: "The body is not application/json.", message: "Unsupported Media Type: the body must be application/json." },
  422: { description: "Validation failed: every failing field is reported.", message: "The given data was invalid." },
  429: { description: "Over the caller's budget (RATE_LIMIT_PER_MINUTE per user, RATE_LIMIT_ANONYMOUS_PER_MINUTE per address without a valid token): nothing was done; send it again after Retry-After seconds.", message: "Too Many Requests" },
  503: { description: "The service is shutting down (or cannot reach its database); retry later.", message: "Service Unavailable" },
};

/** The response objects for these error statuses, each with its schema and an example of the real body. */
export function errorResponses(
  statuses: ErrorStatus[],
  overrides: Partial<Record<ErrorStatus, { description?: string; message?: string; example?: JSONSchema }>> = {},
): Record<number, JSONSchema> {
  const responses: Record<number, JSONSchema> = {};
  for (const status of statuses) {
    const { description, message, example } = { ...ERRORS[status], ...overrides[status] };
    const validation = status === 422;
    responses[status] = {
      description,
      headers: headersOf(status === 503 || status === 429 ? retryAfterHeader : {}),
      content: {
        "application/json": {
          schema: { $ref: `${validation ? VALIDATION_ERROR_SCHEMA_ID : ERROR_SCHEMA_ID}#` },
          // A route with a 422 passes a real one as its example (the fields are the route's own).
          example: example ?? (validation ? { message, errors: {} } : { message }),
        },
      },
    };
  }
  return responses;
}

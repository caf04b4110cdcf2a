import type { JSONSchema } from "../../openapi/json-schema";
import { errorResponses, headersOf } from "../../openapi/responses";

/**
 * The REST routes' schemas, for the OpenAPI document (GET /openapi.json). They describe what the routes accept and
 * write; the service validates the body (Laravel's rules and messages) and details.json.ts writes exact money, so
 * these are documentation only (src/openapi/documentation-only.ts).
 */
export const DETAILS_SCHEMA_ID = "CustomerDetails";
export const DETAILS_INPUT_SCHEMA_ID = "CustomerDetailsInput";

const TIMESTAMP: JSONSchema = {
  type: "string",
  format: "date-time",
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$",
  description: "UTC with six fractional digits, as Laravel writes dates.",
};
const CURRENCY: JSONSchema = { type: ["string", "null"], pattern: "^[A-Z]{3}$" };

/** The documented example (USD→TRY at 30). */
export const DETAILS_EXAMPLE = {
  id: 1,
  customer_id: 1,
  annual_revenue: 2000000,
  annual_revenue_currency: "USD",
  annual_revenue_converted: 60000000,
  annual_revenue_currency_converted: "TRY",
  employee_count: 100,
  industry: "Technology",
  website: "https://example.com",
  address: null,
  is_active: true,
  created_at: "2025-11-20T12:00:00.000000Z",
  updated_at: "2025-11-20T12:00:00.000000Z",
};

export const DETAILS_REQUEST_EXAMPLE = {
  annual_revenue: 2000000,
  annual_revenue_currency: "USD",
  employee_count: 100,
  industry: "Technology",
  website: "https://example.com",
};

export const DETAILS_SCHEMAS: JSONSchema[] = [
  {
    $id: DETAILS_SCHEMA_ID,
    type: "object",
    description: "A customer's details. Money is a JSON number holding exactly the stored decimal.",
    additionalProperties: false,
    required: Object.keys(DETAILS_EXAMPLE),
    properties: {
      id: { type: "integer" },
      customer_id: { type: "integer" },
      annual_revenue: { type: ["number", "null"], minimum: 0, description: "At most 4 decimal places and 15 significant digits, exactly as stored." },
      annual_revenue_currency: { ...CURRENCY, description: "ISO 4217 code of annual_revenue." },
      annual_revenue_converted: {
        type: ["number", "null"],
        minimum: 0,
        description: "annual_revenue in the requesting user's preferred currency (DEFAULT_CURRENCY without one), rounded half-up to its minor units; null without a revenue or a rate.",
      },
      annual_revenue_currency_converted: { ...CURRENCY, description: "The currency of annual_revenue_converted." },
      employee_count: { type: ["integer", "null"], minimum: 0, maximum: 10_000_000 },
      industry: { type: ["string", "null"], maxLength: 255 },
      website: { type: ["string", "null"], format: "uri", maxLength: 2048 },
      address: { type: ["string", "null"], maxLength: 1000 },
      is_active: { type: "boolean" },
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
    },
  },
  {
    $id: DETAILS_INPUT_SCHEMA_ID,
    type: "object",
    description:
      "The writable fields. PUT resets every field not sent (nullable ones to null, is_active to true); PATCH keeps them and an explicit null clears one. Legacy scalars are accepted as Laravel accepted them: numeric strings for numbers, 1/0/\"1\"/\"0\"/\"true\"/\"false\" for is_active. The read-only keys of the response are accepted and ignored (GET-modify-PUT); any other key is a 422.",
    additionalProperties: false,
    examples: [DETAILS_REQUEST_EXAMPLE],
    properties: {
      annual_revenue: {
        type: ["number", "string", "null"],
        description: "≥ 0, at most 4 decimal places and 15 significant digits; stored exactly. A numeric string (\"2000000\") is accepted.",
      },
      annual_revenue_currency: {
        type: ["string", "null"],
        description: "ISO 4217 alphabetic code, case-insensitive (stored upper-case); required whenever the record would have a revenue.",
      },
      employee_count: { type: ["integer", "string", "null"], description: "0 to 10,000,000. A numeric string is accepted." },
      industry: { type: ["string", "null"], description: "Trimmed, at most 255 characters; empty becomes null." },
      website: {
        type: ["string", "null"],
        description: "Absolute http(s) URL of at most 2048 characters; a bare host name (example.com) is stored as https://example.com.",
      },
      address: { type: ["string", "null"], description: "Trimmed, at most 1000 characters; empty becomes null." },
      is_active: { type: ["boolean", "integer", "string"], description: "Not nullable. Also 1, 0, \"1\", \"0\", \"true\", \"false\"." },
      id: { description: "Read-only: accepted and ignored." },
      customer_id: { description: "Read-only: accepted and ignored." },
      annual_revenue_converted: { description: "Read-only: accepted and ignored." },
      annual_revenue_currency_converted: { description: "Read-only: accepted and ignored." },
      created_at: { description: "Read-only: accepted and ignored." },
      updated_at: { description: "Read-only: accepted and ignored." },
    },
  },
];

const UUID_PARAMS: JSONSchema = {
  type: "object",
  required: ["uuid"],
  properties: { uuid: { type: "string", format: "uuid", description: "The customer's UUID.", examples: ["550e8400-e29b-41d4-a716-446655440000"] } },
};

const SECURITY = [{ bearerAuth: [] }];

const DETAILS_OK = (description: string): JSONSchema => ({
  description,
  headers: headersOf({ etag: { type: "string", description: 'The version of the details, e.g. "v3"; send it back in If-Match.' } }),
  content: { "application/json": { schema: { $ref: `${DETAILS_SCHEMA_ID}#` }, example: DETAILS_EXAMPLE } },
});

export const GET_DETAILS_SCHEMA: JSONSchema = {
  tags: ["Customer details"],
  operationId: "getCustomerDetails",
  summary: "Read a customer's details",
  description: "Needs customer.details.view (any customer) or .view.own (the user's customers); update permissions also allow reading.",
  security: SECURITY,
  params: UUID_PARAMS,
  response: {
    200: DETAILS_OK("The details."),
    ...errorResponses([400, 401, 403, 404, 503], {
      400: { description: "Several Authorization headers.", message: "Bad Request" }, 404: { description: "No customer with this uuid, or it has no details yet.", message: "Customer not found" } }),
  },
};

function writeSchema(method: "PUT" | "PATCH"): JSONSchema {
  return {
    tags: ["Customer details"],
    operationId: method === "PUT" ? "replaceCustomerDetails" : "updateCustomerDetails",
    summary: method === "PUT" ? "Replace a customer's details" : "Update some of a customer's details",
    description:
      (method === "PUT"
        ? "Replaces the details: fields not sent are reset (nullable ones to null, is_active to true)."
        : "Merges: fields not sent keep their value; an explicit null clears a nullable field.") +
      " Details are created on first write (status 200). Needs customer.details.update, or .update.own for the user's own customers. Order of checks: 401, 403, 404, 403 (not the owner), 422, 412.",
    security: SECURITY,
    params: UUID_PARAMS,
    headers: {
      type: "object",
      properties: { "if-match": { type: "string", description: 'Only write if the details are still at this version (the ETag of a 200, e.g. "v3"); else 412.' } },
    },
    body: { $ref: `${DETAILS_INPUT_SCHEMA_ID}#` },
    response: {
      200: DETAILS_OK("The details after the write (created if there were none)."),
      ...errorResponses([400, 401, 403, 404, 412, 413, 415, 422, 503]),
    },
  };
}

export const PUT_DETAILS_SCHEMA = writeSchema("PUT");
export const PATCH_DETAILS_SCHEMA = writeSchema("PATCH");

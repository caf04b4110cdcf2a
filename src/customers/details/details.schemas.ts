import type { JSONSchema } from "../../openapi/json-schema";
import { errorResponses, headersOf } from "../../openapi/responses";
import type { FieldSpec, JsonType } from "./details.field-kinds";
import { CONVERSION_KEYS, DETAILS_FIELDS, READ_ONLY_KEYS, specOf, type DetailsField } from "./details.fields";
import { validateDetailsBody } from "./details.validation";

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
/** A field's type in JSON Schema: the kind's own JSON type, then (bodies only) the legacy ones REST accepts, then null. */
function jsonTypes(spec: FieldSpec, accepted: JsonType[]): JSONSchema["type"] {
  const own: JsonType = spec.kind === "money" ? "number" : spec.kind === "integer" ? "integer" : spec.kind === "boolean" ? "boolean" : "string";
  const types = [own, ...accepted, ...(spec.nullable ? ["null" as const] : [])];
  return types.length === 1 ? own : types;
}

/** A field as the response writes it: its type and limits. */
function responseProperty(spec: FieldSpec): JSONSchema {
  const type = jsonTypes(spec, []);
  const description: JSONSchema = spec.docs.rest === undefined ? {} : { description: spec.docs.rest };
  switch (spec.kind) {
    case "money":
      return { type, minimum: 0, ...description };
    case "currency":
      return { type, pattern: "^[A-Z]{3}$", ...description };
    case "integer":
      return { type, minimum: spec.min, maximum: spec.max, ...description };
    case "text":
      return { type, maxLength: spec.maxLength, ...description };
    case "url":
      return { type, format: "uri", maxLength: spec.maxLength, ...description };
    case "boolean":
      return { type, ...description };
  }
}

/** A field as a body may send it: every type the REST door accepts. */
function inputProperty(spec: FieldSpec): JSONSchema {
  return { type: jsonTypes(spec, spec.legacy), description: spec.docs.restInput };
}

const CURRENCY: JSONSchema = { type: ["string", "null"], pattern: "^[A-Z]{3}$" };
const CONVERTED_PROPERTIES: Record<string, JSONSchema> = {
  [CONVERSION_KEYS.amount]: {
    type: ["number", "null"],
    minimum: 0,
    description: "annual_revenue in the requesting user's preferred currency (DEFAULT_CURRENCY without one), rounded half-up to its minor units; null without a revenue or a rate.",
  },
  [CONVERSION_KEYS.currency]: { ...CURRENCY, description: "The currency of annual_revenue_converted." },
};

/** The registry's fields in the documented order, with the conversion after the revenue's currency. */
function responseLayout<T>(field: (name: DetailsField) => T, conversion: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const name of DETAILS_FIELDS) {
    out[name] = field(name);
    if (name === CONVERSION_KEYS.after) Object.assign(out, conversion);
  }
  return out;
}

/** The documented example (USD→TRY at 30). */
export const DETAILS_EXAMPLE = {
  id: 1,
  customer_id: 1,
  ...responseLayout((name) => specOf(name).example, { [CONVERSION_KEYS.amount]: 60000000, [CONVERSION_KEYS.currency]: "TRY" }),
  created_at: "2025-11-20T12:00:00.000000Z",
  updated_at: "2025-11-20T12:00:00.000000Z",
};

/** The documented request: the fields whose example differs from what PUT would reset them to. */
export const DETAILS_REQUEST_EXAMPLE = Object.fromEntries(
  DETAILS_FIELDS.filter((name) => specOf(name).example !== specOf(name).reset).map((name) => [name, specOf(name).example]),
);

/** A real 422 of the write routes: what the service answers for a bad integer and a bad URL. */
const INVALID_BODY = Object.fromEntries(
  DETAILS_FIELDS.flatMap((name) => {
    const kind = specOf(name).kind;
    return kind === "integer" ? [[name, "many"]] : kind === "url" ? [[name, "not a url"]] : [];
  }),
);
const VALIDATION_EXAMPLE: JSONSchema = (() => {
  const { errors } = validateDetailsBody(INVALID_BODY, { lenient: true });
  const messages = Object.values(errors).flat();
  return { message: `${messages[0]} (and ${messages.length - 1} more error)`, errors };
})();

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
      ...responseLayout((name) => responseProperty(specOf(name)), CONVERTED_PROPERTIES),
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
      ...Object.fromEntries(DETAILS_FIELDS.map((name) => [name, inputProperty(specOf(name))])),
      ...Object.fromEntries([...READ_ONLY_KEYS].map((key) => [key, { description: "Read-only: accepted and ignored." }])),
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
    ...errorResponses([400, 401, 403, 404, 429, 503], {
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
      ...errorResponses([400, 401, 403, 404, 412, 413, 415, 422, 429, 503], { 422: { example: VALIDATION_EXAMPLE } }),
    },
  };
}

export const PUT_DETAILS_SCHEMA = writeSchema("PUT");
export const PATCH_DETAILS_SCHEMA = writeSchema("PATCH");

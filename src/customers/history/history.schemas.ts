import type { JSONSchema } from "../../openapi/json-schema";
import { errorResponses, headersOf } from "../../openapi/responses";
import { DETAILS_FIELDS, MONEY_FIELDS } from "../details/details.fields";
import { DETAILS_REQUEST_EXAMPLE } from "../details/details.schemas";
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from "./history.service";

/** The history route's schemas, for the OpenAPI document (documentation only, like the details routes'). */
export const HISTORY_PAGE_SCHEMA_ID = "CustomerDetailsHistoryPage";
export const HISTORY_ENTRY_SCHEMA_ID = "CustomerDetailsChange";

const AUDIT_VALUE: JSONSchema = {
  type: ["string", "number", "boolean", "null"],
  description: `The field's value; money (${[...MONEY_FIELDS].join(", ")}) as an exact decimal string.`,
};

/** The first write of the details' request example: its first three fields, from nothing (money as strings). */
const ENTRY_EXAMPLE = {
  id: 1,
  customer_id: 1,
  user_id: 1,
  door: "REST",
  method: "PATCH",
  created: true,
  changes: Object.fromEntries(
    Object.entries(DETAILS_REQUEST_EXAMPLE)
      .slice(0, 3)
      .map(([field, value]) => [field, { old: null, new: MONEY_FIELDS.has(field) ? String(value) : value }]),
  ),
  created_at: "2025-11-20T12:00:00.000000Z",
};

const PATH_EXAMPLE = "https://api.example.com/api/v1/customers/550e8400-e29b-41d4-a716-446655440000/details/history";

export const HISTORY_SCHEMAS: JSONSchema[] = [
  {
    $id: HISTORY_ENTRY_SCHEMA_ID,
    type: "object",
    description: "One committed change: who, through which door and method, and each changed field's old and new value.",
    additionalProperties: false,
    required: ["id", "customer_id", "user_id", "door", "method", "created", "changes", "created_at"],
    properties: {
      id: { type: "integer" },
      customer_id: { type: "integer" },
      user_id: { type: ["integer", "null"] },
      door: { type: "string", enum: ["REST", "GRAPHQL"] },
      method: { type: "string", enum: ["PUT", "PATCH"] },
      created: { type: "boolean", description: "This change created the details." },
      changes: {
        type: "object",
        propertyNames: { enum: [...DETAILS_FIELDS] },
        additionalProperties: {
          type: "object",
          additionalProperties: false,
          required: ["old", "new"],
          properties: { old: AUDIT_VALUE, new: AUDIT_VALUE },
        },
      },
      created_at: {
        type: "string",
        format: "date-time",
        pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$",
      },
    },
  },
  {
    $id: HISTORY_PAGE_SCHEMA_ID,
    type: "object",
    description: "One page, newest first, in the shape of Laravel's cursor paginator.",
    additionalProperties: false,
    required: ["data", "path", "per_page", "next_cursor", "next_page_url", "prev_cursor", "prev_page_url"],
    properties: {
      data: { type: "array", items: { $ref: `${HISTORY_ENTRY_SCHEMA_ID}#` } },
      path: { type: "string", format: "uri" },
      per_page: { type: "integer", minimum: 1, maximum: MAX_PER_PAGE },
      next_cursor: { type: ["string", "null"], description: "Continues with older entries; null on the last page." },
      next_page_url: { type: ["string", "null"], format: "uri" },
      prev_cursor: { type: ["string", "null"], description: "Goes back to newer entries; null on the first page." },
      prev_page_url: { type: ["string", "null"], format: "uri" },
    },
  },
];

export const GET_HISTORY_SCHEMA: JSONSchema = {
  tags: ["Customer details"],
  operationId: "getCustomerDetailsHistory",
  summary: "The change history of a customer's details",
  description: "Newest first, cursor-paginated. Needs read permission; same order of checks as reading the details, then 422 for the page parameters.",
  security: [{ bearerAuth: [] }],
  params: {
    type: "object",
    required: ["uuid"],
    properties: { uuid: { type: "string", format: "uuid", description: "The customer's UUID.", examples: ["550e8400-e29b-41d4-a716-446655440000"] } },
  },
  querystring: {
    type: "object",
    properties: {
      per_page: { type: "integer", minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE, description: `Entries per page, 1 to ${MAX_PER_PAGE}; else 422.` },
      cursor: { type: "string", description: "Opaque: the next_cursor or prev_cursor of a page; a forged one is a 422." },
    },
  },
  response: {
    200: {
      description: "One page of the history.",
      headers: headersOf(),
      content: {
        "application/json": {
          schema: { $ref: `${HISTORY_PAGE_SCHEMA_ID}#` },
          example: { data: [ENTRY_EXAMPLE], path: PATH_EXAMPLE, per_page: DEFAULT_PER_PAGE, next_cursor: null, next_page_url: null, prev_cursor: null, prev_page_url: null },
        },
      },
    },
    ...errorResponses([400, 401, 403, 404, 422, 429, 503], {
      400: { description: "Several Authorization headers.", message: "Bad Request" },
      422: {
        description: "per_page out of range, or a cursor that was not issued for this customer.",
        example: { message: "The per page field must be between 1 and 100.", errors: { per_page: ["The per page field must be between 1 and 100."] } },
      },
    }),
  },
};

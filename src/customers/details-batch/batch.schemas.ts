import type { JSONSchema } from "../../openapi/json-schema";
import { errorResponses, headersOf, VALIDATION_ERROR_SCHEMA_ID } from "../../openapi/responses";
import { DETAILS_EXAMPLE, DETAILS_INPUT_SCHEMA_ID, DETAILS_SCHEMA_ID } from "../details/details.schemas";
import { MAX_BATCH_ITEMS } from "./batch.types";
import { EXAMPLE_FIELD } from "../details/details.fields";

/** The batch routes' schemas, for the OpenAPI document only (like the single door's, see details.schemas.ts). */
export const BATCH_REQUEST_SCHEMA_ID = "CustomerDetailsBatchRequest";
export const BATCH_RESPONSE_SCHEMA_ID = "CustomerDetailsBatchResponse";
const BATCH_ITEM_RESULT_SCHEMA_ID = "CustomerDetailsBatchItemResult";

const UUID_EXAMPLE = "550e8400-e29b-41d4-a716-446655440000";
const OTHER_UUID_EXAMPLE = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

export const BATCH_SCHEMAS: JSONSchema[] = [
  {
    $id: BATCH_REQUEST_SCHEMA_ID,
    type: "object",
    description: `1 to ${MAX_BATCH_ITEMS} items, each the single door's body plus the customer's uuid (and an optional if_match).`,
    required: ["items"],
    additionalProperties: false,
    properties: {
      items: {
        type: "array",
        minItems: 1,
        maxItems: MAX_BATCH_ITEMS,
        items: {
          allOf: [
            { $ref: `${DETAILS_INPUT_SCHEMA_ID}#` },
            {
              type: "object",
              required: ["uuid"],
              properties: {
                uuid: { type: "string", description: "The customer's UUID (a malformed one is that item's 404)." },
                if_match: { type: "string", description: 'The item\'s If-Match: the ETag exactly as the single door sends it, quotes included ("\\"v3\\"").' },
              },
            },
          ],
        },
      },
      all_or_none: {
        type: ["boolean", "integer", "string"],
        description: "true: one transaction; if any item fails nothing is stored (422, the other items 424). Also 1/0/\"1\"/\"0\"/\"true\"/\"false\".",
      },
    },
    examples: [{ items: [{ uuid: UUID_EXAMPLE, [EXAMPLE_FIELD]: 120, if_match: '"v3"' }, { uuid: OTHER_UUID_EXAMPLE, website: "not a url" }] }],
  },
  {
    $id: BATCH_ITEM_RESULT_SCHEMA_ID,
    type: "object",
    description:
      "One item's outcome: 200 with the details and their ETag; 404, 403 or 412 with a message; 422 with a message and the failing fields; 424 (all_or_none) when the item did not fail but another did.",
    required: ["uuid", "status"],
    additionalProperties: false,
    properties: {
      uuid: { type: "string", description: "The item's uuid as sent." },
      status: { type: "integer", enum: [200, 403, 404, 412, 422, 424] },
      etag: { type: "string", description: "With status 200: the details' ETag (the item's next if_match)." },
      details: { $ref: `${DETAILS_SCHEMA_ID}#` },
      message: { type: "string" },
      errors: { type: "object", additionalProperties: { type: "array", items: { type: "string" }, minItems: 1 } },
    },
  },
  {
    $id: BATCH_RESPONSE_SCHEMA_ID,
    type: "object",
    description: "Each item's outcome, in the items' order.",
    required: ["data"],
    additionalProperties: false,
    properties: {
      message: { type: "string", description: "With status 422 (all_or_none): why nothing was stored." },
      data: { type: "array", items: { $ref: `${BATCH_ITEM_RESULT_SCHEMA_ID}#` } },
    },
  },
];

const OK_ITEM = { uuid: UUID_EXAMPLE, status: 200, etag: '"v4"', details: DETAILS_EXAMPLE };
const INVALID_ITEM = {
  uuid: OTHER_UUID_EXAMPLE,
  status: 422,
  message: "The website field must be a valid URL.",
  errors: { website: ["The website field must be a valid URL."] },
};

const batchResponse = (description: string, example: JSONSchema): JSONSchema => ({
  description,
  headers: headersOf(),
  content: { "application/json": { schema: { $ref: `${BATCH_RESPONSE_SCHEMA_ID}#` }, example } },
});

function batchSchema(method: "PUT" | "PATCH"): JSONSchema {
  return {
    tags: ["Customer details"],
    operationId: method === "PUT" ? "replaceCustomerDetailsBatch" : "updateCustomerDetailsBatch",
    summary: method === "PUT" ? "Replace many customers' details" : "Update some of many customers' details",
    description:
      `${method === "PUT" ? "PUT" : "PATCH"} semantics for each of 1 to ${MAX_BATCH_ITEMS} customers, exactly as the single door: the token and ` +
      "the update permission are checked once (401, 403), then each item runs the single door's checks (404, 403 not the owner, 422, 412) " +
      "in a transaction of its own. 200 when every item succeeded, 207 when any failed; with all_or_none, one transaction and 422 " +
      "when any failed (nothing stored). History, ETags, webhooks and subscriptions see each item as if it had been sent alone.",
    security: [{ bearerAuth: [] }],
    body: { $ref: `${BATCH_REQUEST_SCHEMA_ID}#` },
    response: {
      200: batchResponse("Every item succeeded.", { data: [OK_ITEM] }),
      207: batchResponse("Some items failed (each item's status says which).", { data: [OK_ITEM, INVALID_ITEM] }),
      ...errorResponses([400, 401, 403, 413, 415, 429, 503], {
        413: { description: "The body is larger than 1 MiB.", message: "Payload Too Large: the body must not exceed 1 MiB." },
      }),
      422: {
        description: `The body's shape is wrong (items missing, not 1..${MAX_BATCH_ITEMS}, an item without a uuid), or with all_or_none an item failed: nothing was stored, and data says why (the items that did not fail carry 424).`,
        headers: headersOf(),
        content: {
          "application/json": {
            schema: { oneOf: [{ $ref: `${VALIDATION_ERROR_SCHEMA_ID}#` }, { $ref: `${BATCH_RESPONSE_SCHEMA_ID}#` }] },
            example: {
              message: "Nothing was stored: 1 of 2 items failed.",
              data: [{ uuid: UUID_EXAMPLE, status: 424, message: "Failed Dependency" }, INVALID_ITEM],
            },
          },
        },
      },
    },
  };
}

export const PUT_BATCH_SCHEMA = batchSchema("PUT");
export const PATCH_BATCH_SCHEMA = batchSchema("PATCH");

import { AppError, type FieldErrors } from "../../errors";
import { parseIfMatch } from "../../http/if-match";
import { JsonNumber } from "../details/details.validation";
import { MAX_BATCH_ITEMS, type BatchItem } from "./batch.types";

/** The keys of an item that are about the item, not fields of the customer's details. */
const ITEM_KEYS = new Set(["uuid", "if_match"]);
const LEGACY_TRUE = new Set<unknown>([true, 1, "1", "true"]);
const LEGACY_FALSE = new Set<unknown>([false, 0, "0", "false"]);

/**
 * The REST batch body: `{"items": [{"uuid", "if_match"?, …fields}], "all_or_none"?}`. Only its shape is checked here
 * (a 422 for the whole request, keys as Laravel names nested fields: `items`, `items.3.uuid`); each item's fields are
 * the single door's body, validated by the details service as that item's own 422.
 */
export function parseBatchBody(body: unknown): { items: BatchItem[]; allOrNone: boolean } {
  if (!isObject(body)) throw AppError.validation({ body: ["The body must be a JSON object."] });
  const errors: FieldErrors = {};
  let allOrNone = false;
  for (const [key, value] of Object.entries(body)) {
    if (key === "items") continue;
    if (key !== "all_or_none") errors[key] = [`The ${key} field is not allowed.`];
    else if (LEGACY_TRUE.has(legacy(value))) allOrNone = true;
    else if (!LEGACY_FALSE.has(legacy(value))) errors[key] = ["The all or none field must be true or false."];
  }
  const items: BatchItem[] = [];
  const list = body.items;
  if (list === undefined) errors.items = ["The items field is required."];
  else if (!Array.isArray(list)) errors.items = ["The items field must be an array."];
  else if (list.length < 1 || list.length > MAX_BATCH_ITEMS) errors.items = [`The items field must have between 1 and ${MAX_BATCH_ITEMS} items.`];
  else list.forEach((entry: unknown, index) => {
    const item = parseItem(entry, `items.${index}`, errors);
    if (item) items.push(item);
  });
  if (Object.keys(errors).length > 0) throw AppError.validation(errors);
  return { items, allOrNone };
}

function parseItem(entry: unknown, path: string, errors: FieldErrors): BatchItem | null {
  if (!isObject(entry)) {
    errors[path] = [`The ${path} field must be an object.`];
    return null;
  }
  const { uuid, if_match: ifMatch } = entry;
  if (uuid === undefined) errors[`${path}.uuid`] = [`The ${path}.uuid field is required.`];
  else if (typeof uuid !== "string") errors[`${path}.uuid`] = [`The ${path}.uuid field must be a string.`];
  if (ifMatch !== undefined && typeof ifMatch !== "string") errors[`${path}.if_match`] = [`The ${path}.if_match field must be a string.`];
  if (typeof uuid !== "string" || (ifMatch !== undefined && typeof ifMatch !== "string")) return null;
  const fields = Object.fromEntries(Object.entries(entry).filter(([key]) => !ITEM_KEYS.has(key)));
  const precondition = parseIfMatch(ifMatch);
  return { uuid, body: fields, ...(precondition ? { precondition } : {}) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

function legacy(value: unknown): unknown {
  return value instanceof JsonNumber ? Number(value.text) : value;
}

import { AppError, type FieldErrors } from "../../errors";
import { isKnownCurrency } from "../../currency/currencies";
import { Decimal } from "../../currency/decimal";
import { JsonNumber } from "../../shared/json-number";
import type { BooleanSpec, CurrencySpec, FieldSpec, IntegerSpec, MoneySpec, TextSpec, UrlSpec } from "./details.field-kinds";
import { attributeName, DETAILS_FIELDS, READ_ONLY_KEYS, specOf, type DetailsField, type DetailsFields } from "./details.fields";

export { JsonNumber };

export interface ValidationOptions {
  /** REST accepts what Laravel accepted from legacy callers: numeric strings, 1/0/"1"/"0"/"true"/"false". */
  lenient: boolean;
}

export type DetailsChanges = Partial<DetailsFields>;

const NUMERIC_STRING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const INTEGER_STRING = /^\s*[+-]?\d+\s*$/;
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/** False for what PostgreSQL text cannot hold (a NUL) or UTF-8 cannot encode (an unpaired surrogate, e.g. JSON "\ud800"). */
function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !UNPAIRED_SURROGATE.test(value);
}

type Result = { value: unknown } | { error: string };
/** A kind's rule: the normalised value, or the message (Laravel's wording) naming the field as `name`. */
type Rule<S extends FieldSpec> = (value: unknown, name: string, spec: S, options: ValidationOptions) => Result;

const ok = (value: unknown): { value: unknown } => ({ value });
const fail = (error: string): { error: string } => ({ error });

const money: Rule<MoneySpec> = (value, name, spec, { lenient }) => {
  const text =
    value instanceof JsonNumber
      ? value.text
      : typeof value === "number" && Number.isFinite(value)
        ? String(value)
        : lenient && typeof value === "string" && NUMERIC_STRING.test(value)
          ? value.trim()
          : null;
  if (text === null) return fail(`The ${name} field must be a number.`);
  const amount = new Decimal(text);
  // -0 is zero (as GraphQL's Float and Laravel's min:0 see it), not a negative amount.
  if (amount.isNeg() && !amount.isZero()) return fail(`The ${name} field must be at least 0.`);
  if (amount.decimalPlaces() > spec.decimals) return fail(`The ${name} field must have at most ${spec.decimals} decimal places.`);
  if (!amount.isZero() && amount.precision(true) > spec.digits) {
    return fail(`The ${name} field must have at most ${spec.digits} significant digits.`);
  }
  return ok(amount.isZero() ? new Decimal(0) : amount);
};

const currency: Rule<CurrencySpec> = (value, name) => {
  if (typeof value !== "string") return fail(`The ${name} field must be a string.`);
  const code = value.trim().toUpperCase();
  return isKnownCurrency(code) ? ok(code) : fail(`The selected ${name} is invalid.`);
};

const integer: Rule<IntegerSpec> = (value, name, spec, { lenient }) => {
  let count: number | null = null;
  if (value instanceof JsonNumber) {
    const exact = new Decimal(value.text);
    count = exact.isInteger() && exact.abs().lte(Number.MAX_SAFE_INTEGER) ? exact.toNumber() : null;
  } else if (typeof value === "number") count = Number.isSafeInteger(value) ? value : null;
  else if (lenient && typeof value === "string" && INTEGER_STRING.test(value)) count = Number.parseInt(value, 10);
  if (count === null || !Number.isSafeInteger(count)) return fail(`The ${name} field must be an integer.`);
  if (count < spec.min || count > spec.max) return fail(`The ${name} field must be between ${spec.min} and ${spec.max}.`);
  return ok(count);
};

const text: Rule<TextSpec> = (value, name, spec) => {
  if (typeof value !== "string") return fail(`The ${name} field must be a string.`);
  if (!isStorableText(value)) return fail(`The ${name} field format is invalid.`);
  const trimmed = value.trim();
  if ([...trimmed].length > spec.maxLength) return fail(`The ${name} field must not be greater than ${spec.maxLength} characters.`);
  return ok(trimmed === "" ? null : trimmed);
};

const url: Rule<UrlSpec> = (value, name, spec) => {
  if (typeof value !== "string") return fail(`The ${name} field must be a string.`);
  if (!isStorableText(value)) return fail(`The ${name} field format is invalid.`);
  const trimmed = value.trim();
  if (trimmed === "") return ok(null);
  const candidate = hasScheme(trimmed) ? trimmed : `https://${trimmed}`;
  if (candidate.length > spec.maxLength) return fail(`The ${name} field must not be greater than ${spec.maxLength} characters.`);
  return isWebUrl(candidate) ? ok(candidate) : fail(`The ${name} field must be a valid URL.`);
};

/**
 * Whether a value starts with a URL scheme ("https:", "mailto:"…). A host and port ("example.com:8080",
 * "localhost:3000/path") looks like one to a naive test but is a bare host, which gets https:// in front.
 */
function hasScheme(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z0-9.-]+:\d+(?:[/?#]|$)/i.test(value);
}

function isWebUrl(candidate: string): boolean {
  if (/\s/.test(candidate) || !URL.canParse(candidate)) return false;
  const parsed = new URL(candidate);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#]/i.test(candidate)) return false;
  const host = parsed.hostname;
  return host === "localhost" || host.startsWith("[") || (host.includes(".") && !host.startsWith(".") && !host.endsWith("."));
}

const LEGACY_TRUE = new Set<unknown>([1, "1", "true"]);
const LEGACY_FALSE = new Set<unknown>([0, "0", "false"]);

const boolean: Rule<BooleanSpec> = (value, name, _spec, { lenient }) => {
  if (typeof value === "boolean") return ok(value);
  if (lenient) {
    const raw = value instanceof JsonNumber ? Number(value.text) : value;
    if (LEGACY_TRUE.has(raw)) return ok(true);
    if (LEGACY_FALSE.has(raw)) return ok(false);
  }
  return fail(`The ${name} field must be true or false.`);
};

/** A field's value, normalised, or its message. Null clears a nullable field; for any other, it fails the kind's rule. */
function validateField(field: DetailsField, value: unknown, options: ValidationOptions): Result {
  const spec = specOf(field);
  if (value === null && spec.nullable) return ok(null);
  const name = attributeName(field);
  switch (spec.kind) {
    case "money":
      return money(value, name, spec, options);
    case "currency":
      return currency(value, name, spec, options);
    case "integer":
      return integer(value, name, spec, options);
    case "text":
      return text(value, name, spec, options);
    case "url":
      return url(value, name, spec, options);
    case "boolean":
      return boolean(value, name, spec, options);
  }
}

export interface BodyValidation {
  changes: DetailsChanges;
  errors: FieldErrors;
}

/**
 * Validates a request body (docs/behaviour.md section 3): the fields it sets, normalised, and every
 * failing field's message. A key that is present with `null` is a change to null; an absent key is
 * no change (PATCH) or a reset (PUT, decided by the caller).
 */
export function validateDetailsBody(body: unknown, options: ValidationOptions): BodyValidation {
  if (typeof body !== "object" || body === null || Array.isArray(body) || body instanceof JsonNumber) {
    return { changes: {}, errors: { body: ["The body must be a JSON object."] } };
  }
  // Keys come from the client: collected in a Map, so that "__proto__" or "constructor" are keys like any other.
  const errors = new Map<string, string[]>();
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (READ_ONLY_KEYS.has(key)) continue;
    if (!(DETAILS_FIELDS as string[]).includes(key)) {
      errors.set(key, [`The ${key} field is not allowed.`]);
      continue;
    }
    const field = key as DetailsField;
    const result = validateField(field, value, options);
    if ("error" in result) errors.set(field, [result.error]);
    else changes[field] = result.value;
  }
  return { changes: changes as DetailsChanges, errors: Object.fromEntries(errors) };
}

/**
 * Rules that look at the record as it would be stored: a currency is required whenever its money has a value
 * (fields that already failed on their own are not reported twice).
 */
export function resultingRecordErrors(record: DetailsFields, failed: FieldErrors = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of DETAILS_FIELDS) {
    const spec = specOf(field);
    if (spec.kind !== "currency" || field in failed) continue;
    const of = spec.of as DetailsField;
    if (record[of] !== null && record[field] === null) {
      errors[field] = [`The ${attributeName(field)} field is required when ${attributeName(of)} is present.`];
    }
  }
  return errors;
}

/** Throws the 422 for all collected errors, fields in documented order; does nothing when there are none. */
export function throwIfInvalid(...groups: FieldErrors[]): void {
  const errors = new Map<string, string[]>();
  for (const group of groups) for (const [field, messages] of Object.entries(group)) errors.set(field, [...(errors.get(field) ?? []), ...messages]);
  if (errors.size > 0) throw AppError.validation(sortErrors(errors));
}

function sortErrors(errors: Map<string, string[]>): FieldErrors {
  const order = (key: string): number => {
    const index = (DETAILS_FIELDS as string[]).indexOf(key);
    return index === -1 ? DETAILS_FIELDS.length : index;
  };
  return Object.fromEntries([...errors].sort(([a], [b]) => order(a) - order(b)));
}

import { AppError, type FieldErrors } from "../../errors";
import { isKnownCurrency } from "../../currency/currencies";
import { Decimal } from "../../currency/decimal";
import { attributeName, DETAILS_FIELDS, READ_ONLY_KEYS, type DetailsField, type DetailsFields } from "./details.fields";

/**
 * A number exactly as the client wrote it in JSON. The REST door parses bodies losslessly so that
 * `1999999.99999999999` is refused for its precision instead of being silently rounded by a float.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export interface ValidationOptions {
  /** REST accepts what Laravel accepted from legacy callers: numeric strings, 1/0/"1"/"0"/"true"/"false". */
  lenient: boolean;
}

export type DetailsChanges = Partial<DetailsFields>;

const MAX_EMPLOYEES = 10_000_000;
const MAX_REVENUE_DECIMALS = 4;
const MAX_REVENUE_DIGITS = 15;
const NUMERIC_STRING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const INTEGER_STRING = /^\s*[+-]?\d+\s*$/;
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/** False for what PostgreSQL text cannot hold (a NUL) or UTF-8 cannot encode (an unpaired surrogate, e.g. JSON "\ud800"). */
function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !UNPAIRED_SURROGATE.test(value);
}

type Rule<T> = (value: unknown, field: DetailsField, options: ValidationOptions) => { value: T } | { error: string };

const ok = <T>(value: T): { value: T } => ({ value });
const fail = (error: string): { error: string } => ({ error });

const annualRevenue: Rule<Decimal | null> = (value, field, { lenient }) => {
  if (value === null) return ok(null);
  const text =
    value instanceof JsonNumber
      ? value.text
      : typeof value === "number" && Number.isFinite(value)
        ? String(value)
        : lenient && typeof value === "string" && NUMERIC_STRING.test(value)
          ? value.trim()
          : null;
  if (text === null) return fail(`The ${attributeName(field)} field must be a number.`);
  const amount = new Decimal(text);
  // -0 is zero (as GraphQL's Float and Laravel's min:0 see it), not a negative amount.
  if (amount.isNeg() && !amount.isZero()) return fail(`The ${attributeName(field)} field must be at least 0.`);
  if (amount.decimalPlaces() > MAX_REVENUE_DECIMALS) {
    return fail(`The ${attributeName(field)} field must have at most ${MAX_REVENUE_DECIMALS} decimal places.`);
  }
  if (!amount.isZero() && amount.precision(true) > MAX_REVENUE_DIGITS) {
    return fail(`The ${attributeName(field)} field must have at most ${MAX_REVENUE_DIGITS} significant digits.`);
  }
  return ok(amount.isZero() ? new Decimal(0) : amount);
};

const currency: Rule<string | null> = (value, field) => {
  if (value === null) return ok(null);
  if (typeof value !== "string") return fail(`The ${attributeName(field)} field must be a string.`);
  const code = value.trim().toUpperCase();
  return isKnownCurrency(code) ? ok(code) : fail(`The selected ${attributeName(field)} is invalid.`);
};

const employeeCount: Rule<number | null> = (value, field, { lenient }) => {
  if (value === null) return ok(null);
  let count: number | null = null;
  if (value instanceof JsonNumber) {
    const exact = new Decimal(value.text);
    count = exact.isInteger() && exact.abs().lte(Number.MAX_SAFE_INTEGER) ? exact.toNumber() : null;
  } else if (typeof value === "number") count = Number.isSafeInteger(value) ? value : null;
  else if (lenient && typeof value === "string" && INTEGER_STRING.test(value)) count = Number.parseInt(value, 10);
  if (count === null || !Number.isSafeInteger(count)) return fail(`The ${attributeName(field)} field must be an integer.`);
  if (count < 0 || count > MAX_EMPLOYEES) {
    return fail(`The ${attributeName(field)} field must be between 0 and ${MAX_EMPLOYEES}.`);
  }
  return ok(count);
};

const text =
  (max: number): Rule<string | null> =>
  (value, field) => {
    if (value === null) return ok(null);
    if (typeof value !== "string") return fail(`The ${attributeName(field)} field must be a string.`);
    if (!isStorableText(value)) return fail(`The ${attributeName(field)} field format is invalid.`);
    const trimmed = value.trim();
    if ([...trimmed].length > max) return fail(`The ${attributeName(field)} field must not be greater than ${max} characters.`);
    return ok(trimmed === "" ? null : trimmed);
  };

const website: Rule<string | null> = (value, field) => {
  if (value === null) return ok(null);
  if (typeof value !== "string") return fail(`The ${attributeName(field)} field must be a string.`);
  if (!isStorableText(value)) return fail(`The ${attributeName(field)} field format is invalid.`);
  const trimmed = value.trim();
  if (trimmed === "") return ok(null);
  const candidate = hasScheme(trimmed) ? trimmed : `https://${trimmed}`;
  if (candidate.length > 2048) return fail(`The ${attributeName(field)} field must not be greater than 2048 characters.`);
  return isWebUrl(candidate) ? ok(candidate) : fail(`The ${attributeName(field)} field must be a valid URL.`);
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
  const url = new URL(candidate);
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#]/i.test(candidate)) return false;
  const host = url.hostname;
  return host === "localhost" || host.startsWith("[") || (host.includes(".") && !host.startsWith(".") && !host.endsWith("."));
}

const LEGACY_TRUE = new Set<unknown>([1, "1", "true"]);
const LEGACY_FALSE = new Set<unknown>([0, "0", "false"]);

const isActive: Rule<boolean> = (value, field, { lenient }) => {
  if (typeof value === "boolean") return ok(value);
  if (lenient) {
    const raw = value instanceof JsonNumber ? Number(value.text) : value;
    if (LEGACY_TRUE.has(raw)) return ok(true);
    if (LEGACY_FALSE.has(raw)) return ok(false);
  }
  return fail(`The ${attributeName(field)} field must be true or false.`);
};

const RULES: { [K in DetailsField]: Rule<DetailsFields[K]> } = {
  annual_revenue: annualRevenue,
  annual_revenue_currency: currency,
  employee_count: employeeCount,
  industry: text(255),
  website,
  address: text(1000),
  is_active: isActive,
};

export interface BodyValidation {
  changes: DetailsChanges;
  errors: FieldErrors;
}

/**
 * Validates a request body (CONTRACT.md section 3): the fields it sets, normalised, and every
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
    const result = RULES[field](value, field, options);
    if ("error" in result) errors.set(field, [result.error]);
    else changes[field] = result.value;
  }
  return { changes: changes as DetailsChanges, errors: Object.fromEntries(errors) };
}

/** Rules that look at the record as it would be stored: a revenue needs a currency. */
export function resultingRecordErrors(record: DetailsFields): FieldErrors {
  if (record.annual_revenue !== null && record.annual_revenue_currency === null) {
    return { annual_revenue_currency: ["The annual revenue currency field is required when annual revenue is present."] };
  }
  return {};
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

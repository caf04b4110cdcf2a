import type { RateInput } from "../../src/currency/rates.store";
import type { CustomerDetails } from "../../src/generated/prisma/client";
import type { Scenario as SeededScenario } from "../support/scenario";

/**
 * ONE table of scenarios for PUT/PATCH /api/v1/customers/{uuid}/details and the GraphQL mutations
 * updateCustomerDetails/patchCustomerDetails (docs/behaviour.md sections 2–5). tests/e2e/two-doors.test.ts
 * runs every row through both doors and asserts the same outcome.
 *
 * Every row runs on a customer of its own, created for it (so rows are independent):
 * - `customer`: whom that customer belongs to (`missing`: a well-formed uuid nobody has; `malformed`: not a uuid).
 * - `before`: bodies the manager PUTs through REST first, in order (setup). Without it the customer has no details.
 *   After n setup writes the stored version is n, which is what `precondition` refers to.
 * - `body`: the request body with the documented snake_case keys. The GraphQL runner maps it to the camelCase
 *   input, keeping the difference between an omitted key and an explicit null.
 * - `restOnly`: why a row cannot go through GraphQL (its schema refuses the input before the service sees it).
 */

export type Actor = keyof SeededScenario["tokens"] | "anonymous" | "badToken";
export type CustomerKind = "salesOwned" | "otherOwned" | "unowned" | "missing" | "malformed";
export type Mode = "PUT" | "PATCH";
export type Body = Record<string, unknown>;

/** A customer's stored details as the tests read them back from the database: money as exact decimal text. */
export interface StoredFields {
  annual_revenue: string | null;
  annual_revenue_currency: string | null;
  employee_count: number | null;
  industry: string | null;
  website: string | null;
  address: string | null;
  is_active: boolean;
}

/** Response keys both doors return (GraphQL under their camelCase names). */
export interface ResponseFields {
  annual_revenue: number | null;
  annual_revenue_currency: string | null;
  annual_revenue_converted: number | null;
  annual_revenue_currency_converted: string | null;
  employee_count: number | null;
  industry: string | null;
  website: string | null;
  address: string | null;
  is_active: boolean;
}

/** How the revenue was converted; GraphQL only (`conversion { ... }`). */
export interface ConversionFields {
  amount: string;
  currency: string;
  rate: string;
  source: string;
  path: "IDENTITY" | "DIRECT" | "INVERSE" | "CROSS";
  pivot: string | null;
}

export type Expectation =
  | {
      status: 200;
      /** The stored fields after the request; "unchanged" = nothing written (no-op: updated_at and history untouched). */
      stored: Partial<StoredFields> | "unchanged";
      response?: Partial<ResponseFields>;
      conversion?: Partial<ConversionFields> | null;
    }
  | { status: 401 | 403 | 404 | 412; message: string }
  | { status: 422; message: string; errors: Record<string, string[]> };

export interface Scenario {
  name: string;
  actor: Actor;
  customer: CustomerKind;
  mode: Mode;
  before?: Body[];
  body: Body;
  /** REST: If-Match "v<version>" (or `*` for "any"); GraphQL: expectedVersion. */
  precondition?: { version: number } | "any";
  restOnly?: string;
  expect: Expectation;
}

// ---------------------------------------------------------------------------------------------------------------
// Expectations used by many rows
// ---------------------------------------------------------------------------------------------------------------

const UNAUTHENTICATED = { status: 401, message: "Unauthenticated." } as const;
const FORBIDDEN = { status: 403, message: "Forbidden" } as const;
const NOT_FOUND = { status: 404, message: "Customer not found" } as const;
const PRECONDITION_FAILED = { status: 412, message: "Precondition Failed" } as const;
const UNCHANGED = { status: 200, stored: "unchanged" } as const;

/** A 422 with exactly one failing field: Laravel's message is that field's message. */
function invalid(field: string, message: string): Expectation {
  return { status: 422, message, errors: { [field]: [message] } };
}

const M = {
  revenueNumber: "The annual revenue field must be a number.",
  revenueMin: "The annual revenue field must be at least 0.",
  revenueDecimals: "The annual revenue field must have at most 4 decimal places.",
  revenueDigits: "The annual revenue field must have at most 15 significant digits.",
  currencyInvalid: "The selected annual revenue currency is invalid.",
  currencyRequired: "The annual revenue currency field is required when annual revenue is present.",
  employeesInteger: "The employee count field must be an integer.",
  employeesBetween: "The employee count field must be between 0 and 10000000.",
  industryMax: "The industry field must not be greater than 255 characters.",
  websiteUrl: "The website field must be a valid URL.",
  websiteMax: "The website field must not be greater than 2048 characters.",
  addressMax: "The address field must not be greater than 1000 characters.",
  isActiveBoolean: "The is active field must be true or false.",
} as const;

/** The documented example request. */
const DOCUMENTED: Body = {
  annual_revenue: 2000000,
  annual_revenue_currency: "USD",
  employee_count: 100,
  industry: "Technology",
  website: "https://example.com",
};

/** A record with every field set (is_active false, so that a reset to true shows). */
const FULL: Body = { ...DOCUMENTED, address: "1 Main Street", is_active: false };
/** The same record after someone else's change: version 2, so that version 1 is stale. */
const FULL_V2: Body = { ...FULL, industry: "Retail" };
const FULL_STORED: StoredFields = {
  annual_revenue: "2000000",
  annual_revenue_currency: "USD",
  employee_count: 100,
  industry: "Technology",
  website: "https://example.com",
  address: "1 Main Street",
  is_active: false,
};
const EMPTY_STORED: StoredFields = {
  annual_revenue: null,
  annual_revenue_currency: null,
  employee_count: null,
  industry: null,
  website: null,
  address: null,
  is_active: true,
};

/**
 * Exchange rates the conversion rows need, besides the seeded manual USD→TRY 30 (dated today). EUR→JPY and
 * GBP→KWD put an exact half on the last minor unit (half-up differs from half-even there); CHF reaches TRY only
 * through EUR (1/0.8 × 40 = 50); SEK has no rate at all.
 */
export const RATES: { source: string; rates: Omit<RateInput, "date">[] }[] = [
  { source: "manual", rates: [{ base: "EUR", quote: "JPY", rate: "160.5" }, { base: "GBP", quote: "KWD", rate: "0.3845" }] },
  { source: "ecb", rates: [{ base: "EUR", quote: "CHF", rate: "0.8" }, { base: "EUR", quote: "TRY", rate: "40" }] },
];

// ---------------------------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------------------------

export const SCENARIOS: Scenario[] = [
  // --- 2. Order of checks --------------------------------------------------------------------------------------
  { name: "401: no token", actor: "anonymous", customer: "salesOwned", mode: "PATCH", body: { employee_count: 1 }, expect: UNAUTHENTICATED },
  { name: "401: a token that is not a JWT", actor: "badToken", customer: "salesOwned", mode: "PUT", body: { employee_count: 1 }, expect: UNAUTHENTICATED },
  { name: "401: a disabled user's valid token", actor: "disabled", customer: "salesOwned", mode: "PATCH", body: { employee_count: 1 }, expect: UNAUTHENTICATED },
  {
    name: "401 beats 403/404/422/412: no token, unknown customer, invalid body, stale version",
    actor: "anonymous", customer: "missing", mode: "PATCH", body: { employee_count: -1 }, precondition: { version: 7 },
    expect: UNAUTHENTICATED,
  },
  { name: "403: no update permission at all", actor: "nobody", customer: "salesOwned", mode: "PATCH", body: { employee_count: 1 }, expect: FORBIDDEN },
  { name: "403: view permission does not allow updates", actor: "viewer", customer: "unowned", mode: "PUT", body: { employee_count: 1 }, expect: FORBIDDEN },
  { name: "403 (no permission) beats 404: unknown customer", actor: "nobody", customer: "missing", mode: "PATCH", body: { employee_count: 1 }, expect: FORBIDDEN },
  { name: "403 (no permission) beats 404: malformed uuid", actor: "viewer", customer: "malformed", mode: "PUT", body: { employee_count: -1 }, expect: FORBIDDEN },
  { name: "404: unknown customer", actor: "manager", customer: "missing", mode: "PUT", body: { employee_count: 1 }, expect: NOT_FOUND },
  { name: "404: malformed uuid", actor: "manager", customer: "malformed", mode: "PATCH", body: { employee_count: 1 }, expect: NOT_FOUND },
  { name: "404 beats own-403: .own user, unknown customer", actor: "sales", customer: "missing", mode: "PATCH", body: { employee_count: -1 }, expect: NOT_FOUND },
  { name: "404 beats own-403: .own user, malformed uuid", actor: "sales", customer: "malformed", mode: "PUT", body: { employee_count: 1 }, expect: NOT_FOUND },
  { name: "own-403: .own user, someone else's customer", actor: "sales", customer: "otherOwned", mode: "PATCH", body: { employee_count: 1 }, expect: FORBIDDEN },
  { name: "own-403: .own user, a customer without owner", actor: "sales", customer: "unowned", mode: "PUT", body: { employee_count: 1 }, expect: FORBIDDEN },
  { name: "own-403 beats 422", actor: "sales", customer: "otherOwned", mode: "PATCH", body: { employee_count: -1, website: "nope" }, expect: FORBIDDEN },
  {
    name: "own-403 beats 412", actor: "sales", customer: "otherOwned", mode: "PATCH", before: [FULL, FULL_V2],
    body: { employee_count: 1 }, precondition: { version: 1 }, expect: FORBIDDEN,
  },
  {
    name: "422 beats 412", actor: "sales", customer: "salesOwned", mode: "PATCH", before: [FULL, FULL_V2],
    body: { employee_count: -1 }, precondition: { version: 1 }, expect: invalid("employee_count", M.employeesBetween),
  },
  {
    name: "412 after validation: valid body, stale version", actor: "sales", customer: "salesOwned", mode: "PATCH",
    before: [FULL, FULL_V2], body: { employee_count: 1 }, precondition: { version: 1 }, expect: PRECONDITION_FAILED,
  },
  {
    name: "200: .own user, own customer", actor: "sales", customer: "salesOwned", mode: "PATCH", body: { employee_count: 7 },
    expect: { status: 200, stored: { ...EMPTY_STORED, employee_count: 7 } },
  },
  {
    name: "200: manager, someone else's customer", actor: "manager", customer: "otherOwned", mode: "PUT", body: { industry: "Retail" },
    expect: { status: 200, stored: { ...EMPTY_STORED, industry: "Retail" } },
  },
  {
    name: "200: manager, a customer without owner", actor: "manager", customer: "unowned", mode: "PATCH", body: { address: "Kadıköy" },
    expect: { status: 200, stored: { ...EMPTY_STORED, address: "Kadıköy" } },
  },

  // --- 3. Validation: annual_revenue --------------------------------------------------------------------------
  { name: "annual_revenue: negative", actor: "manager", customer: "unowned", mode: "PATCH", body: { annual_revenue: -1, annual_revenue_currency: "USD" }, expect: invalid("annual_revenue", M.revenueMin) },
  { name: "annual_revenue: 5 decimal places", actor: "manager", customer: "unowned", mode: "PATCH", body: { annual_revenue: 1.12345, annual_revenue_currency: "USD" }, expect: invalid("annual_revenue", M.revenueDecimals) },
  { name: "annual_revenue: 16 significant digits", actor: "manager", customer: "unowned", mode: "PUT", body: { annual_revenue: 1234567890123456, annual_revenue_currency: "USD" }, expect: invalid("annual_revenue", M.revenueDigits) },
  {
    name: "annual_revenue: 15 significant digits with 4 decimals, stored exactly", actor: "manager", customer: "unowned", mode: "PUT",
    body: { annual_revenue: 12345678901.1234, annual_revenue_currency: "TRY" },
    expect: { status: 200, stored: { ...EMPTY_STORED, annual_revenue: "12345678901.1234", annual_revenue_currency: "TRY" }, response: { annual_revenue: 12345678901.1234, annual_revenue_converted: 12345678901.12 } },
  },
  {
    name: "annual_revenue: zero is a revenue", actor: "manager", customer: "unowned", mode: "PATCH", body: { annual_revenue: 0, annual_revenue_currency: "USD" },
    expect: { status: 200, stored: { annual_revenue: "0", annual_revenue_currency: "USD" }, response: { annual_revenue: 0, annual_revenue_converted: 0 } },
  },
  { name: "annual_revenue: a non-numeric string", restOnly: "GraphQL's Float refuses strings", actor: "manager", customer: "unowned", mode: "PATCH", body: { annual_revenue: "a lot", annual_revenue_currency: "USD" }, expect: invalid("annual_revenue", M.revenueNumber) },
  { name: "annual_revenue: a boolean", restOnly: "GraphQL's Float refuses booleans", actor: "manager", customer: "unowned", mode: "PATCH", body: { annual_revenue: true, annual_revenue_currency: "USD" }, expect: invalid("annual_revenue", M.revenueNumber) },
  {
    name: "annual_revenue: legacy numeric strings (revenue and employee count)", restOnly: "GraphQL's Float and Int refuse strings",
    actor: "manager", customer: "unowned", mode: "PUT", body: { annual_revenue: "2000000.50", annual_revenue_currency: "usd", employee_count: "100" },
    expect: { status: 200, stored: { ...EMPTY_STORED, annual_revenue: "2000000.5", annual_revenue_currency: "USD", employee_count: 100 }, response: { annual_revenue: 2000000.5, annual_revenue_converted: 60000015 } },
  },

  // --- 3. Validation: annual_revenue_currency -----------------------------------------------------------------
  { name: "currency: unknown code", actor: "manager", customer: "unowned", mode: "PATCH", body: { annual_revenue: 5, annual_revenue_currency: "XYZ" }, expect: invalid("annual_revenue_currency", M.currencyInvalid) },
  { name: "currency: not a code at all", actor: "manager", customer: "unowned", mode: "PATCH", body: { annual_revenue_currency: "dollars" }, expect: invalid("annual_revenue_currency", M.currencyInvalid) },
  {
    name: "currency: lower case accepted and stored upper-case", actor: "manager", customer: "unowned", mode: "PATCH", body: { annual_revenue: 10, annual_revenue_currency: "usd" },
    expect: { status: 200, stored: { annual_revenue: "10", annual_revenue_currency: "USD" }, response: { annual_revenue_currency: "USD", annual_revenue_converted: 300 } },
  },
  {
    name: "currency: required when a PATCH sets only revenue on a record without currency", actor: "manager", customer: "unowned", mode: "PATCH",
    before: [{ industry: "Retail" }], body: { annual_revenue: 5 }, expect: invalid("annual_revenue_currency", M.currencyRequired),
  },
  {
    name: "currency: required when a PUT sends revenue but no currency (PUT resets the stored one)", actor: "manager", customer: "unowned", mode: "PUT",
    before: [FULL], body: { annual_revenue: 5 }, expect: invalid("annual_revenue_currency", M.currencyRequired),
  },
  {
    name: "currency: required, so a PATCH cannot clear it under a revenue", actor: "manager", customer: "unowned", mode: "PATCH",
    before: [FULL], body: { annual_revenue_currency: null }, expect: invalid("annual_revenue_currency", M.currencyRequired),
  },
  {
    name: "currency: a PATCH of revenue alone keeps the stored currency", actor: "manager", customer: "unowned", mode: "PATCH",
    before: [FULL], body: { annual_revenue: 3 }, expect: { status: 200, stored: { ...FULL_STORED, annual_revenue: "3" }, response: { annual_revenue_converted: 90 } },
  },
  {
    name: "currency: clearing revenue and currency together", actor: "manager", customer: "unowned", mode: "PATCH",
    before: [FULL], body: { annual_revenue: null, annual_revenue_currency: null },
    expect: { status: 200, stored: { ...FULL_STORED, annual_revenue: null, annual_revenue_currency: null }, response: { annual_revenue_converted: null, annual_revenue_currency_converted: null } },
  },

  // --- 3. Validation: employee_count --------------------------------------------------------------------------
  { name: "employee_count: not an integer", restOnly: "GraphQL's Int refuses 1.5", actor: "manager", customer: "unowned", mode: "PATCH", body: { employee_count: 1.5 }, expect: invalid("employee_count", M.employeesInteger) },
  { name: "employee_count: a non-numeric string", restOnly: "GraphQL's Int refuses strings", actor: "manager", customer: "unowned", mode: "PATCH", body: { employee_count: "many" }, expect: invalid("employee_count", M.employeesInteger) },
  { name: "employee_count: negative", actor: "manager", customer: "unowned", mode: "PATCH", body: { employee_count: -1 }, expect: invalid("employee_count", M.employeesBetween) },
  { name: "employee_count: over 10,000,000", actor: "manager", customer: "unowned", mode: "PUT", body: { employee_count: 10_000_001 }, expect: invalid("employee_count", M.employeesBetween) },
  { name: "employee_count: 10,000,000 is allowed", actor: "manager", customer: "unowned", mode: "PATCH", body: { employee_count: 10_000_000 }, expect: { status: 200, stored: { employee_count: 10_000_000 } } },
  { name: "employee_count: 0 is allowed", actor: "manager", customer: "unowned", mode: "PATCH", body: { employee_count: 0 }, expect: { status: 200, stored: { employee_count: 0 } } },

  // --- 3. Validation: industry, website, address ----------------------------------------------------------------
  { name: "industry: trimmed", actor: "manager", customer: "unowned", mode: "PATCH", body: { industry: "  Retail \n" }, expect: { status: 200, stored: { industry: "Retail" }, response: { industry: "Retail" } } },
  { name: "industry: empty clears it", actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL], body: { industry: "" }, expect: { status: 200, stored: { ...FULL_STORED, industry: null } } },
  { name: "industry: blank clears it", actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL], body: { industry: "   " }, expect: { status: 200, stored: { ...FULL_STORED, industry: null } } },
  { name: "industry: 256 characters", actor: "manager", customer: "unowned", mode: "PATCH", body: { industry: "x".repeat(256) }, expect: invalid("industry", M.industryMax) },
  { name: "industry: 255 characters, not bytes", actor: "manager", customer: "unowned", mode: "PATCH", body: { industry: "ş".repeat(255) }, expect: { status: 200, stored: { industry: "ş".repeat(255) } } },
  { name: "industry: not a string", restOnly: "GraphQL's String refuses numbers", actor: "manager", customer: "unowned", mode: "PATCH", body: { industry: 42 }, expect: invalid("industry", "The industry field must be a string.") },
  { name: "website: a bare host gets https://", actor: "manager", customer: "unowned", mode: "PATCH", body: { website: "example.com" }, expect: { status: 200, stored: { website: "https://example.com" }, response: { website: "https://example.com" } } },
  { name: "website: http is kept", actor: "manager", customer: "unowned", mode: "PATCH", body: { website: "http://example.com/about?x=1" }, expect: { status: 200, stored: { website: "http://example.com/about?x=1" } } },
  { name: "website: not a URL", actor: "manager", customer: "unowned", mode: "PATCH", body: { website: "not a url" }, expect: invalid("website", M.websiteUrl) },
  { name: "website: javascript:", actor: "manager", customer: "unowned", mode: "PATCH", body: { website: "javascript:alert(1)" }, expect: invalid("website", M.websiteUrl) },
  { name: "website: ftp:", actor: "manager", customer: "unowned", mode: "PUT", body: { website: "ftp://example.com/file" }, expect: invalid("website", M.websiteUrl) },
  { name: "website: 2049 characters", actor: "manager", customer: "unowned", mode: "PATCH", body: { website: `https://example.com/${"a".repeat(2029)}` }, expect: invalid("website", M.websiteMax) },
  { name: "website: 2048 characters", actor: "manager", customer: "unowned", mode: "PATCH", body: { website: `https://example.com/${"a".repeat(2028)}` }, expect: { status: 200, stored: { website: `https://example.com/${"a".repeat(2028)}` } } },
  { name: "address: trimmed", actor: "manager", customer: "unowned", mode: "PATCH", body: { address: "\t1 Main Street, Springfield  " }, expect: { status: 200, stored: { address: "1 Main Street, Springfield" } } },
  { name: "address: empty clears it", actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL], body: { address: "" }, expect: { status: 200, stored: { ...FULL_STORED, address: null } } },
  { name: "address: 1001 characters", actor: "manager", customer: "unowned", mode: "PATCH", body: { address: "a".repeat(1001) }, expect: invalid("address", M.addressMax) },
  { name: "industry: a NUL character (PostgreSQL text cannot hold it)", actor: "manager", customer: "unowned", mode: "PATCH", body: { industry: "Tech\u0000nology" }, expect: invalid("industry", "The industry field format is invalid.") },
  { name: "address: an unpaired surrogate (UTF-8 cannot encode it)", actor: "manager", customer: "unowned", mode: "PUT", body: { address: "Main \ud800 Street" }, expect: invalid("address", "The address field format is invalid.") },
  { name: "website: a NUL character in the path", actor: "manager", customer: "unowned", mode: "PATCH", body: { website: "https://example.com/\u0000" }, expect: invalid("website", "The website field format is invalid.") },

  // --- 3. Validation: is_active, keys, several errors ------------------------------------------------------------
  { name: "is_active: null in a PATCH", actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL], body: { is_active: null }, expect: invalid("is_active", M.isActiveBoolean) },
  { name: "is_active: null in a PUT", actor: "manager", customer: "unowned", mode: "PUT", body: { is_active: null }, expect: invalid("is_active", M.isActiveBoolean) },
  { name: "is_active: false", actor: "manager", customer: "unowned", mode: "PATCH", body: { is_active: false }, expect: { status: 200, stored: { ...EMPTY_STORED, is_active: false }, response: { is_active: false } } },
  { name: "is_active: legacy \"0\"", restOnly: "GraphQL's Boolean refuses strings", actor: "manager", customer: "unowned", mode: "PATCH", body: { is_active: "0" }, expect: { status: 200, stored: { is_active: false } } },
  { name: "is_active: legacy \"1\"", restOnly: "GraphQL's Boolean refuses strings", actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL], body: { is_active: "1" }, expect: { status: 200, stored: { ...FULL_STORED, is_active: true } } },
  { name: "is_active: \"yes\" is not a legacy boolean", restOnly: "GraphQL's Boolean refuses strings", actor: "manager", customer: "unowned", mode: "PATCH", body: { is_active: "yes" }, expect: invalid("is_active", M.isActiveBoolean) },
  { name: "unknown key", restOnly: "GraphQL's input type has no such field", actor: "manager", customer: "unowned", mode: "PATCH", body: { foo: 1, industry: "Retail" }, expect: invalid("foo", "The foo field is not allowed.") },
  {
    name: "unknown keys named like Object's own properties", restOnly: "GraphQL's input type has no such field",
    actor: "manager", customer: "unowned", mode: "PATCH", // JSON.parse makes "__proto__" an own key, as a client's JSON does (an object literal would set the prototype).
    body: JSON.parse('{"__proto__": {"industry": "x"}, "constructor": 1}') as Body,
    expect: { status: 422, message: "The __proto__ field is not allowed. (and 1 more error)", errors: { ["__proto__"]: ["The __proto__ field is not allowed."], constructor: ["The constructor field is not allowed."] } },
  },
  {
    name: "read-only keys are accepted and ignored", restOnly: "GraphQL's input type has no read-only fields",
    actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL],
    body: {
      id: 999_999, customer_id: 999_999, annual_revenue_converted: 1, annual_revenue_currency_converted: "EUR",
      created_at: "2000-01-01T00:00:00.000000Z", updated_at: "2000-01-01T00:00:00.000000Z", industry: "Retail",
    },
    expect: { status: 200, stored: { ...FULL_STORED, industry: "Retail" }, response: { annual_revenue_converted: 60000000, annual_revenue_currency_converted: "TRY" } },
  },
  {
    name: "two failing fields: \"(and 1 more error)\"", actor: "manager", customer: "unowned", mode: "PATCH",
    body: { annual_revenue: -5, annual_revenue_currency: "XYZ" },
    expect: { status: 422, message: `${M.revenueMin} (and 1 more error)`, errors: { annual_revenue: [M.revenueMin], annual_revenue_currency: [M.currencyInvalid] } },
  },
  {
    name: "every failing field at once, first in documented order: \"(and 4 more errors)\"", actor: "manager", customer: "unowned", mode: "PUT",
    body: { website: "nope", industry: "x".repeat(256), employee_count: -1, address: "a".repeat(1001), is_active: null },
    expect: {
      status: 422,
      message: `${M.employeesBetween} (and 4 more errors)`,
      errors: { employee_count: [M.employeesBetween], industry: [M.industryMax], website: [M.websiteUrl], address: [M.addressMax], is_active: [M.isActiveBoolean] },
    },
  },
  {
    name: "a field error and a missing currency are reported together", actor: "manager", customer: "unowned", mode: "PUT",
    body: { annual_revenue: 5, employee_count: -1 },
    expect: { status: 422, message: `${M.currencyRequired} (and 1 more error)`, errors: { annual_revenue_currency: [M.currencyRequired], employee_count: [M.employeesBetween] } },
  },

  // --- 3. PUT replaces, PATCH merges, explicit null clears -------------------------------------------------------
  {
    name: "PUT resets every field not sent (nullable → null, is_active → true)", actor: "manager", customer: "unowned", mode: "PUT",
    before: [FULL], body: { industry: "Retail" }, expect: { status: 200, stored: { ...EMPTY_STORED, industry: "Retail" } },
  },
  {
    name: "PUT with explicit nulls is the same as leaving them out", actor: "manager", customer: "unowned", mode: "PUT", before: [FULL],
    body: { annual_revenue: null, annual_revenue_currency: null, employee_count: null, industry: "Retail", website: null, address: null },
    expect: { status: 200, stored: { ...EMPTY_STORED, industry: "Retail" } },
  },
  {
    name: "PATCH keeps every field not sent", actor: "manager", customer: "unowned", mode: "PATCH",
    before: [FULL], body: { industry: "Retail" }, expect: { status: 200, stored: { ...FULL_STORED, industry: "Retail" } },
  },
  {
    name: "PATCH: explicit null clears a nullable field", actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL],
    body: { employee_count: null, website: null, address: null },
    expect: { status: 200, stored: { ...FULL_STORED, employee_count: null, website: null, address: null }, response: { employee_count: null, website: null, address: null } },
  },

  // --- 3. Auto-creation -----------------------------------------------------------------------------------------
  {
    name: "auto-creation by PUT", actor: "manager", customer: "unowned", mode: "PUT", body: DOCUMENTED,
    expect: { status: 200, stored: { ...EMPTY_STORED, annual_revenue: "2000000", annual_revenue_currency: "USD", employee_count: 100, industry: "Technology", website: "https://example.com" } },
  },
  {
    name: "auto-creation by PATCH", actor: "sales", customer: "salesOwned", mode: "PATCH", body: { website: "example.com" },
    expect: { status: 200, stored: { ...EMPTY_STORED, website: "https://example.com" } },
  },
  { name: "auto-creation by an empty PATCH {}", actor: "manager", customer: "unowned", mode: "PATCH", body: {}, expect: { status: 200, stored: EMPTY_STORED, response: { is_active: true, annual_revenue: null } } },
  { name: "auto-creation by an empty PUT {}", actor: "manager", customer: "otherOwned", mode: "PUT", body: {}, expect: { status: 200, stored: EMPTY_STORED } },

  // --- 3. A request that changes nothing writes nothing ----------------------------------------------------------
  { name: "no-op: PATCH with the stored value", actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL], body: { industry: "Technology" }, expect: UNCHANGED },
  { name: "no-op: empty PATCH {} on existing details", actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL], body: {}, expect: UNCHANGED },
  { name: "no-op: PUT of the whole stored record", actor: "manager", customer: "unowned", mode: "PUT", before: [FULL], body: FULL, expect: UNCHANGED },
  {
    name: "no-op: values that normalise to the stored ones", actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL],
    body: { annual_revenue: 2000000.0, annual_revenue_currency: "usd", industry: "  Technology  ", website: "https://example.com" }, expect: UNCHANGED,
  },

  // --- 5. Conversion --------------------------------------------------------------------------------------------
  {
    name: "conversion: the documented example, 2000000 USD at 30 → 60000000 TRY", actor: "manager", customer: "unowned", mode: "PATCH", body: DOCUMENTED,
    expect: {
      status: 200, stored: { annual_revenue: "2000000", annual_revenue_currency: "USD" },
      response: { annual_revenue: 2000000, annual_revenue_currency: "USD", annual_revenue_converted: 60000000, annual_revenue_currency_converted: "TRY" },
      conversion: { amount: "60000000", currency: "TRY", rate: "30", source: "manual", path: "DIRECT", pivot: null },
    },
  },
  {
    name: "conversion: JPY has 0 minor units, half-up (1 EUR at 160.5 → 161)", actor: "yenUser", customer: "unowned", mode: "PUT",
    body: { annual_revenue: 1, annual_revenue_currency: "EUR" },
    expect: {
      status: 200, stored: { annual_revenue: "1", annual_revenue_currency: "EUR" },
      response: { annual_revenue_converted: 161, annual_revenue_currency_converted: "JPY" },
      conversion: { amount: "161", currency: "JPY", rate: "160.5", path: "DIRECT" },
    },
  },
  {
    name: "conversion: KWD has 3 minor units, half-up (1 GBP at 0.3845 → 0.385)", actor: "dinarUser", customer: "unowned", mode: "PATCH",
    body: { annual_revenue: 1, annual_revenue_currency: "GBP" },
    expect: {
      status: 200, stored: { annual_revenue: "1", annual_revenue_currency: "GBP" },
      response: { annual_revenue_converted: 0.385, annual_revenue_currency_converted: "KWD" },
      conversion: { amount: "0.385", currency: "KWD", rate: "0.3845", path: "DIRECT" },
    },
  },
  {
    name: "conversion: TRY has 2 minor units, half-up (1.0015 USD at 30 = 30.045 → 30.05)", actor: "manager", customer: "unowned", mode: "PATCH",
    body: { annual_revenue: 1.0015, annual_revenue_currency: "USD" },
    expect: { status: 200, stored: { annual_revenue: "1.0015" }, response: { annual_revenue_converted: 30.05 }, conversion: { amount: "30.05" } },
  },
  {
    name: "conversion: a stored pair read backwards (60 TRY → 2 USD)", actor: "dollarUser", customer: "unowned", mode: "PATCH",
    body: { annual_revenue: 60, annual_revenue_currency: "TRY" },
    expect: {
      status: 200, stored: { annual_revenue: "60", annual_revenue_currency: "TRY" },
      response: { annual_revenue_converted: 2, annual_revenue_currency_converted: "USD" },
      conversion: { amount: "2", currency: "USD", path: "INVERSE", source: "manual", pivot: null },
    },
  },
  {
    name: "conversion: a cross rate through a pivot (CHF→EUR→TRY: 100 CHF → 5000 TRY)", actor: "manager", customer: "unowned", mode: "PATCH",
    body: { annual_revenue: 100, annual_revenue_currency: "chf" },
    expect: {
      status: 200, stored: { annual_revenue: "100", annual_revenue_currency: "CHF" },
      response: { annual_revenue_converted: 5000, annual_revenue_currency_converted: "TRY" },
      conversion: { amount: "5000", currency: "TRY", rate: "50", source: "ecb", path: "CROSS", pivot: "EUR" },
    },
  },
  {
    name: "conversion: the same currency (rate 1)", actor: "dollarUser", customer: "unowned", mode: "PATCH",
    body: { annual_revenue: 1234.5678, annual_revenue_currency: "USD" },
    expect: {
      status: 200, stored: { annual_revenue: "1234.5678" },
      response: { annual_revenue_converted: 1234.57, annual_revenue_currency_converted: "USD" },
      conversion: { amount: "1234.57", currency: "USD", rate: "1", source: "identity", path: "IDENTITY", pivot: null },
    },
  },
  {
    name: "conversion: no rate for the pair → converted fields null, the update succeeds", actor: "manager", customer: "unowned", mode: "PUT",
    body: { annual_revenue: 100, annual_revenue_currency: "SEK" },
    expect: {
      status: 200, stored: { ...EMPTY_STORED, annual_revenue: "100", annual_revenue_currency: "SEK" },
      response: { annual_revenue: 100, annual_revenue_converted: null, annual_revenue_currency_converted: null }, conversion: null,
    },
  },
  {
    name: "conversion: no revenue → converted fields null", actor: "manager", customer: "unowned", mode: "PATCH", body: { annual_revenue_currency: "USD" },
    expect: { status: 200, stored: { annual_revenue: null, annual_revenue_currency: "USD" }, response: { annual_revenue_converted: null, annual_revenue_currency_converted: null }, conversion: null },
  },

  // --- 4. The precondition (If-Match / expectedVersion) ------------------------------------------------------------
  {
    name: "precondition: the current version succeeds", actor: "manager", customer: "unowned", mode: "PATCH", before: [FULL, FULL_V2],
    precondition: { version: 2 }, body: { employee_count: 5 }, expect: { status: 200, stored: { ...FULL_STORED, industry: "Retail", employee_count: 5 } },
  },
  {
    name: "precondition: a stale version → 412", actor: "manager", customer: "unowned", mode: "PUT", before: [FULL, FULL_V2],
    precondition: { version: 1 }, body: { employee_count: 5 }, expect: PRECONDITION_FAILED,
  },
  {
    name: "precondition: a stale version → 412 even when the body changes nothing", actor: "manager", customer: "unowned", mode: "PATCH",
    before: [FULL, FULL_V2], precondition: { version: 1 }, body: { industry: "Retail" }, expect: PRECONDITION_FAILED,
  },
  {
    name: "precondition: a version on a customer without details → 412", actor: "manager", customer: "unowned", mode: "PATCH",
    precondition: { version: 1 }, body: { industry: "Retail" }, expect: PRECONDITION_FAILED,
  },
  {
    name: "precondition: If-Match * with details succeeds", restOnly: "expectedVersion has no 'any version'", actor: "manager", customer: "unowned", mode: "PATCH",
    before: [FULL], precondition: "any", body: { industry: "Retail" }, expect: { status: 200, stored: { ...FULL_STORED, industry: "Retail" } },
  },
  {
    name: "precondition: If-Match * without details → 412", restOnly: "expectedVersion has no 'any version'", actor: "manager", customer: "unowned", mode: "PUT",
    precondition: "any", body: { industry: "Retail" }, expect: PRECONDITION_FAILED,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Helpers shared by the runners
// ---------------------------------------------------------------------------------------------------------------

/** The documented body key → the GraphQL input field (and response field) name. */
export const CAMEL: Record<keyof StoredFields | keyof ResponseFields, string> = {
  annual_revenue: "annualRevenue",
  annual_revenue_currency: "annualRevenueCurrency",
  annual_revenue_converted: "annualRevenueConverted",
  annual_revenue_currency_converted: "annualRevenueCurrencyConverted",
  employee_count: "employeeCount",
  industry: "industry",
  website: "website",
  address: "address",
  is_active: "isActive",
};

/** Renames the documented keys of an object to their GraphQL names; fails on a key GraphQL has no name for. */
export function camelKeys<T>(object: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => {
      const camel = (CAMEL as Record<string, string>)[key];
      if (!camel) throw new Error(`No GraphQL name for ${key}: mark the row restOnly`);
      return [camel, value];
    }),
  );
}

/** A stored row as the table's StoredFields (null when the customer has no details). */
export function storedFields(row: CustomerDetails | null): StoredFields | null {
  if (!row) return null;
  return {
    annual_revenue: row.annualRevenue === null ? null : row.annualRevenue.toFixed(),
    annual_revenue_currency: row.annualRevenueCurrency?.trim() ?? null,
    employee_count: row.employeeCount,
    industry: row.industry,
    website: row.website,
    address: row.address,
    is_active: row.isActive,
  };
}

/** The change-history entry a write from `before` to `after` must record: each changed field, old and new. */
export function expectedChanges(before: StoredFields, after: StoredFields): Record<string, { old: unknown; new: unknown }> {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of Object.keys(after) as (keyof StoredFields)[]) {
    if (before[key] !== after[key]) changes[key] = { old: before[key], new: after[key] };
  }
  return changes;
}

export const NO_DETAILS: StoredFields = EMPTY_STORED;

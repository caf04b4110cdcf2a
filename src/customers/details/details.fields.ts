import type { Decimal } from "../../currency/decimal";
import { boolean, currency, integer, money, text, url, type FieldSpec } from "./details.field-kinds";

/**
 * The writable fields of a customer's details: the one place a field is declared. The key is the field's column
 * and its documented REST (snake_case) name; its GraphQL name is the same in camelCase. The order is the documented
 * order (of the JSON, the OpenAPI schemas, the 422's keys and the history's changes).
 *
 * Derived from this: the store's SQL (details.store.ts), the body rules and their messages (details.validation.ts),
 * the REST JSON (details.json.ts), the GraphQL input and object types (details.input-types.ts,
 * details.object-type.ts), the REST route schemas and OpenAPI (details.schemas.ts), the history's field names and
 * money (customers/history). Adding a field: schema.prisma, one migration, one line here (docs/architecture.md).
 */
export const DETAILS_REGISTRY = {
  annual_revenue: money({ decimals: 4, digits: 15, example: 2000000 }),
  annual_revenue_currency: currency({ of: "annual_revenue", ofWhat: "a revenue", example: "USD" }),
  employee_count: integer({ min: 0, max: 10_000_000, example: 100 }),
  industry: text({ maxLength: 255, example: "Technology" }),
  website: url({ maxLength: 2048, example: "https://example.com" }),
  address: text({ maxLength: 1000, example: null }),
  is_active: boolean({ reset: true, example: true }),
} satisfies Record<string, FieldSpec>;

type Registry = typeof DETAILS_REGISTRY;
export type DetailsField = keyof Registry;

interface KindValues {
  money: Decimal;
  currency: string;
  integer: number;
  text: string;
  url: string;
  boolean: boolean;
}

/** The writable fields' values, by their documented names (money as an exact decimal). */
export type DetailsFields = {
  [K in DetailsField]: KindValues[Registry[K]["kind"]] | (Registry[K]["nullable"] extends true ? null : never);
};

export const DETAILS_FIELDS = Object.keys(DETAILS_REGISTRY) as DetailsField[];

export function specOf(field: DetailsField): FieldSpec {
  return DETAILS_REGISTRY[field];
}

/** The field that documentation examples name (the first whole-number field). */
export const EXAMPLE_FIELD: DetailsField = DETAILS_FIELDS.find((field) => specOf(field).kind === "integer") ?? DETAILS_FIELDS[0] ?? "is_active";

/** What PUT resets an unsent field to, and what a newly created record starts from. */
export const DEFAULT_DETAILS = Object.fromEntries(DETAILS_FIELDS.map((field) => [field, specOf(field).reset])) as DetailsFields;

/** "annual_revenue_currency" → "annualRevenueCurrency", as a type. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A field's GraphQL name: "annual_revenue_currency" → "annualRevenueCurrency". */
export function graphqlName<K extends DetailsField>(field: K): CamelCase<K> {
  return field.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase()) as CamelCase<K>;
}

/** The fields whose values are money: exact decimal strings in the history, never floats. */
export const MONEY_FIELDS: ReadonlySet<string> = new Set(DETAILS_FIELDS.filter((field) => specOf(field).kind === "money"));

/**
 * The revenue converted into the reader's currency: read-only keys of the REST representation, written right
 * after the revenue's currency (GraphQL: annualRevenueConverted, annualRevenueCurrencyConverted and conversion).
 */
export const CONVERSION_KEYS = {
  after: "annual_revenue_currency",
  amount: "annual_revenue_converted",
  currency: "annual_revenue_currency_converted",
} as const satisfies { after: DetailsField; amount: string; currency: string };

/** Keys of the response that a client may send back (GET-modify-PUT) and that are ignored. */
export const READ_ONLY_KEYS = new Set<string>(["id", "customer_id", CONVERSION_KEYS.amount, CONVERSION_KEYS.currency, "created_at", "updated_at"]);

/** "annual_revenue_currency" → "annual revenue currency", as Laravel names attributes in messages. */
export function attributeName(field: string): string {
  return field.replace(/_/g, " ");
}

import type { Decimal } from "../../currency/decimal";

/** The writable fields of a customer's details, by their documented (snake_case) names. */
export interface DetailsFields {
  annual_revenue: Decimal | null;
  annual_revenue_currency: string | null;
  employee_count: number | null;
  industry: string | null;
  website: string | null;
  address: string | null;
  is_active: boolean;
}

export type DetailsField = keyof DetailsFields;

export const DETAILS_FIELDS: DetailsField[] = [
  "annual_revenue",
  "annual_revenue_currency",
  "employee_count",
  "industry",
  "website",
  "address",
  "is_active",
];

/** What PUT resets an unsent field to, and what a newly created record starts from. */
export const DEFAULT_DETAILS: DetailsFields = {
  annual_revenue: null,
  annual_revenue_currency: null,
  employee_count: null,
  industry: null,
  website: null,
  address: null,
  is_active: true,
};

/** Keys of the response that a client may send back (GET-modify-PUT) and that are ignored. */
export const READ_ONLY_KEYS = new Set([
  "id",
  "customer_id",
  "annual_revenue_converted",
  "annual_revenue_currency_converted",
  "created_at",
  "updated_at",
]);

/** "annual_revenue_currency" → "annual revenue currency", as Laravel names attributes in messages. */
export function attributeName(field: string): string {
  return field.replace(/_/g, " ");
}

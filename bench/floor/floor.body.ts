/**
 * The floor's body rules: the documented fields and their checks, written the short way a hand-written
 * handler would (no lossless parsing: numbers go to PostgreSQL as text, which keeps what JSON.parse kept).
 */
export interface FloorFields {
  annual_revenue: string | null;
  annual_revenue_currency: string | null;
  employee_count: number | null;
  industry: string | null;
  website: string | null;
  address: string | null;
  is_active: boolean;
}

export const FIELDS: (keyof FloorFields)[] = [
  "annual_revenue",
  "annual_revenue_currency",
  "employee_count",
  "industry",
  "website",
  "address",
  "is_active",
];

const READ_ONLY = new Set(["id", "customer_id", "annual_revenue_converted", "annual_revenue_currency_converted", "created_at", "updated_at"]);

export type FieldErrors = Record<string, string[]>;

/** The fields a PATCH body sets, or the errors (every failing field at once). */
export function validatePatch(body: unknown): { changes: Partial<FloorFields>; errors: FieldErrors } {
  const changes: Partial<FloorFields> = {};
  const errors: FieldErrors = {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { changes, errors: { body: ["The body must be a JSON object."] } };
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (READ_ONLY.has(key)) continue;
    switch (key) {
      case "annual_revenue":
        if (value === null) changes.annual_revenue = null;
        else if (typeof value === "number" && Number.isFinite(value) && value >= 0) changes.annual_revenue = String(value);
        else fail(key, "The annual revenue field must be a number.");
        break;
      case "annual_revenue_currency":
        if (value === null) changes.annual_revenue_currency = null;
        else if (typeof value === "string" && /^[A-Za-z]{3}$/.test(value)) changes.annual_revenue_currency = value.toUpperCase();
        else fail(key, "The selected annual revenue currency is invalid.");
        break;
      case "employee_count":
        if (value === null) changes.employee_count = null;
        else if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10_000_000) changes.employee_count = value as number;
        else fail(key, "The employee count field must be an integer.");
        break;
      case "industry":
      case "address":
        if (value === null) changes[key] = null;
        else if (typeof value === "string" && value.trim().length <= (key === "industry" ? 255 : 1000)) changes[key] = value.trim() || null;
        else fail(key, `The ${key} field must be a string.`);
        break;
      case "website":
        if (value === null) changes.website = null;
        else if (typeof value === "string" && value.length <= 2048) changes.website = /^https?:\/\//i.test(value) ? value : `https://${value}`;
        else fail(key, "The website field must be a valid URL.");
        break;
      case "is_active":
        if (typeof value === "boolean") changes.is_active = value;
        else fail(key, "The is active field must be true or false.");
        break;
      default:
        fail(key, `The ${key} field is not allowed.`);
    }
  }
  return { changes, errors };
}

/** The 422 body as Laravel shapes it. */
export function validationMessage(errors: FieldErrors): string {
  const messages = Object.values(errors).flat();
  const rest = messages.length - 1;
  return JSON.stringify({ message: rest > 0 ? `${messages[0]} (and ${rest} more error${rest > 1 ? "s" : ""})` : messages[0], errors });
}

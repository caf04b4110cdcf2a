import { decimalText, type Decimal } from "../../currency/decimal";
import { CONVERSION_KEYS, DETAILS_FIELDS, type DetailsField, type DetailsFields } from "./details.fields";
import type { CustomerDetailsView } from "./details.types";
import { laravelTimestamp } from "../../shared/laravel-time";

/**
 * The documented REST representation: the registry's fields in order (details.fields.ts), the conversion after the
 * revenue's currency. Written by hand so that money is a JSON number holding exactly the stored decimal
 * (JSON.stringify of a float could print 1999999.9999999998). `withoutViewer` (a webhook's `details`): nobody's
 * preferred currency applies, so the two converted fields are left out.
 */
export function detailsJson(view: CustomerDetailsView, options: { withoutViewer?: boolean } = {}): string {
  const entries: [string, string][] = [
    ["id", String(view.id)],
    ["customer_id", String(view.customerId)],
  ];
  for (const field of DETAILS_FIELDS) {
    entries.push([field, fieldJson(view[field])]);
    if (field === CONVERSION_KEYS.after && !options.withoutViewer) {
      entries.push([CONVERSION_KEYS.amount, money(view.conversion?.amount ?? null)]);
      entries.push([CONVERSION_KEYS.currency, JSON.stringify(view.conversion?.currency ?? null)]);
    }
  }
  entries.push(["created_at", JSON.stringify(laravelTimestamp(view.createdAt))]);
  entries.push(["updated_at", JSON.stringify(laravelTimestamp(view.updatedAt))]);
  return `{${entries.map(([key, value]) => `"${key}":${value}`).join(",")}}`;
}

/** A field's value as JSON: money as its exact decimal, everything else as JSON.stringify writes it. */
function fieldJson(value: DetailsFields[DetailsField]): string {
  return value !== null && typeof value === "object" ? decimalText(value) : JSON.stringify(value);
}

function money(value: Decimal | null): string {
  return value === null ? "null" : decimalText(value);
}

export { laravelTimestamp };

/** The ETag of a stored version of the details (strong: it changes whenever the details change). */
export function detailsEtag(view: Pick<CustomerDetailsView, "version">): string {
  return `"v${view.version}"`;
}

import { decimalText, type Decimal } from "../../currency/decimal";
import type { CustomerDetailsView } from "./details.types";

/**
 * The documented REST representation. Written by hand so that money is a JSON number holding exactly
 * the stored decimal (JSON.stringify of a float could print 1999999.9999999998). `withoutViewer` (a webhook's
 * `details`): nobody's preferred currency applies, so the two converted fields are left out.
 */
export function detailsJson(view: CustomerDetailsView, options: { withoutViewer?: boolean } = {}): string {
  const converted: [string, string][] = options.withoutViewer
    ? []
    : [
        ["annual_revenue_converted", money(view.conversion?.amount ?? null)],
        ["annual_revenue_currency_converted", JSON.stringify(view.conversion?.currency ?? null)],
      ];
  const entries: [string, string][] = [
    ["id", String(view.id)],
    ["customer_id", String(view.customerId)],
    ["annual_revenue", money(view.annual_revenue)],
    ["annual_revenue_currency", JSON.stringify(view.annual_revenue_currency)],
    ...converted,
    ["employee_count", JSON.stringify(view.employee_count)],
    ["industry", JSON.stringify(view.industry)],
    ["website", JSON.stringify(view.website)],
    ["address", JSON.stringify(view.address)],
    ["is_active", JSON.stringify(view.is_active)],
    ["created_at", JSON.stringify(laravelTimestamp(view.createdAt))],
    ["updated_at", JSON.stringify(laravelTimestamp(view.updatedAt))],
  ];
  return `{${entries.map(([key, value]) => `"${key}":${value}`).join(",")}}`;
}

function money(value: Decimal | null): string {
  return value === null ? "null" : decimalText(value);
}

/** UTC with six fractional digits, as Laravel serialises dates: 2025-11-20T12:00:00.000000Z. */
export function laravelTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** The ETag of a stored version of the details (strong: it changes whenever the details change). */
export function detailsEtag(view: Pick<CustomerDetailsView, "version">): string {
  return `"v${view.version}"`;
}

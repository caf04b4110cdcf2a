import { toDecimal, decimalText } from "../../currency/decimal";
import { DETAILS_FIELDS, type DetailsField, type DetailsFields } from "./details.fields";
import type { DetailsRecord } from "./details.store";

/** A stored row as the writable fields. */
export function fieldsOf(row: DetailsRecord): DetailsFields {
  return {
    annual_revenue: row.annualRevenue === null ? null : toDecimal(row.annualRevenue),
    annual_revenue_currency: row.annualRevenueCurrency?.trim() ?? null,
    employee_count: row.employeeCount,
    industry: row.industry,
    website: row.website,
    address: row.address,
    is_active: row.isActive,
  };
}

type AuditValue = string | number | boolean | null;
export type FieldChanges = Partial<Record<DetailsField, { old: AuditValue; new: AuditValue }>>;

/** Each field whose value differs, with its old and new value (decimals as exact strings). */
export function diffFields(before: DetailsFields, after: DetailsFields): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of DETAILS_FIELDS) {
    const old = auditValue(before[field]);
    const next = auditValue(after[field]);
    if (old !== next) changes[field] = { old, new: next };
  }
  return changes;
}

function auditValue(value: DetailsFields[DetailsField]): AuditValue {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return decimalText(value);
}

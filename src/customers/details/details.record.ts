import { decimalText } from "../../currency/decimal";
import { DETAILS_FIELDS, type DetailsField, type DetailsFields } from "./details.fields";

/** A stored version of a customer's details: the writable fields and what the store keeps beside them. */
export interface DetailsRecord extends DetailsFields {
  id: number;
  customerId: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The writable fields of a stored record. */
export function fieldsOf(record: DetailsRecord): DetailsFields {
  return Object.fromEntries(DETAILS_FIELDS.map((field) => [field, record[field]])) as DetailsFields;
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

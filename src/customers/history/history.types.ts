import type { Door, WriteMode } from "../details/details.types";

/** A value in the audit: money as an exact decimal string, never a float. */
export type AuditValue = string | number | boolean | null;
export type ChangedFields = Record<string, { old: AuditValue; new: AuditValue }>;

/** One committed change of a customer's details, as the history, the subscription and the webhooks show it. */
export interface HistoryEntry {
  id: bigint;
  customerId: number;
  customerUuid: string;
  userId: number | null;
  door: Door;
  method: WriteMode;
  /** True when this change created the details record. */
  created: boolean;
  /** Each changed field (documented snake_case names) with its old and new value. */
  changes: ChangedFields;
  createdAt: Date;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  perPage: number;
  /** Continues with older entries; null on the last page. */
  nextCursor: string | null;
  /** Goes back to newer entries; null on the first page. */
  prevCursor: string | null;
}

/** What a door asks for, and the names its caller knows the two parameters by (for 422 messages). */
export interface HistoryPageRequest {
  perPage: unknown;
  cursor: unknown;
  names: { perPage: string; cursor: string };
}

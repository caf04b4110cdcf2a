import type { Principal } from "../../auth/principal";
import type { AppError } from "../../errors";
import type { CustomerDetailsView, Door, Precondition, WriteMode } from "../details/details.types";

/** The most items one batch may carry (docs/behaviour.md section 16), on both doors. */
export const MAX_BATCH_ITEMS = 100;

/** One customer's part of a batch: what the single door's path, body and If-Match would have said. */
export interface BatchItem {
  uuid: string;
  /** The request body of the single door (snake_case keys; the GraphQL door maps its input to them). */
  body: Record<string, unknown>;
  precondition?: Precondition;
}

export interface BatchCommand {
  principal: Principal | null;
  mode: WriteMode;
  door: Door;
  items: BatchItem[];
  /** One transaction for every item: if any fails, nothing is stored. */
  allOrNone: boolean;
  /** Every item runs, in order, in one transaction that is always rolled back: what would happen, nothing stored. */
  dryRun?: boolean;
}

/**
 * What became of one item, in the items' order. `skipped`: an all-or-none batch in which another item failed, so
 * this one (which did not fail) was not stored either (424 Failed Dependency).
 */
export type BatchOutcome =
  | { kind: "written"; uuid: string; view: CustomerDetailsView; changed: boolean }
  | { kind: "failed"; uuid: string; error: AppError }
  | { kind: "skipped"; uuid: string };

export interface BatchResult {
  outcomes: BatchOutcome[];
  /** Whether any item failed. */
  failed: boolean;
}

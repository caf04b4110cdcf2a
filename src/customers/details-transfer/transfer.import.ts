import { COMMAND_LINE_PRINCIPAL } from "../../auth/principal";
import { httpStatusOf } from "../../errors";
import type { DetailsBatchService } from "../details-batch/batch.service";
import { MAX_BATCH_ITEMS, type BatchItem } from "../details-batch/batch.types";
import type { ImportRecord } from "./transfer.records";

/** The report of docs/behaviour.md section 16, printed as JSON when an import ends. */
export interface ImportReport {
  read: number;
  updated: number;
  unchanged: number;
  failed: { line: number; uuid: string | null; status: number; message: string }[];
}

export interface ImportOptions {
  /** Validate (and run every item in a transaction that is rolled back) without storing anything. */
  dryRun: boolean;
  /** Called after each batch with the report so far. */
  onProgress?: (report: ImportReport) => void;
}

/**
 * Imports records with PATCH semantics through the batch service (so each line runs exactly the single door's rules,
 * in a transaction of its own: a failed line is never half-written), a hundred lines at a time. The records are
 * pulled as the batches go, so the file is never held in memory.
 */
export async function importDetails(records: AsyncIterable<ImportRecord>, batch: DetailsBatchService, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { read: 0, updated: 0, unchanged: 0, failed: [] };
  let pending: { line: number; uuid: string; body: Record<string, unknown> }[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    const items: BatchItem[] = lines.map(({ uuid, body }) => ({ uuid, body }));
    const result = await batch.update({ principal: COMMAND_LINE_PRINCIPAL, mode: "PATCH", door: "REST", items, allOrNone: false, dryRun: options.dryRun });
    result.outcomes.forEach((outcome, index) => {
      const line = lines[index]?.line ?? 0;
      if (outcome.kind === "written") {
        if (outcome.changed) report.updated += 1;
        else report.unchanged += 1;
      } else if (outcome.kind === "failed") {
        report.failed.push({ line, uuid: outcome.uuid, status: httpStatusOf(outcome.error.code), message: outcome.error.message });
      }
    });
    options.onProgress?.(report);
  };
  for await (const record of records) {
    report.read += 1;
    if ("error" in record) report.failed.push({ line: record.line, uuid: record.uuid, ...record.error });
    else pending.push(record);
    if (pending.length === MAX_BATCH_ITEMS) await flush();
  }
  await flush();
  report.failed.sort((a, b) => a.line - b.line);
  return report;
}

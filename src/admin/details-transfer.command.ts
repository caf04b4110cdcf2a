import { stat } from "node:fs/promises";
import { Presets, SingleBar } from "cli-progress";
import type { Config } from "../config";
import { CurrencyConverter } from "../currency/currency-converter";
import { DetailsBatchService } from "../customers/details-batch/batch.service";
import { CustomerDetailsService } from "../customers/details/details.service";
import { DetailsStore } from "../customers/details/details.store";
import { exportDetails, type ExportFormat } from "../customers/details-transfer/transfer.export";
import { importDetails, type ImportReport } from "../customers/details-transfer/transfer.import";
import { detectFormat, readRecords, type ReadPosition } from "../customers/details-transfer/transfer.records";
import type { Database } from "../db/database";
import { systemClock } from "../shared/clock";
import { AdminError } from "./admin-error";
import { CommandResult } from "./command-result";

/** Without a terminal: a progress line at most this often (and one at the end). */
const PLAIN_PROGRESS_EVERY_MS = 2000;

/**
 * `details:import FILE [--dry-run]`: CSV with a header row, or JSON Lines, streamed in batches of a hundred lines with
 * PATCH semantics through the details service (as the command line: every customer, no user in the history). The
 * JSON report on standard output; progress on standard error; exit code 1 when any line failed.
 */
export async function importDetailsCommand(db: Database, config: Config, file: string | undefined, options: { dryRun: boolean }): Promise<CommandResult> {
  if (!file) throw new AdminError("usage: details:import FILE [--dry-run]  (CSV with a header row, or JSON Lines)");
  const size = await stat(file).then(
    (info) => info.size,
    () => {
      throw new AdminError(`Cannot read ${file}.`);
    },
  );
  const store = new DetailsStore(db.pool);
  const converter = new CurrencyConverter(db.prisma, systemClock, { staleAfterDays: config.rates.staleAfterDays, cacheMs: config.rateCacheMs });
  const details = new CustomerDetailsService(store, converter, systemClock, config.defaultCurrency);
  const batch = new DetailsBatchService(details, store, config.database.poolSize);
  const position: ReadPosition = { bytes: 0 };
  const progress = progressReporter(size, options.dryRun);
  try {
    const report = await importDetails(readRecords(file, await detectFormat(file), position), batch, {
      dryRun: options.dryRun,
      onProgress: (sofar) => progress.update(sofar, position.bytes),
    });
    progress.finish(report);
    return new CommandResult(report.failed.length > 0 ? 1 : 0, report);
  } catch (error) {
    progress.abort();
    if (error instanceof Error && error.name === "ImportFileError") throw new AdminError(error.message);
    throw error;
  }
}

/** `details:export [--format csv|jsonl]`: every customer's details on standard output. */
export async function exportDetailsCommand(db: Database, format: string | undefined): Promise<CommandResult> {
  const chosen = format ?? "csv";
  if (chosen !== "csv" && chosen !== "jsonl") throw new AdminError(`--format must be csv or jsonl, got "${chosen}".`);
  await exportDetails(db.pool, chosen as ExportFormat, process.stdout);
  return new CommandResult(0);
}

interface ProgressReporter {
  update(report: ImportReport, bytes: number): void;
  finish(report: ImportReport): void;
  abort(): void;
}

/** A bar (rows/s, ETA from the bytes read) on a terminal; otherwise plain lines, never carriage returns or escapes. */
function progressReporter(totalBytes: number, dryRun: boolean): ProgressReporter {
  const started = Date.now();
  const rate = (rows: number) => Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001));
  const label = dryRun ? "details:import (dry run)" : "details:import";
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {rows} rows | {speed} rows/s | {failed} failed | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    bar.start(Math.max(totalBytes, 1), 0, { rows: 0, speed: 0, failed: 0 });
    const payload = (report: ImportReport) => ({ rows: report.read, speed: rate(report.read), failed: report.failed.length });
    return {
      update: (report, bytes) => bar.update(Math.min(bytes, totalBytes), payload(report)),
      finish: (report) => {
        bar.update(Math.max(totalBytes, 1), payload(report));
        bar.stop();
      },
      abort: () => bar.stop(),
    };
  }
  let last = started;
  const line = (report: ImportReport, bytes: number, final: boolean) => {
    const percent = totalBytes === 0 ? 100 : Math.floor((Math.min(bytes, totalBytes) / totalBytes) * 100);
    process.stderr.write(
      `${label}: ${report.read} rows read (${final ? "done" : `${percent}% of the file`}), ${report.updated} updated, ${report.unchanged} unchanged, ` +
        `${report.failed.length} failed, ${rate(report.read)} rows/s\n`,
    );
  };
  return {
    update: (report, bytes) => {
      if (Date.now() - last < PLAIN_PROGRESS_EVERY_MS) return;
      last = Date.now();
      line(report, bytes, false);
    },
    finish: (report) => line(report, totalBytes, true),
    abort: () => undefined,
  };
}

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { parse as parseCsv } from "csv-parse";
import { parse as parseJson } from "lossless-json";
import { JsonNumber } from "../details/details.validation";

/** One data line of an import file: its line number (the header is line 1), and the item or why it is not one. */
export type ImportRecord =
  | { line: number; uuid: string; body: Record<string, unknown> }
  | { line: number; uuid: string | null; error: { status: number; message: string } };

export type ImportFormat = "csv" | "jsonl";

/** Where reading has got to, for the progress bar: bytes of the file read so far. */
export interface ReadPosition {
  bytes: number;
}

/** The bare cell that clears a field in CSV (an empty cell leaves it as it is). */
export const CSV_NULL = "NULL";

/** JSON Lines when the file's first non-blank character opens an object, CSV (with a header row) otherwise. */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const file = await open(path, "r");
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0);
    const start = buffer.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "").trimStart();
    return start.startsWith("{") ? "jsonl" : "csv";
  } finally {
    await file.close();
  }
}

/**
 * The file's records, streamed (never the whole file in memory): CSV with a header row of `uuid` and §3 field
 * names, where an empty cell leaves the field and the bare cell NULL clears it (a quoted "NULL" is the text NULL);
 * or JSON Lines, one object per line, numbers kept exactly as written (as the REST door reads them).
 */
export function readRecords(path: string, format: ImportFormat, position: ReadPosition): AsyncGenerator<ImportRecord> {
  return format === "csv" ? csvRecords(path, position) : jsonLinesRecords(path, position);
}

async function* csvRecords(path: string, position: ReadPosition): AsyncGenerator<ImportRecord> {
  const parser = createReadStream(path).pipe(
    parseCsv({
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // Cells as read; an unquoted empty cell is "leave it", the unquoted cell NULL is "clear it".
      cast: (value, context) => (context.quoting ? value : value === "" ? undefined : value === CSV_NULL ? null : value),
    }),
  );
  let header: string[] | null = null;
  let previous = { lines: 0, emptyLines: 0 };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: (string | null | undefined)[]; info: { lines: number; empty_lines: number; bytes: number } }>) {
      const line = previous.lines + 1 + (info.empty_lines - previous.emptyLines);
      previous = { lines: info.lines, emptyLines: info.empty_lines };
      position.bytes = info.bytes;
      if (!header) {
        header = record.map((cell) => (typeof cell === "string" ? cell.trim() : ""));
        if (!header.includes("uuid")) throw new ImportFileError("The header row (line 1) has no uuid column.");
        continue;
      }
      yield csvRecord(line, header, record);
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    yield { line: previous.lines + 1, uuid: null, error: { status: 400, message: `The file cannot be read further: ${message}` } };
  }
}

function csvRecord(line: number, header: string[], cells: (string | null | undefined)[]): ImportRecord {
  const uuid = cells[header.indexOf("uuid")];
  if (cells.length !== header.length) {
    return { line, uuid: typeof uuid === "string" ? uuid : null, error: { status: 422, message: `The line has ${cells.length} cells; the header has ${header.length}.` } };
  }
  if (typeof uuid !== "string") return { line, uuid: null, error: { status: 422, message: "The uuid field is required." } };
  const body: Record<string, unknown> = {};
  header.forEach((name, index) => {
    const cell = cells[index];
    if (name !== "uuid" && cell !== undefined) body[name] = cell;
  });
  return { line, uuid, body };
}

async function* jsonLinesRecords(path: string, position: ReadPosition): AsyncGenerator<ImportRecord> {
  const stream = createReadStream(path);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    position.bytes = stream.bytesRead;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, "") : text).trim();
    if (trimmed === "") continue;
    let value: unknown;
    try {
      value = parseJson(trimmed, null, (digits) => new JsonNumber(digits));
    } catch {
      yield { line, uuid: null, error: { status: 400, message: "The line is not valid JSON." } };
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof JsonNumber) {
      yield { line, uuid: null, error: { status: 422, message: "The line must be a JSON object." } };
      continue;
    }
    const { uuid, ...body } = value as Record<string, unknown>;
    if (typeof uuid !== "string") yield { line, uuid: null, error: { status: 422, message: "The uuid field is required." } };
    else yield { line, uuid, body };
  }
}

/** A file that cannot be imported at all (no uuid column): the command fails without reading further. */
export class ImportFileError extends Error {
  override name = "ImportFileError";
}

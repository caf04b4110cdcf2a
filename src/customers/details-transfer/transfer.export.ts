import type { Writable } from "node:stream";
import { once } from "node:events";
import type { Pool } from "pg";
import { stringify } from "csv-stringify/sync";
import { decimalText, toDecimal } from "../../currency/decimal";
import { DETAILS_FIELDS, specOf, type DetailsField } from "../details/details.fields";
import { CSV_NULL } from "./transfer.records";

export type ExportFormat = "csv" | "jsonl";

/** Rows read per statement: the export walks the details in id order, a page at a time (never all in memory). */
const PAGE_SIZE = 1000;

const COLUMNS = DETAILS_FIELDS.map((field) => (specOf(field).kind === "money" ? `d.${field}::text AS ${field}` : `d.${field}`)).join(", ");
const PAGE_SQL = `SELECT d.id, c.uuid::text AS uuid, ${COLUMNS}
  FROM customer_details d JOIN customers c ON c.id = d.customer_id
  WHERE d.id > $1 ORDER BY d.id LIMIT ${PAGE_SIZE}`;

type Row = { id: number; uuid: string } & Record<DetailsField, unknown>;

/**
 * Writes the details of every customer that has them: `uuid` and the §3 fields, money as the exact decimal,
 * is_active as true/false, so that importing the output changes nothing. CSV: a header row, NULL for a null
 * (a text that reads NULL is quoted, so it stays text); JSON Lines: one object per customer, money as an exact
 * JSON number. Returns how many customers were written.
 */
export async function exportDetails(pool: Pool, format: ExportFormat, out: Writable): Promise<number> {
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, "drain");
  };
  if (format === "csv") await write(stringify([["uuid", ...DETAILS_FIELDS]]));
  let after = 0;
  let count = 0;
  for (;;) {
    const { rows } = await pool.query<Row>({ name: "details-export-page", text: PAGE_SQL, values: [after] });
    if (rows.length === 0) return count;
    await write(rows.map(format === "csv" ? csvLine : jsonLine).join(""));
    count += rows.length;
    after = rows[rows.length - 1]?.id ?? after;
  }
}

/** A field's value as exported text (null: no value): money without trailing zeros, currency without padding. */
function exported(field: DetailsField, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (specOf(field).kind) {
    case "money":
      return decimalText(toDecimal(String(value)));
    case "currency":
      return String(value).trim();
    default:
      return String(value);
  }
}

/** A cell written in quotes even where none are needed: a text that reads NULL (or nothing) stays that text. */
class Quoted {
  constructor(readonly text: string) {}
}

const CSV_OPTIONS = {
  cast: { object: (value: object) => (value instanceof Quoted ? { value: value.text, quoted: true, quoted_empty: true } : JSON.stringify(value)) },
};

function csvLine(row: Row): string {
  const cells = DETAILS_FIELDS.map((field) => {
    const value = exported(field, row[field]);
    if (value === null) return CSV_NULL;
    return value === CSV_NULL || value === "" ? new Quoted(value) : value;
  });
  return stringify([[row.uuid, ...cells]], CSV_OPTIONS);
}

function jsonLine(row: Row): string {
  const entries = [`"uuid":${JSON.stringify(row.uuid)}`];
  for (const field of DETAILS_FIELDS) {
    const value = exported(field, row[field]);
    const kind = specOf(field).kind;
    const json = value === null ? "null" : kind === "money" || kind === "integer" || kind === "boolean" ? value : JSON.stringify(value);
    entries.push(`${JSON.stringify(field)}:${json}`);
  }
  return `{${entries.join(",")}}\n`;
}

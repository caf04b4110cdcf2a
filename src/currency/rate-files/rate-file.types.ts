import { Decimal } from "decimal.js";
import { XMLParser, XMLValidator } from "fast-xml-parser";

export type RateSource = "ecb" | "tcmb";
export type TcmbColumn = "ForexBuying" | "ForexSelling" | "BanknoteBuying" | "BanknoteSelling";

/** One unit of `base` = `rate` units of `quote`. `rate` is an exact decimal string, `date` is YYYY-MM-DD. */
export interface ParsedRate {
  base: string;
  quote: string;
  rate: string;
  date: string;
}

/** `rates` is sorted by date, then base, then quote. */
export interface ParsedRateFile {
  source: RateSource;
  rates: ParsedRate[];
}

export class RateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RateFileError";
  }
}

// ---------------------------------------------------------------------------
// Helpers shared by the ECB and TCMB parsers (not re-exported from index.ts).
// ---------------------------------------------------------------------------

export type XmlNode = { readonly [key: string]: unknown };
/** Builds the "where" part of an error message lazily (only when something is wrong). */
export type Where = () => string;

export const CURRENCY_CODE = /^[A-Z]{3}$/;

export interface XmlDocument {
  readonly rootName: string;
  readonly root: XmlNode;
  /** "ECB rate file, line 12" (or just the label when the line is unknown). */
  at(node?: XmlNode): string;
}

const META_SYMBOL: unknown = XMLParser.getMetaDataSymbol();

function isRecord(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

function startIndexOf(node: XmlNode): number | undefined {
  if (typeof META_SYMBOL !== "symbol") return undefined;
  const meta: unknown = Reflect.get(node, META_SYMBOL);
  if (!isRecord(meta)) return undefined;
  const start = meta["startIndex"];
  return typeof start === "number" ? start : undefined;
}

/** Checks the file is non-empty and well-formed, parses it and returns its single root element. */
export function readXmlDocument(label: string, input: string, arrayTags: readonly string[]): XmlDocument {
  const xml = input.startsWith("\uFEFF") ? input.slice(1) : input;
  if (xml.trim() === "") throw new RateFileError(`${label}: the file is empty.`);
  const check = XMLValidator.validate(xml);
  if (check !== true) {
    const { line, col, msg } = check.err;
    const column = typeof col === "number" ? `, column ${col}` : "";
    throw new RateFileError(`${label}: not well-formed XML at line ${line}${column}: ${msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    removeNSPrefix: true,
    captureMetaData: true,
    isArray: (tagName) => arrayTags.includes(tagName),
  });
  const parsed: unknown = parser.parse(xml);
  const roots = isRecord(parsed) ? Object.keys(parsed).filter((key) => !key.startsWith("?")) : [];
  const [rootName] = roots;
  if (!isRecord(parsed) || rootName === undefined || roots.length !== 1) {
    throw new RateFileError(`${label}: expected exactly one root element, found ${roots.length}.`);
  }
  const rootValue = parsed[rootName];
  const at = (node?: XmlNode): string => {
    const start = node === undefined ? undefined : startIndexOf(node);
    return start === undefined ? label : `${label}, line ${lineAt(xml, start)}`;
  };
  return { rootName, root: isRecord(rootValue) ? rootValue : {}, at };
}

export function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === "string" ? value : undefined;
}

/** Child elements named `tag`; childless/attribute-less elements come back as `{}`. */
export function childElements(node: XmlNode, tag: string): XmlNode[] {
  const value = node[tag];
  if (value === undefined) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((item) => (isRecord(item) ? item : {}));
}

/** Trimmed text content of every child element named `tag` (an empty element gives ""). */
export function childTexts(node: XmlNode, tag: string): string[] {
  const value = node[tag];
  if (value === undefined) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item === "string") return item.trim();
    const text = isRecord(item) ? item["#text"] : undefined;
    return typeof text === "string" ? text.trim() : "";
  });
}

/** Real calendar date in YYYY-MM-DD form. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function assertToday(label: string, today: string): void {
  if (!isIsoDate(today)) throw new RateFileError(`${label}: opts.today "${today}" is not a valid YYYY-MM-DD date.`);
}

/** Parses a plain decimal ("1.0812") that must be > 0. `what` names the value, e.g. "rate" or "ForexBuying". */
export function parsePositiveDecimal(raw: string, what: string, where: Where): Decimal {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(raw)) {
    throw new RateFileError(`${where()} has a non-numeric ${what} "${raw}".`);
  }
  const value = new Decimal(raw);
  if (value.isZero()) throw new RateFileError(`${where()} has a zero ${what} "${raw}"; rates must be positive.`);
  if (value.isNegative()) {
    throw new RateFileError(`${where()} has a negative ${what} "${raw}"; rates must be positive.`);
  }
  return value;
}

/** Collects rates, rejects duplicates (same date/base/quote) and returns them sorted. */
export class RateCollector {
  private readonly rates: ParsedRate[] = [];
  private readonly keys = new Set<string>();

  add(rate: ParsedRate, duplicateMessage: () => string): void {
    const key = `${rate.date}|${rate.base}|${rate.quote}`;
    if (this.keys.has(key)) throw new RateFileError(duplicateMessage());
    this.keys.add(key);
    this.rates.push(rate);
  }

  finish(source: RateSource, emptyMessage: string): ParsedRateFile {
    if (this.rates.length === 0) throw new RateFileError(emptyMessage);
    const rates = [...this.rates].sort(
      (a, b) => compare(a.date, b.date) || compare(a.base, b.base) || compare(a.quote, b.quote),
    );
    return { source, rates };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

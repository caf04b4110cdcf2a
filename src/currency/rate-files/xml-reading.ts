import { XMLParser, XMLValidator } from "fast-xml-parser";
import { RateFileError } from "./rate-file.types";

/**
 * Reading a rate file's XML with fast-xml-parser: well-formedness check, one root element, attributes
 * and child elements by local name (namespace prefixes removed), and line numbers for error messages.
 * Shared by the ECB and TCMB parsers (not re-exported from index.ts).
 */

export type XmlNode = { readonly [key: string]: unknown };

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
    // Several elements left open: the validator lists them as a JSON array "at line 1, column 1".
    const unclosed = /^Invalid '(\[.*\])' found\.$/.exec(msg);
    if (unclosed?.[1] !== undefined) {
      const tags = (JSON.parse(unclosed[1]) as string[]).map((tag) => `<${tag}>`).join(", ");
      const lastLine = lineAt(xml, xml.trimEnd().length);
      throw new RateFileError(`${label}: not well-formed XML at line ${lastLine}: the file ends with ${tags} still open (truncated?).`);
    }
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

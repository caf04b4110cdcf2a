import { Decimal } from "decimal.js";
import { RateFileError, type ParsedRateFile, type TcmbColumn } from "./rate-file.types";
import { CURRENCY_CODE, RateCollector, assertToday, isIsoDate, parsePositiveDecimal, type Where } from "./rate-values";
import { attribute, childElements, childTexts, readXmlDocument, type XmlDocument, type XmlNode } from "./xml-reading";

const LABEL = "TCMB rate file";
const COLUMNS: readonly TcmbColumn[] = ["ForexBuying", "ForexSelling", "BanknoteBuying", "BanknoteSelling"];
/** Enough digits for value / Unit to stay exact (Unit is a power of ten in practice). */
const ExactDecimal = Decimal.clone({ precision: 60 });

/**
 * Parses a TCMB bulletin (today.xml or kurlar/YYYYMM/DDMMYYYY.xml): Tarih_Date > Currency*.
 * Result: one `code` = rate TRY, using the chosen column divided by the currency's Unit.
 * Currencies whose chosen column is empty are skipped.
 */
export function parseTcmbXml(xml: string, opts: { today: string; column: TcmbColumn }): ParsedRateFile {
  assertToday(LABEL, opts.today);
  if (!COLUMNS.includes(opts.column)) {
    throw new RateFileError(`${LABEL}: unknown column "${opts.column}"; expected one of ${COLUMNS.join(", ")}.`);
  }
  const doc = readXmlDocument(LABEL, xml, ["Currency"]);
  if (doc.rootName !== "Tarih_Date") {
    throw new RateFileError(`${LABEL}: wrong root element <${doc.rootName}>; expected <Tarih_Date>.`);
  }
  const date = bulletinDate(doc, opts.today);
  const currencies = childElements(doc.root, "Currency");
  if (currencies.length === 0) throw new RateFileError(`${LABEL}: the file contains no rates (no Currency element).`);

  const collector = new RateCollector();
  const seen = new Set<string>();
  currencies.forEach((node, index) => {
    const code = currencyCode(doc, node, index);
    const where = (): string => `${doc.at(node)}: Currency[Kod=${code}]`;
    if (seen.has(code)) throw new RateFileError(`${where()} appears more than once in the bulletin of ${date}.`);
    seen.add(code);
    const raw = singleText(node, opts.column, where);
    if (raw === undefined) throw new RateFileError(`${where()} has no <${opts.column}> element.`);
    if (raw === "") return; // no quote in this column for this currency: skip it
    const value = parsePositiveDecimal(raw, opts.column, where);
    const rate = divideByUnit(value, unitOf(node, where), where);
    collector.add({ base: code, quote: "TRY", rate, date }, () => `${where()} appears more than once for ${date}.`);
  });
  return collector.finish("tcmb", `${LABEL}: no currency has a ${opts.column} value (bulletin of ${date}).`);
}

/** Bulletin date from Date="MM/DD/YYYY", cross-checked with Tarih="DD.MM.YYYY". */
function bulletinDate(doc: XmlDocument, today: string): string {
  const root = `${doc.at(doc.root)}: <Tarih_Date>`;
  const usDate = attribute(doc.root, "Date");
  const trDate = attribute(doc.root, "Tarih");
  if (usDate === undefined) throw new RateFileError(`${root} has no "Date" attribute (bulletin date).`);
  if (trDate === undefined) throw new RateFileError(`${root} has no "Tarih" attribute (bulletin date).`);
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(usDate);
  const date = us ? `${us[3]}-${us[1]}-${us[2]}` : "";
  if (!isIsoDate(date)) throw new RateFileError(`${root} has an invalid Date "${usDate}"; expected MM/DD/YYYY.`);
  const tr = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(trDate);
  const trIso = tr ? `${tr[3]}-${tr[2]}-${tr[1]}` : "";
  if (!isIsoDate(trIso)) throw new RateFileError(`${root} has an invalid Tarih "${trDate}"; expected DD.MM.YYYY.`);
  if (trIso !== date) {
    throw new RateFileError(`${root} dates disagree: Date="${usDate}" is ${date} but Tarih="${trDate}" is ${trIso}.`);
  }
  if (date > today) throw new RateFileError(`${root} bulletin date ${date} is in the future (today is ${today}).`);
  return date;
}

function currencyCode(doc: XmlDocument, node: XmlNode, index: number): string {
  const isoCode = attribute(node, "CurrencyCode");
  const kod = attribute(node, "Kod");
  const code = isoCode ?? kod;
  const where = `${doc.at(node)}: Currency #${index + 1}`;
  if (code === undefined) throw new RateFileError(`${where} has no "CurrencyCode" or "Kod" attribute.`);
  if (isoCode !== undefined && kod !== undefined && isoCode !== kod) {
    throw new RateFileError(`${where} has Kod "${kod}" but CurrencyCode "${isoCode}".`);
  }
  if (!CURRENCY_CODE.test(code) || code === "TRY") {
    throw new RateFileError(`${where} has an invalid currency code "${code}" (three uppercase letters, not TRY).`);
  }
  return code;
}

function singleText(node: XmlNode, tag: string, where: Where): string | undefined {
  const values = childTexts(node, tag);
  if (values.length > 1) throw new RateFileError(`${where()} has more than one <${tag}> element.`);
  return values[0];
}

function unitOf(node: XmlNode, where: Where): Decimal {
  const raw = singleText(node, "Unit", where);
  if (raw === undefined || raw === "") throw new RateFileError(`${where()} has no Unit value.`);
  if (!/^\d+$/.test(raw) || /^0+$/.test(raw)) {
    throw new RateFileError(`${where()} has an invalid Unit "${raw}"; expected a positive whole number.`);
  }
  return new ExactDecimal(raw);
}

function divideByUnit(value: Decimal, unit: Decimal, where: Where): string {
  const rate = new ExactDecimal(value).div(unit);
  if (!rate.times(unit).eq(value)) {
    throw new RateFileError(`${where()} value ${value.toFixed()} per ${unit.toFixed()} units is not an exact decimal.`);
  }
  return rate.toFixed();
}

import { RateFileError, type ParsedRateFile } from "./rate-file.types";
import { CURRENCY_CODE, RateCollector, assertToday, isIsoDate, parsePositiveDecimal } from "./rate-values";
import { attribute, childElements, readXmlDocument, type XmlDocument, type XmlNode } from "./xml-reading";

const LABEL = "ECB rate file";

/**
 * Parses the ECB euro reference rates (eurofxref-daily.xml, eurofxref-hist-90d.xml, eurofxref-hist.xml):
 * gesmes:Envelope > Cube > Cube[time] > Cube[currency, rate]. Rates are per 1 EUR.
 */
export function parseEcbXml(xml: string, opts: { today: string }): ParsedRateFile {
  assertToday(LABEL, opts.today);
  const doc = readXmlDocument(LABEL, xml, ["Cube"]);
  if (doc.rootName !== "Envelope") {
    throw new RateFileError(`${LABEL}: wrong root element <${doc.rootName}>; expected <gesmes:Envelope>.`);
  }
  const days = childElements(doc.root, "Cube").flatMap((outer) => childElements(outer, "Cube"));
  if (days.length === 0) throw new RateFileError(`${LABEL}: the file contains no rates (no Cube[time] element).`);

  const collector = new RateCollector();
  for (const day of days) readDay(doc, day, opts.today, collector);
  return collector.finish("ecb", `${LABEL}: the file contains no rates.`);
}

function readDay(doc: XmlDocument, day: XmlNode, today: string, collector: RateCollector): void {
  const time = attribute(day, "time");
  if (time === undefined) throw new RateFileError(`${doc.at(day)}: a date Cube has no "time" attribute.`);
  const dayName = `Cube[time=${time}]`;
  if (!isIsoDate(time)) {
    throw new RateFileError(`${doc.at(day)}: ${dayName} has an invalid date "${time}"; expected YYYY-MM-DD.`);
  }
  if (time > today) {
    throw new RateFileError(`${doc.at(day)}: ${dayName} is dated in the future (today is ${today}).`);
  }
  const entries = childElements(day, "Cube");
  if (entries.length === 0) throw new RateFileError(`${doc.at(day)}: ${dayName} contains no rates.`);

  entries.forEach((entry, index) => {
    const currency = attribute(entry, "currency");
    if (currency === undefined) {
      throw new RateFileError(`${doc.at(entry)}: ${dayName} entry #${index + 1} has no "currency" attribute.`);
    }
    const where = (): string => `${doc.at(entry)}: ${dayName} currency "${currency}"`;
    if (!CURRENCY_CODE.test(currency) || currency === "EUR") {
      throw new RateFileError(`${where()} is not a valid quote currency code (three uppercase letters, not EUR).`);
    }
    const raw = attribute(entry, "rate");
    if (raw === undefined) throw new RateFileError(`${where()} has no "rate" attribute.`);
    if (raw.trim() === "") throw new RateFileError(`${where()} has an empty "rate" attribute.`);
    const rate = parsePositiveDecimal(raw, "rate", where);
    collector.add(
      { base: "EUR", quote: currency, rate: rate.toFixed(), date: time },
      () => `${where()} appears more than once for ${time}.`,
    );
  });
}

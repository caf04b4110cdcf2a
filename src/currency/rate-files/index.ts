import { parseEcbXml } from "./ecb.parser";
import type { ParsedRateFile, RateSource, TcmbColumn } from "./rate-file.types";
import { RateFileError } from "./rate-file.types";
import { parseTcmbXml } from "./tcmb.parser";

export { parseEcbXml } from "./ecb.parser";
export { parseTcmbXml } from "./tcmb.parser";
export { RateFileError } from "./rate-file.types";
export type { ParsedRate, ParsedRateFile, RateSource, TcmbColumn } from "./rate-file.types";

export function parseRateFile(
  source: RateSource,
  xml: string,
  opts: { today: string; tcmbColumn: TcmbColumn },
): ParsedRateFile {
  switch (source) {
    case "ecb":
      return parseEcbXml(xml, { today: opts.today });
    case "tcmb":
      return parseTcmbXml(xml, { today: opts.today, column: opts.tcmbColumn });
    default:
      throw new RateFileError(`Unknown rate source "${String(source satisfies never)}".`);
  }
}

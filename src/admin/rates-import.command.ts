import type { Config } from "../config";
import { importRateXml, readRateFile, type ImportResult } from "../currency/rate-import";
import type { Database } from "../db/database";
import { systemClock } from "../shared/clock";
import { AdminError } from "./admin-error";

/** `rates:import --source ecb|tcmb <file-or-url>`: all rates of the file, or none. */
export async function importRatesCommand(
  db: Database,
  config: Config,
  source: string,
  location: string | undefined,
): Promise<ImportResult> {
  if (source !== "ecb" && source !== "tcmb") throw new AdminError(`--source must be ecb or tcmb, got "${source}".`);
  if (!location) throw new AdminError("usage: rates:import --source ecb|tcmb <file-or-url>");
  const xml = await readRateFile(location, config.rates.fetchTimeoutMs, undefined, config.rates.maxBytes);
  return importRateXml(db.prisma, xml, { source, today: systemClock.today(), tcmbColumn: config.rates.tcmbColumn });
}

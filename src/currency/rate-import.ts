import { readFile } from "node:fs/promises";
import type { PrismaClient } from "../generated/prisma/client";
import { parseRateFile, RateFileError, type RateSource, type TcmbColumn } from "./rate-files";
import { storeRates, type StoreResult } from "./rates.store";

export interface ImportOptions {
  source: RateSource;
  today: string;
  tcmbColumn: TcmbColumn;
}

/** Parses a whole rate file and stores its rates atomically: a bad file stores nothing. */
export async function importRateXml(prisma: PrismaClient, xml: string, options: ImportOptions): Promise<StoreResult> {
  const parsed = parseRateFile(options.source, xml, { today: options.today, tcmbColumn: options.tcmbColumn });
  return storeRates(prisma, parsed.source, parsed.rates);
}

/** Reads a rate file from disk or over HTTP(S), refusing slow or failing servers with a clear message. */
export async function readRateFile(location: string, timeoutMs: number): Promise<string> {
  if (!/^https?:\/\//i.test(location)) {
    return readFile(location, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new RateFileError(`Cannot read ${location}: ${error.code ?? error.message}`);
    });
  }
  let response: Response;
  try {
    response = await fetch(location, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : String((error as Error).message);
    throw new RateFileError(`Cannot fetch ${location}: ${reason}`);
  }
  if (!response.ok) throw new RateFileError(`Cannot fetch ${location}: HTTP ${response.status}`);
  return response.text();
}

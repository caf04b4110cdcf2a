import { readFile, stat } from "node:fs/promises";
import type { PrismaClient } from "../generated/prisma/client";
import { isKnownCurrency } from "./currencies";
import { parseRateFile, RateFileError, type ParsedRate, type RateSource, type TcmbColumn } from "./rate-files";
import { storeRates, type StoreResult } from "./rates.store";

export interface ImportOptions {
  source: RateSource;
  today: string;
  tcmbColumn: TcmbColumn;
}

export interface ImportResult extends StoreResult {
  /**
   * Codes in the file that are not current ISO 4217 currencies, whose rates were left out: the ECB's
   * history file still carries withdrawn currencies (CYP, TRL, ROL, HRK...) on its older dates. No
   * customer or user can use them, so they are skipped rather than refusing the whole file.
   */
  skipped: string[];
}

/**
 * Parses a whole rate file and stores its rates atomically: a bad file stores nothing. The file is
 * parsed completely before the (short) database transaction begins.
 */
export async function importRateXml(prisma: PrismaClient, xml: string, options: ImportOptions): Promise<ImportResult> {
  const parsed = parseRateFile(options.source, xml, { today: options.today, tcmbColumn: options.tcmbColumn });
  const { usable, skipped } = withoutWithdrawnCurrencies(parsed.rates);
  if (usable.length === 0) {
    throw new RateFileError(`The ${options.source} file has no rate for a current ISO 4217 currency (only ${skipped.join(", ")}).`);
  }
  return { ...(await storeRates(prisma, parsed.source, usable)), skipped };
}

function withoutWithdrawnCurrencies(rates: ParsedRate[]): { usable: ParsedRate[]; skipped: string[] } {
  const skipped = new Set<string>();
  const isCurrent = (code: string): boolean => {
    const known = isKnownCurrency(code);
    if (!known) skipped.add(code);
    return known;
  };
  const usable = rates.filter((rate) => isCurrent(rate.base) && isCurrent(rate.quote));
  return { usable, skipped: [...skipped].sort() };
}

/** RATES_MAX_BYTES' default: the ECB's whole history file is about 7 MB. */
export const DEFAULT_RATES_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Reads a rate file from disk or over HTTP(S), refusing slow or failing servers with a clear message.
 * `timeoutMs` covers the whole download (headers and body); `signal` cancels it early (server shutdown).
 * A file larger than `maxBytes` is refused without being read past that size (a server that never stops sending
 * does not fill the memory).
 */
export async function readRateFile(location: string, timeoutMs: number, signal?: AbortSignal, maxBytes = DEFAULT_RATES_MAX_BYTES): Promise<string> {
  const tooLarge = () => new RateFileError(`Cannot use ${location}: larger than ${maxBytes} bytes (RATES_MAX_BYTES).`);
  if (!/^https?:\/\//i.test(location)) {
    const size = await stat(location).then((info) => info.size, () => 0);
    if (size > maxBytes) throw tooLarge();
    return readFile(location, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new RateFileError(`Cannot read ${location}: ${error.code ?? error.message}`);
    });
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const abort = signal ? AbortSignal.any([timeout, signal]) : timeout;
  const failure = (error: unknown): RateFileError => {
    if (timeout.aborted) return new RateFileError(`Cannot fetch ${location}: no answer within ${timeoutMs} ms`);
    if (signal?.aborted) return new RateFileError(`Cannot fetch ${location}: cancelled`);
    return new RateFileError(`Cannot fetch ${location}: ${describeFetchError(error)}`);
  };
  let response: Response;
  try {
    response = await fetch(location, { signal: abort, redirect: "follow" });
  } catch (error) {
    throw failure(error);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new RateFileError(`Cannot fetch ${location}: HTTP ${response.status}`);
  }
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  try {
    return await readAtMost(response, maxBytes, tooLarge);
  } catch (error) {
    throw error instanceof RateFileError ? error : failure(error);
  }
}

/** The body as UTF-8 text, read chunk by chunk and abandoned as soon as it passes `maxBytes`. */
async function readAtMost(response: Response, maxBytes: number, tooLarge: () => RateFileError): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** "fetch failed" says nothing; its cause does (ECONNREFUSED, ENOTFOUND, a TLS error...). */
function describeFetchError(error: unknown): string {
  // Duck-typed rather than `instanceof Error`: fetch's errors may come from another realm (a test VM).
  const cause = property(error, "cause");
  const causeMessage = property(cause, "message");
  if (typeof causeMessage === "string") {
    const code = property(cause, "code");
    return typeof code === "string" ? `${code} (${causeMessage})` : causeMessage;
  }
  const message = property(error, "message");
  return typeof message === "string" ? message : String(error);
}

function property(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? Reflect.get(value, name) : undefined;
}

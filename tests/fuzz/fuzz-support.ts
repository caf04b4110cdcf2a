import fc from "fast-check";
import type { RunningService } from "../support/service";

/**
 * Property-based runs against the real service. The number of cases per property comes from FUZZ_RUNS (else the
 * CI-sized default each property names), the seed from FUZZ_SEED (else a random one). fast-check prints the seed and
 * the shrunk counterexample of a failure; `FUZZ_SEED=<seed> npm run fuzz` (or `npm test -- tests/fuzz`) replays it.
 */
export function fuzzParameters(defaultRuns: number): { numRuns: number; seed?: number; verbose: 1 } {
  const runs = Number(process.env.FUZZ_RUNS ?? defaultRuns);
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  return {
    numRuns: Number.isSafeInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(seed !== undefined && Number.isSafeInteger(seed) ? { seed } : {}),
    verbose: 1,
  };
}

/** A test's time budget for `runs` cases (a loaded machine answers a request in tens of milliseconds). */
export function fuzzTimeout(defaultRuns: number): number {
  const runs = Number(process.env.FUZZ_RUNS ?? defaultRuns);
  return Math.max(120_000, (Number.isFinite(runs) ? runs : defaultRuns) * 250);
}

/**
 * Everything a request could change, in one query: every customer_details row (all columns) and the change history.
 * A refused request must leave it equal.
 */
export async function fingerprint(service: RunningService): Promise<string> {
  const { rows } = await service.db.pool.query<{ details: string | null; changes: string }>(
    `SELECT (SELECT md5(string_agg(d::text, '|' ORDER BY d.id)) FROM customer_details d) AS details,
            (SELECT count(*)::text || ':' || coalesce(max(id), 0)::text FROM customer_details_changes) AS changes`,
  );
  return `${rows[0]?.details ?? "none"}/${rows[0]?.changes ?? ""}`;
}

/** Strings a client might send: printable text, any code points (lone surrogates included), control characters. */
export const anyText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: fc.constantFrom("\u0000", "\n", "\r", "\t", "\u202e", "\ud800", "\udfff", "\ufeff", "%", "\\", '"', "'", "<", "{"), maxLength: 8 }),
  );

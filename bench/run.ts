import "reflect-metadata";
import { compare } from "./compare";
import { readOptions } from "./options";

/**
 * `npm run bench [-- options]` (see bench/options.ts and docs/performance.md):
 * - default: the hand-written floor (bench/floor/) and the service, side by side in interleaved rounds;
 * - `--scale`: the same service on 1,000 and on 1,000,000 customers with the full rate history;
 * - `--pooler`: REST PATCH and GET through pgbouncer (transaction mode) against directly on PostgreSQL;
 * - `--batch`: customers/s through 100-item batches against single PATCHes, and details:import of a million rows;
 * - `--soak SECONDS`: a fixed write rate held for that long, resident memory per minute;
 * - `--profile PATCH|GET|graphql`: the service under `node --cpu-prof`, and where its CPU went.
 */
async function main(): Promise<void> {
  const options = readOptions();
  if (options.profile) {
    const { profile } = await import("./profile");
    await profile(options);
  } else if (options.batch) {
    const { batch } = await import("./batch");
    await batch(options);
  } else if (options.pooler) {
    const { pooler } = await import("./pooler");
    await pooler(options);
  } else if (options.scale) {
    const { scale } = await import("./scale");
    await scale(options);
  } else if (options.soakSeconds !== null) {
    const { soak } = await import("./soak");
    await soak(options);
  } else {
    await compare(options);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import "reflect-metadata";
import { compare } from "./compare";
import { readOptions } from "./options";
import { BENCH_USAGE } from "./usage";

/**
 * `npm run bench [-- options]` (see bench/options.ts and docs/performance.md):
 * - default: the hand-written floor (bench/floor/) and the service, side by side in interleaved rounds;
 * - `--scale`: the same service on 1,000 and on 1,000,000 customers with the full rate history;
 * - `--pooler`: REST PATCH and GET through pgbouncer (transaction mode) against directly on PostgreSQL;
 * - `--batch`: customers/s through 100-item batches against single PATCHes, and details:import of a million rows;
 * - `--soak SECONDS`: a fixed write rate held for that long, resident memory per minute;
 * - `--profile PATCH|GET|graphql`: the service under `node --cpu-prof`, and where its CPU went;
 * - `--feed`: subscribers of one customer (500, 2,000, `--subscribers`) and webhooks under write load.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(BENCH_USAGE);
    return;
  }
  const options = readOptions(argv);
  if (options.feed) {
    const { feed } = await import("./feed");
    await feed(options);
  } else if (options.profile) {
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
  // A mistyped option is the user's: say which, and where the options are, without a stack trace.
  if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    console.error(`${error.message}\n(npm run bench -- --help lists the options)`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});

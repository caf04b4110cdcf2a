/** `npm run bench -- --help`: every option of bench/options.ts, with what it does (tests/unit/bench-usage.test.ts keeps them in step). */
export const BENCH_USAGE = `usage: npm run bench -- [options]

Runs the service and the hand-written floor (bench/floor/) side by side in interleaved rounds on this machine and
prints throughput, latency percentiles, CPU per request and memory, with the ratios (see docs/performance.md).

modes (default: the side-by-side comparison):
  --scale                 the service on 1,000 and on 1,000,000 customers with the full rate history
  --pooler                REST PATCH and GET through pgbouncer (transaction mode) next to directly on PostgreSQL
  --batch                 customers/s through 100-item batches next to single PATCHes, and details:import of
                          --import-rows generated rows (1000000) on PostgreSQL: rows/s and peak memory
  --feed                  the change feed: subscribers of one change (p50/p99), webhook cost and delivery lag
  --soak SECONDS          a fixed write rate (--rate) held for that long; resident memory per minute
  --profile OPERATION     one operation (PATCH, GET or graphql) under node --cpu-prof, and where its CPU went

options:
  --rounds N              interleaved rounds per row (5)
  --duration SECONDS      load per round and row (4)
  --connections N         concurrent connections of the load generator (32)
  --customers N           customers seeded (1000)
  --db both|server|embedded   which databases (both)
  --rate N                writes per second of --soak (50)
  --import-rows N         rows of the --batch import (1000000)
  --subscribers N         the largest number of --feed subscribers, after 500 and 2000 (10000)
  --write-seconds SECONDS --feed's write load with the webhook, and as long again without (30)
  --warmup SECONDS        warm-up before the first round (2)
  --tracing               add the REST PATCH with OpenTelemetry tracing on, exporting to a local receiver
  --limits                add the REST PATCH with budgets off and with budgets in Redis (a private redis-server)
                          next to the default row (budgets on, in memory)
  --no-workers            leave out the WEB_CONCURRENCY=2 row
  --workers               keep it (the default)
  -h, --help              this text
`;

import { parseArgs } from "node:util";

/** `npm run bench -- [--rounds 5 --duration 4 --connections 32 --customers 1000 --db both|server|embedded] [--scale] [--pooler] [--batch [--import-rows N]] [--soak SECONDS] [--rate N] [--no-workers] [--tracing] [--limits] [--profile PATCH|GET|graphql] [--feed --subscribers 10000 --write-seconds 30]` */
export interface BenchOptions {
  rounds: number;
  duration: number;
  connections: number;
  customers: number;
  databases: ("server" | "embedded")[];
  scale: boolean;
  /** `--pooler`: REST PATCH and GET through pgbouncer against directly on PostgreSQL. */
  pooler: boolean;
  /** `--batch`: customers/s through 100-item batches against single PATCHes, then details:import of `importRows` rows. */
  batch: boolean;
  importRows: number;
  soakSeconds: number | null;
  soakRate: number;
  workers: boolean;
  warmup: number;
  /** `--tracing`: also the REST PATCH with OpenTelemetry tracing on, exporting to a local receiver (PostgreSQL). */
  tracing: boolean;
  /**
   * `--limits`: REST PATCH (PostgreSQL) with budgets off and with budgets in Redis, next to the default row (budgets on,
   * in memory, with a budget no client reaches): what the limiter costs.
   */
  limits: boolean;
  /** `--profile PATCH|GET|graphql`: one operation under `node --cpu-prof`, then where the CPU went. */
  profile: "PATCH" | "GET" | "GraphQL patch" | null;
  /** `--feed`: subscribers of one customer and webhooks under write load (bench/feed.ts). */
  feed: boolean;
  subscribers: number;
  writeSeconds: number;
}

export function readOptions(argv = process.argv.slice(2)): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: "string", default: "5" },
      duration: { type: "string", default: "4" },
      connections: { type: "string", default: "32" },
      customers: { type: "string", default: "1000" },
      db: { type: "string", default: "both" },
      scale: { type: "boolean", default: false },
      pooler: { type: "boolean", default: false },
      batch: { type: "boolean", default: false },
      "import-rows": { type: "string", default: "1000000" },
      soak: { type: "string" },
      rate: { type: "string", default: "50" },
      workers: { type: "boolean", default: true },
      "no-workers": { type: "boolean", default: false },
      warmup: { type: "string", default: "2" },
      tracing: { type: "boolean", default: false },
      profile: { type: "string" },
      feed: { type: "boolean", default: false },
      subscribers: { type: "string", default: "10000" },
      "write-seconds": { type: "string", default: "30" },
      limits: { type: "boolean", default: false },
    },
  });
  const db = values.db ?? "both";
  return {
    rounds: Number(values.rounds),
    duration: Number(values.duration),
    connections: Number(values.connections),
    customers: Number(values.customers),
    databases: db === "both" ? ["server", "embedded"] : [db as "server" | "embedded"],
    scale: values.scale ?? false,
    pooler: values.pooler ?? false,
    batch: values.batch ?? false,
    importRows: Number(values["import-rows"]),
    soakSeconds: values.soak === undefined ? null : Number(values.soak),
    soakRate: Number(values.rate),
    workers: !values["no-workers"],
    warmup: Number(values.warmup),
    tracing: values.tracing ?? false,
    feed: values.feed ?? false,
    subscribers: Number(values.subscribers),
    writeSeconds: Number(values["write-seconds"]),
    limits: values.limits ?? false,
    profile: values.profile === undefined ? null : values.profile.toLowerCase() === "graphql" ? "GraphQL patch" : (values.profile.toUpperCase() as "PATCH" | "GET"),
  };
}

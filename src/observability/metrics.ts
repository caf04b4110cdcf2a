import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Pool } from "pg";
import { newestRateDates } from "../currency/rate-lookup";
import type { PrismaClient } from "../generated/prisma/client";
import type { Clock } from "../shared/clock";
import { OutboxStore } from "../webhooks/outbox.store";
import type { AttemptKind } from "../webhooks/webhook-dispatcher";

/** Seconds; from a 1 ms cache hit to a 10 s timeout. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** How long a scrape reuses what it read from the database (rate dates, the outbox), and how long it waits for it. */
const DATABASE_READING_CACHE_MS = 15_000;
const DATABASE_READING_TIMEOUT_MS = 1_000;

/** Operation names come from clients: beyond this many distinct ones, the rest are counted as "other". */
const MAX_OPERATION_NAMES = 200;

export type GraphQLOutcome = "success" | "error";

/** The service's Prometheus metrics, in a registry of their own (one per app, so tests can run several). */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status_code">;
  /** Counts one GraphQL operation by its (bounded) name, type and outcome. */
  countGraphQLOperation(name: string | null | undefined, type: string | undefined, outcome: GraphQLOutcome): void;
  /** Counts one operation sent as free text where trusted documents are on (GRAPHQL_TRUSTED_DOCUMENTS=allow). */
  countFreeTextOperation(name: string | null | undefined): void;
  /** Counts one webhook delivery attempt of this instance by outcome. */
  countDeliveryAttempt(outcome: AttemptKind): void;
}

export interface MetricsSources {
  pool: Pool;
  prisma: Pick<PrismaClient, "$queryRaw">;
  clock: Clock;
  /** The Redis that shares request budgets (REDIS_URL), when there is one. */
  budgetStore?: { isAvailable(): boolean } | null;
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from receiving a request to sending its response, by method, route pattern and status code.",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });

  const operations = new Counter({
    name: "graphql_operations_total",
    help: "GraphQL operations by operation name, type (query, mutation, subscription) and outcome (success, error).",
    labelNames: ["operation_name", "operation_type", "outcome"] as const,
    registers: [registry],
  });
  const knownNames = new Set<string>();
  const nameLabel = (name: string | null | undefined): string => {
    const label = name || "anonymous";
    if (knownNames.has(label)) return label;
    if (knownNames.size >= MAX_OPERATION_NAMES) return "other";
    knownNames.add(label);
    return label;
  };
  const countGraphQLOperation = (name: string | null | undefined, type: string | undefined, outcome: GraphQLOutcome): void => {
    operations.inc({ operation_name: nameLabel(name), operation_type: type ?? "unknown", outcome });
  };
  const freeText = new Counter({
    name: "graphql_free_text_operations_total",
    help: "GraphQL operations sent as text rather than as a trusted document's id (GRAPHQL_TRUSTED_DOCUMENTS=allow), by operation name.",
    labelNames: ["operation_name"] as const,
    registers: [registry],
  });
  const countFreeTextOperation = (name: string | null | undefined): void => {
    freeText.inc({ operation_name: nameLabel(name) });
  };

  const { pool } = sources;
  new Gauge({
    name: "db_pool_connections_in_use",
    help: "Database connections checked out of the pool.",
    registers: [registry],
    collect() {
      this.set(pool.totalCount - pool.idleCount);
    },
  });
  new Gauge({
    name: "db_pool_connections_idle",
    help: "Open database connections waiting in the pool for work.",
    registers: [registry],
    collect() {
      this.set(pool.idleCount);
    },
  });
  new Gauge({
    name: "db_pool_requests_waiting",
    help: "Requests waiting for a database connection from the pool.",
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });

  const newestDates = cachedReading(() => newestRateDates(sources.prisma, sources.clock.today()));
  new Gauge({
    name: "exchange_rate_age_seconds",
    help: "Age of the newest stored exchange rate by source (from the start of its date, UTC). Absent while the database cannot be read.",
    labelNames: ["source"] as const,
    registers: [registry],
    async collect() {
      const dates = await newestDates();
      this.reset();
      if (dates === null) return;
      const now = sources.clock.now().getTime();
      for (const [source, date] of Object.entries(dates)) {
        this.set({ source }, Math.max(0, (now - Date.parse(`${date}T00:00:00Z`)) / 1000));
      }
    },
  });

  const attempts = new Counter({
    name: "webhook_delivery_attempts_total",
    help: "Webhook delivery attempts made by this instance, by outcome: delivered (a 2xx answer) or failed (retried later, or given up).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  for (const outcome of ["delivered", "failed"] as const) attempts.inc({ outcome }, 0);

  const outbox = new OutboxStore(sources.pool);
  const backlog = cachedReading(() => outbox.backlog());
  new Gauge({
    name: "webhook_outbox_pending_deliveries",
    help: "Webhook deliveries still owed, by every instance (the outbox's backlog). Absent while the database cannot be read.",
    registers: [registry],
    async collect() {
      const owed = await backlog();
      this.reset();
      if (owed !== null) this.set(owed.pending);
    },
  });
  new Gauge({
    name: "webhook_outbox_oldest_pending_age_seconds",
    help: "Age of the oldest webhook delivery still owed (0 when none): how far behind the receivers are. Absent while the database cannot be read.",
    registers: [registry],
    async collect() {
      const owed = await backlog();
      this.reset();
      if (owed !== null) this.set(owed.oldestAgeSeconds);
    },
  });

  const budgetStore = sources.budgetStore;
  if (budgetStore) {
    new Gauge({
      name: "rate_limit_store_available",
      help: "1 while request budgets are shared through Redis; 0 while Redis is unreachable and each instance counts in its own memory.",
      registers: [registry],
      collect() {
        this.set(budgetStore.isAvailable() ? 1 : 0);
      },
    });
  }

  return { registry, httpDuration, countGraphQLOperation, countFreeTextOperation, countDeliveryAttempt: (outcome) => attempts.inc({ outcome }) };
}

/**
 * A reading of the database for the scrape, taken at most every DATABASE_READING_CACHE_MS and never waited on for
 * longer than DATABASE_READING_TIMEOUT_MS: a database that is down or slow leaves the gauges that use it empty
 * instead of failing or stalling the scrape.
 */
function cachedReading<T>(read: () => Promise<T>): () => Promise<T | null> {
  let cached: { at: number; value: T | null } | null = null;
  let inFlight: Promise<T | null> | null = null;
  return async () => {
    const now = Date.now();
    if (cached && now - cached.at < DATABASE_READING_CACHE_MS) return cached.value;
    inFlight ??= read().then(
      (value) => (cached = { at: Date.now(), value }).value,
      () => (cached = { at: Date.now(), value: null }).value,
    );
    const reading = inFlight;
    void reading.finally(() => {
      if (inFlight === reading) inFlight = null;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), DATABASE_READING_TIMEOUT_MS)));
    try {
      return await Promise.race([reading, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

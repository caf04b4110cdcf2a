import { z } from "zod";
import { isKnownCurrency } from "./currency/currencies";
import { DEFAULT_DATABASE_TIMEOUT_MS } from "./db/defaults";
import { TRACE_PROTOCOLS } from "./tracing/tracing.settings";
import { parseDatabaseUrl } from "./db/database-url";

const currencyCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO 4217 code")
  .transform((code) => code.toUpperCase());

const jwtAlgorithm = z.enum(["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "EdDSA"]);
export type JwtAlgorithm = z.infer<typeof jwtAlgorithm>;

/** HS256/384/512: verified with the service's own secret, never with a public key or a key set. */
export const isHmacAlgorithm = (alg: string): boolean => alg.startsWith("HS");

const commaList = (text: string): string[] => text.split(",").map((item) => item.trim()).filter(Boolean);

const boolean = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z
      .string()
      .default("file:./data/db")
      .refine((url) => /^file:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url), {
        message: "must be file:<directory> (embedded PGlite) or postgresql://... (a PostgreSQL server)",
      }),
    DATABASE_DIRECT_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, "must be postgresql://... (a session of its own on the database, not through a pooler)")
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_DATABASE_TIMEOUT_MS),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default("127.0.0.1"),
    JWT_SECRET: z.string().min(1).optional(),
    DATA_DIR: z.string().min(1).optional(),
    JWT_ALGORITHMS: z
      .string()
      .default("HS256")
      .transform(commaList)
      .pipe(z.array(jwtAlgorithm).min(1)),
    JWT_PUBLIC_KEY: z.string().optional(),
    JWT_JWKS_URL: z
      .string()
      .default("")
      .transform(commaList)
      .pipe(z.array(z.url({ protocol: /^https?$/, error: "must be a list of http(s) URLs" }))),
    JWT_USER_CLAIM: z.string().min(1).default("sub"),
    JWT_MAX_AGE: z
      .string()
      .default("24h")
      .transform((text, ctx) => {
        const match = /^(\d{1,9})\s*(s|m|h|d)?$/i.exec(text.trim());
        const seconds = match ? Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? "s").toLowerCase() as "s"] : NaN;
        if (!(seconds >= 1)) ctx.addIssue({ code: "custom", message: "must be a duration such as 3600, 90m, 24h or 7d" });
        return seconds;
      }),
    JWT_ISSUER: z.string().default("").transform(commaList),
    JWT_AUDIENCE: z.string().optional(),
    DEFAULT_CURRENCY: currencyCode.default("TRY").refine(isKnownCurrency, { message: "must be an ISO 4217 currency code" }),
    PERMISSION_CACHE_MS: z.coerce.number().int().min(0).max(5000).default(5000),
    RATE_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
    METRICS: boolean.optional(),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    PLAYGROUND: boolean.optional(),
    INTROSPECTION: boolean.optional(),
    RATES_SOURCE: z.enum(["ecb", "tcmb"]).optional(),
    RATES_URL: z.url({ protocol: /^https?$/ }).optional(),
    RATES_REFRESH_HOUR_UTC: z.coerce.number().int().min(0).max(23).optional(),
    /** The former name of RATES_REFRESH_HOUR_UTC (an hour, never a cron expression); still read. */
    RATES_REFRESH_CRON_HOUR: z.coerce.number().int().min(0).max(23).optional(),
    RATES_REFRESH_ENABLED: boolean.optional(),
    RATES_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(15000),
    RATES_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
    RATES_STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
    RATES_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(32 * 1024 * 1024),
    HISTORY_CURSOR_SECRET: z.string().min(16).optional(),
    WEBHOOKS_ENABLED: boolean.default(true),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(8_000).default(5_000),
    WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
    WEBHOOK_GIVE_UP_AFTER_MS: z.coerce.number().int().min(100).max(604_800_000).default(86_400_000),
    WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
    WEBHOOK_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
    WEBHOOK_MAX_RESPONSE_BYTES: z.coerce.number().int().min(0).max(10_485_760).default(65_536),
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
    WEBHOOK_CONNECTIONS: z.coerce.number().int().min(1).max(256).default(16),
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    TCMB_RATE_COLUMN: z.enum(["ForexBuying", "ForexSelling", "BanknoteBuying", "BanknoteSelling"]).default("ForexBuying"),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(15),
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(10),
    GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(10).max(100_000).default(2000),
    GRAPHQL_MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(100).default(5),
    GRAPHQL_MAX_BATCH_ITEMS: z.coerce.number().int().min(1).max(1000).default(100),
    GRAPHQL_TRUSTED_DOCUMENTS: z.enum(["off", "allow", "require"]).default("off"),
    GRAPHQL_TRUSTED_DOCUMENTS_FILE: z.string().min(1).optional(),
    CORS_ORIGINS: z
      .string()
      .default("")
      .transform((list) => list.split(",").map((item) => item.trim()).filter(Boolean))
      .pipe(z.array(z.string().refine(isExactOrigin, { message: "must list exact origins such as https://app.example.com (scheme, host, optional port; no path, no *)" }))),
    // Traces: OpenTelemetry's own variables, read by its SDK (src/tracing); checked here so that a typo stops the start.
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(TRACE_PROTOCOLS, { message: `must be ${TRACE_PROTOCOLS.join(" or ")} (traces are exported over OTLP/HTTP)` }).optional(),
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(TRACE_PROTOCOLS, { message: `must be ${TRACE_PROTOCOLS.join(" or ")} (traces are exported over OTLP/HTTP)` }).optional(),
    RATE_LIMIT: boolean.default(true),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(600),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(60),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    SUBSCRIPTIONS_PER_USER: z.coerce.number().int().min(0).max(1_000_000).default(20),
  })
  .superRefine((env, ctx) => {
    const { RATES_REFRESH_HOUR_UTC: hour, RATES_REFRESH_CRON_HOUR: formerHour } = env;
    if (hour !== undefined && formerHour !== undefined && hour !== formerHour) {
      ctx.addIssue({
        code: "custom",
        path: ["RATES_REFRESH_HOUR_UTC"],
        message: `is ${hour} but RATES_REFRESH_CRON_HOUR (its former name) is ${formerHour}: set only RATES_REFRESH_HOUR_UTC`,
      });
    }
    if (env.DATABASE_DIRECT_URL && env.DATABASE_URL.startsWith("file:")) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_DIRECT_URL"], message: "applies to a PostgreSQL server only (DATABASE_URL is embedded)" });
    }
    if (env.DATABASE_DIRECT_URL && parseDatabaseUrl(env.DATABASE_DIRECT_URL).pooler) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_DIRECT_URL"], message: "must not go through a pooler (no ?pgbouncer=true)" });
    }
    const asymmetric = env.JWT_ALGORITHMS.some((alg) => !isHmacAlgorithm(alg));
    const hmac = env.JWT_ALGORITHMS.some(isHmacAlgorithm);
    const keySets = env.JWT_JWKS_URL.length > 0;
    if (asymmetric && !env.JWT_PUBLIC_KEY && !keySets) {
      ctx.addIssue({ code: "custom", path: ["JWT_PUBLIC_KEY"], message: "or JWT_JWKS_URL is required for RS/ES/PS/EdDSA algorithms" });
    }
    if (env.JWT_PUBLIC_KEY && keySets) {
      ctx.addIssue({ code: "custom", path: ["JWT_JWKS_URL"], message: "and JWT_PUBLIC_KEY exclude each other (publish the key in the key set)" });
    }
    if (!keySets && env.JWT_ALGORITHMS.includes("EdDSA")) {
      ctx.addIssue({ code: "custom", path: ["JWT_ALGORITHMS"], message: "EdDSA is verified with JWT_JWKS_URL only (not with JWT_PUBLIC_KEY)" });
    }
    if (keySets && !asymmetric) {
      ctx.addIssue({ code: "custom", path: ["JWT_ALGORITHMS"], message: "must name a public-key algorithm (RS256, PS256, ES256, EdDSA...) when JWT_JWKS_URL is set" });
    }
    // With a static public key, one jsonwebtoken key verifies every token: mixing would let a token signed with HMAC
    // over the public key pass. Key sets verify HMAC tokens with the secret only, and only HMAC tokens.
    if (asymmetric && hmac && !keySets) {
      ctx.addIssue({ code: "custom", path: ["JWT_ALGORITHMS"], message: "must not mix HMAC and public-key algorithms (except beside JWT_JWKS_URL)" });
    }
    if (keySets ? env.JWT_ISSUER.length > 0 && env.JWT_ISSUER.length !== env.JWT_JWKS_URL.length : env.JWT_ISSUER.length > 1) {
      ctx.addIssue({
        code: "custom",
        path: ["JWT_ISSUER"],
        message: keySets ? "must name one issuer per JWT_JWKS_URL, in the same order" : "is one issuer (a list only beside JWT_JWKS_URL)",
      });
    }
    if (keySets && env.JWT_JWKS_URL.length > 1 && env.JWT_ISSUER.length === 0) {
      ctx.addIssue({ code: "custom", path: ["JWT_ISSUER"], message: "is required with several JWT_JWKS_URLs (one issuer per URL, in the same order)" });
    }
    if (env.NODE_ENV === "production") {
      for (const url of env.JWT_JWKS_URL) {
        if (new URL(url).protocol !== "https:" && !isLoopbackHost(new URL(url).hostname)) {
          ctx.addIssue({ code: "custom", path: ["JWT_JWKS_URL"], message: `${url} must use https in production (keys fetched in the clear can be replaced)` });
        }
      }
    }
    if (hmac && env.NODE_ENV === "production") {
      if (!env.JWT_SECRET) {
        ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "must be set in production (32+ random characters)" });
      } else if (env.JWT_SECRET.length < 32) {
        ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "must be at least 32 characters in production" });
      }
    }
    // Without an HMAC secret to derive it from, the cursor key must be shared by every instance and every restart.
    if (!hmac && env.NODE_ENV === "production" && !env.HISTORY_CURSOR_SECRET) {
      ctx.addIssue({ code: "custom", path: ["HISTORY_CURSOR_SECRET"], message: "must be set in production when no HMAC algorithm is allowed (16+ random characters)" });
    }
    // Off the loopback interface, only a secret someone configured signs tokens: never one generated for a demo (nor,
    // as before, one written in the source). NODE_ENV=test is no way around it.
    if (hmac && !isLoopbackHost(env.HOST) && env.NODE_ENV !== "production" && (env.JWT_SECRET ?? "").length < 32) {
      ctx.addIssue({
        code: "custom",
        path: ["HOST"],
        message: `${env.HOST} is not a loopback address: set NODE_ENV=production and JWT_SECRET, or JWT_SECRET (32+ random characters), to listen on it (or HOST=127.0.0.1)`,
      });
    }
    if (env.WEBHOOK_LEASE_MS <= env.WEBHOOK_TIMEOUT_MS) {
      ctx.addIssue({ code: "custom", path: ["WEBHOOK_LEASE_MS"], message: "must be longer than WEBHOOK_TIMEOUT_MS (a claim must outlast its attempt)" });
    }
    if (env.RATES_URL && !env.RATES_SOURCE) {
      ctx.addIssue({ code: "custom", path: ["RATES_SOURCE"], message: "is required when RATES_URL is set (ecb or tcmb)" });
    }
  });

export type Env = z.infer<typeof schema>;
/** Every setting the service reads, by its variable name (the README's Configuration table documents each one). */
export const SETTINGS = schema.shape;

export interface Config {
  env: Env["NODE_ENV"];
  isDevelopment: boolean;
  /**
   * url: DATABASE_URL as given (`?pgbouncer=true` included: src/db/database-url.ts reads it); directUrl: a session of
   * its own for LISTEN and migrations (DATABASE_DIRECT_URL); timeoutMs: the longest a request waits on the database
   * (connecting, a pooled connection, a statement, a lock).
   */
  database: { url: string; directUrl?: string; poolSize: number; timeoutMs: number };
  /**
   * Where the service keeps files of its own (the generated development JWT secret): DATA_DIR, by default the
   * embedded database's directory, or ./data with a PostgreSQL server.
   */
  dataDir: string;
  http: { port: number; host: string };
  /** On SIGTERM/SIGINT, in-flight requests may finish for this long; then what is left is cancelled (503). */
  shutdownTimeoutMs: number;
  jwt: {
    /** The configured JWT_SECRET; without one, development generates one (src/auth/jwt-secret.ts). */
    secret?: string;
    algorithms: JwtAlgorithm[];
    publicKey?: string;
    /** JWT_JWKS_URL: the identity providers' key sets (src/auth/key-sets.ts); empty without one. */
    jwksUrls: string[];
    /**
     * JWT_ISSUER: with key sets, one issuer per URL in the same order (or none, with one URL); otherwise at most one,
     * checked on the service's own tokens and on those verified with JWT_PUBLIC_KEY.
     */
    issuers: string[];
    audience?: string;
    /** The claim of a key-set token that names the user's external id (JWT_USER_CLAIM, default sub). */
    userClaim: string;
    /** The longest lifetime a token may have, in seconds (JWT_MAX_AGE). */
    maxAgeSeconds: number;
  };
  defaultCurrency: string;
  permissionCacheMs: number;
  rateCacheMs: number;
  /** Worker processes serving the port (node:cluster); 1 = this process serves. */
  webConcurrency: number;
  logLevel: Env["LOG_LEVEL"];
  /** pino's JSON lines, or human-readable lines (pino-pretty); pretty by default in development only. */
  logFormat: "json" | "pretty";
  /** GET /metrics (Prometheus); on its own listener when `port` is set (0: any free port). */
  metrics: { enabled: boolean; port?: number };
  playground: boolean;
  introspection: boolean;
  /** Key material for the history's page cursors (derived from JWT_SECRET when not set). */
  historyCursorSecret: string;
  webhooks: {
    enabled: boolean;
    timeoutMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
    giveUpAfterMs: number;
    pollMs: number;
    leaseMs: number;
    maxResponseBytes: number;
    /** (webhook, customer) queues delivered at once per instance. */
    concurrency: number;
    /** Keep-alive connections per receiver (origin). */
    connections: number;
    retentionDays: number;
  };
  rates: {
    source?: "ecb" | "tcmb";
    url?: string;
    refreshEnabled: boolean;
    refreshHourUtc: number;
    fetchTimeoutMs: number;
    retryBaseMs: number;
    staleAfterDays: number;
    /** A rate file larger than this is refused (RATES_MAX_BYTES). */
    maxBytes: number;
    tcmbColumn: Env["TCMB_RATE_COLUMN"];
  };
  /** Bounds every GraphQL operation is checked against before it runs (docs/behaviour.md section 9). */
  graphqlLimits: GraphQLLimits;
  /**
   * Trusted documents (docs/behaviour.md section 13): `off`, `allow` (ids and free text; free text counted) or `require`
   * (ids only). `file`: an Apollo persisted query manifest; absent: the one this package ships for its own client.
   */
  trustedDocuments: { mode: TrustedDocumentsMode; file?: string };
  /** Web pages on these exact origins may call the API from a browser (CORS, WebSocket upgrades). Empty: none. */
  corsOrigins: string[];
  /** Fair use (docs/behaviour.md section 14): request budgets per minute, and open subscriptions per user. */
  budgets: BudgetSettings;
}

export interface BudgetSettings {
  /** RATE_LIMIT: false turns the request budgets off (no counting, no RateLimit header fields). */
  enabled: boolean;
  /** Units a user may spend per minute (a REST request is 1, a GraphQL operation 1 per root field). */
  perMinute: number;
  /** Units a client address may spend per minute with no valid token. */
  anonymousPerMinute: number;
  /** Shared budgets across instances; without it each instance counts in its own memory. */
  redisUrl?: string;
  /** Open GraphQL subscriptions per user and instance; 0 = unbounded. */
  subscriptionsPerUser: number;
}

export type TrustedDocumentsMode = Env["GRAPHQL_TRUSTED_DOCUMENTS"];

export interface GraphQLLimits {
  maxAliases: number;
  maxDepth: number;
  maxTokens: number;
  /** Root fields of a mutation operation (each one is a transaction). */
  maxRootFields: number;
  /** Batch items of an operation, summed over its batch mutations (each item is a write). */
  maxBatchItems: number;
}

/** An origin as a browser sends it: http(s), a host, an optional port, nothing else (no path, no trailing slash). */
function isExactOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === text;
  } catch {
    return false;
  }
}

/** 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare) || /^::ffff:127(\.\d{1,3}){3}$/.test(bare);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the environment once. Throws ConfigError naming every invalid setting. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`));
  }
  const env = parsed.data;
  const isDevelopment = env.NODE_ENV === "development";
  return {
    env: env.NODE_ENV,
    isDevelopment,
    database: {
      url: env.DATABASE_URL,
      ...(env.DATABASE_DIRECT_URL ? { directUrl: env.DATABASE_DIRECT_URL } : {}),
      poolSize: env.DATABASE_POOL_SIZE,
      timeoutMs: env.DATABASE_TIMEOUT_MS,
    },
    dataDir: env.DATA_DIR ?? (env.DATABASE_URL.startsWith("file:") ? env.DATABASE_URL.slice("file:".length) : "./data"),
    http: { port: env.PORT, host: env.HOST },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    jwt: {
      secret: env.JWT_SECRET,
      algorithms: env.JWT_ALGORITHMS,
      publicKey: env.JWT_PUBLIC_KEY?.replace(/\\n/g, "\n"),
      jwksUrls: env.JWT_JWKS_URL,
      issuers: env.JWT_ISSUER,
      userClaim: env.JWT_USER_CLAIM,
      audience: env.JWT_AUDIENCE,
      maxAgeSeconds: env.JWT_MAX_AGE,
    },
    defaultCurrency: env.DEFAULT_CURRENCY,
    permissionCacheMs: env.PERMISSION_CACHE_MS,
    rateCacheMs: env.RATE_CACHE_MS,
    webConcurrency: env.WEB_CONCURRENCY,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (isDevelopment ? "pretty" : "json"),
    metrics: { enabled: env.METRICS ?? true, ...(env.METRICS_PORT === undefined ? {} : { port: env.METRICS_PORT }) },
    playground: env.PLAYGROUND ?? env.NODE_ENV !== "production",
    introspection: env.INTROSPECTION ?? env.NODE_ENV !== "production",
    // Without either secret configured, src/auth/jwt-secret.ts derives it from the generated one (never a constant).
    historyCursorSecret: env.HISTORY_CURSOR_SECRET ?? (env.JWT_SECRET ? `history-cursor:${env.JWT_SECRET}` : ""),
    webhooks: {
      enabled: env.WEBHOOKS_ENABLED,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: env.WEBHOOK_RETRY_MAX_MS,
      giveUpAfterMs: env.WEBHOOK_GIVE_UP_AFTER_MS,
      pollMs: env.WEBHOOK_POLL_MS,
      leaseMs: env.WEBHOOK_LEASE_MS,
      maxResponseBytes: env.WEBHOOK_MAX_RESPONSE_BYTES,
      concurrency: env.WEBHOOK_CONCURRENCY,
      connections: env.WEBHOOK_CONNECTIONS,
      retentionDays: env.WEBHOOK_RETENTION_DAYS,
    },
    rates: {
      source: env.RATES_SOURCE,
      url: env.RATES_URL,
      refreshEnabled: env.RATES_REFRESH_ENABLED ?? Boolean(env.RATES_URL),
      refreshHourUtc: env.RATES_REFRESH_HOUR_UTC ?? env.RATES_REFRESH_CRON_HOUR ?? 16,
      fetchTimeoutMs: env.RATES_FETCH_TIMEOUT_MS,
      retryBaseMs: env.RATES_RETRY_BASE_MS,
      staleAfterDays: env.RATES_STALE_AFTER_DAYS,
      maxBytes: env.RATES_MAX_BYTES,
      tcmbColumn: env.TCMB_RATE_COLUMN,
    },
    graphqlLimits: {
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxTokens: env.GRAPHQL_MAX_TOKENS,
      maxRootFields: env.GRAPHQL_MAX_ROOT_FIELDS,
      maxBatchItems: env.GRAPHQL_MAX_BATCH_ITEMS,
    },
    trustedDocuments: {
      mode: env.GRAPHQL_TRUSTED_DOCUMENTS,
      ...(env.GRAPHQL_TRUSTED_DOCUMENTS_FILE === undefined ? {} : { file: env.GRAPHQL_TRUSTED_DOCUMENTS_FILE }),
    },
    corsOrigins: env.CORS_ORIGINS,
    budgets: {
      enabled: env.RATE_LIMIT,
      perMinute: env.RATE_LIMIT_PER_MINUTE,
      anonymousPerMinute: env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      ...(env.REDIS_URL === undefined ? {} : { redisUrl: env.REDIS_URL }),
      subscriptionsPerUser: env.SUBSCRIPTIONS_PER_USER,
    },
  };
}

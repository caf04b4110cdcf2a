import { ConfigError, isLoopbackHost, loadConfig } from "../../src/config";

const SECRET = "s".repeat(32);

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return "";
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

describe("configuration: safe defaults (docs/behaviour.md section 9)", () => {
  it("has no JWT secret unless one is configured (development generates one at start-up, never from the source)", () => {
    expect(loadConfig({}).jwt.secret).toBeUndefined();
    expect(loadConfig({ JWT_SECRET: SECRET }).jwt.secret).toBe(SECRET);
  });

  it("keeps its own files in DATA_DIR, by default the embedded database's directory, or ./data with a server", () => {
    expect(loadConfig({}).dataDir).toBe("./data/db");
    expect(loadConfig({ DATABASE_URL: "file:/srv/crm" }).dataDir).toBe("/srv/crm");
    expect(loadConfig({ DATABASE_URL: "postgresql://db/crm" }).dataDir).toBe("./data");
    expect(loadConfig({ DATABASE_URL: "postgresql://db/crm", DATA_DIR: "/var/lib/crm" }).dataDir).toBe("/var/lib/crm");
  });

  it("tells loopback addresses from others", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"]) expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    for (const host of ["0.0.0.0", "::", "192.168.1.2", "example.com", "128.0.0.1", "::ffff:10.0.0.1"]) expect([host, isLoopbackHost(host)]).toEqual([host, false]);
  });

  it("refuses a non-loopback HOST unless NODE_ENV=production or a real secret is configured, whatever else NODE_ENV says", () => {
    for (const env of <Record<string, string>[]>[{}, { NODE_ENV: "test" }, { NODE_ENV: "development" }, { NODE_ENV: "test", JWT_SECRET: "short" }]) {
      expect(problemsOf({ ...env, HOST: "0.0.0.0" })).toMatch(/- HOST 0\.0\.0\.0 is not a loopback address: set NODE_ENV=production and JWT_SECRET, or JWT_SECRET/);
    }
    expect(problemsOf({ HOST: "0.0.0.0", JWT_SECRET: SECRET })).toBe("");
    expect(problemsOf({ HOST: "0.0.0.0", NODE_ENV: "test", JWT_SECRET: SECRET })).toBe("");
    expect(problemsOf({ HOST: "0.0.0.0", NODE_ENV: "production", JWT_SECRET: SECRET })).toBe("");
    expect(problemsOf({ HOST: "0.0.0.0", NODE_ENV: "production" })).toMatch(/- JWT_SECRET must be set in production/);
  });
});

describe("configuration: DEFAULT_CURRENCY", () => {
  it("must be an ISO 4217 code, in any case", () => {
    expect(loadConfig({ DEFAULT_CURRENCY: "eur" }).defaultCurrency).toBe("EUR");
    expect(problemsOf({ DEFAULT_CURRENCY: "XYZ" })).toMatch(/- DEFAULT_CURRENCY must be an ISO 4217 currency code/);
    expect(problemsOf({ DEFAULT_CURRENCY: "EURO" })).toMatch(/- DEFAULT_CURRENCY /);
  });
});

describe("configuration: history and webhooks (docs/behaviour.md section 10)", () => {
  it("keeps the contract's webhook defaults: first retry within 10 s, give up after 24 h", () => {
    const { webhooks } = loadConfig({});
    expect(webhooks).toEqual({
      enabled: true,
      timeoutMs: 10_000,
      retryBaseMs: 5_000,
      retryMaxMs: 3_600_000,
      giveUpAfterMs: 86_400_000,
      pollMs: 5_000,
      leaseMs: 60_000,
      maxResponseBytes: 65_536,
      concurrency: 64,
      connections: 16,
      retentionDays: 30,
    });
    // With ±20 % jitter the first retry comes at most 1.2 × the base after the failure.
    expect(webhooks.retryBaseMs * 1.2).toBeLessThanOrEqual(10_000);
    expect(problemsOf({ WEBHOOK_RETRY_BASE_MS: "8001" })).toMatch(/- WEBHOOK_RETRY_BASE_MS/);
    expect(problemsOf({ WEBHOOK_RETRY_BASE_MS: "20000" })).toMatch(/- WEBHOOK_RETRY_BASE_MS/);
    expect(loadConfig({ WEBHOOKS_ENABLED: "false" }).webhooks.enabled).toBe(false);
  });

  it("refuses a claim lease that does not outlast an attempt, and a short cursor secret", () => {
    expect(problemsOf({ WEBHOOK_TIMEOUT_MS: "30000", WEBHOOK_LEASE_MS: "20000" })).toMatch(/- WEBHOOK_LEASE_MS must be longer than WEBHOOK_TIMEOUT_MS/);
    expect(problemsOf({ HISTORY_CURSOR_SECRET: "short" })).toMatch(/- HISTORY_CURSOR_SECRET/);
  });

  it("allows no cross-origin access by default, and takes CORS_ORIGINS as exact origins only", () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: "https://app.example.com, http://127.0.0.1:5173" }).corsOrigins).toEqual(["https://app.example.com", "http://127.0.0.1:5173"]);
    for (const bad of ["*", "https://app.example.com/", "https://app.example.com/path", "app.example.com", "https://App.example.com", "ftp://files.example.com", "null"]) {
      expect([bad, problemsOf({ CORS_ORIGINS: bad })]).toEqual([bad, expect.stringMatching(/- CORS_ORIGINS\.0 must list exact origins/)]);
    }
  });
});

describe("configuration: identity providers' key sets (docs/behaviour.md section 15)", () => {
  const A = "https://a.example.com/.well-known/jwks.json";
  const B = "https://b.example.com/jwks";

  it("reads JWT_JWKS_URL and JWT_ISSUER as lists in the same order, JWT_USER_CLAIM defaulting to sub", () => {
    const { jwt } = loadConfig({ JWT_ALGORITHMS: "RS256,EdDSA", JWT_JWKS_URL: ` ${A} , ${B}`, JWT_ISSUER: "https://a/,https://b/" });
    expect([jwt.jwksUrls, jwt.issuers, jwt.userClaim]).toEqual([[A, B], ["https://a/", "https://b/"], "sub"]);
    expect(loadConfig({ JWT_ALGORITHMS: "RS256", JWT_JWKS_URL: A, JWT_USER_CLAIM: "email" }).jwt.userClaim).toBe("email");
    expect(loadConfig({}).jwt).toMatchObject({ jwksUrls: [], issuers: [], userClaim: "sub" });
  });

  it("refuses key sets without a public-key algorithm, issuers that do not line up, and a static key beside them", () => {
    expect(problemsOf({ JWT_JWKS_URL: A })).toMatch(/- JWT_ALGORITHMS must name a public-key algorithm/);
    expect(problemsOf({ JWT_ALGORITHMS: "RS256", JWT_JWKS_URL: `${A},${B}` })).toMatch(/- JWT_ISSUER is required with several JWT_JWKS_URLs/);
    expect(problemsOf({ JWT_ALGORITHMS: "RS256", JWT_JWKS_URL: `${A},${B}`, JWT_ISSUER: "https://a/" })).toMatch(/- JWT_ISSUER must name one issuer per JWT_JWKS_URL/);
    expect(problemsOf({ JWT_ALGORITHMS: "RS256", JWT_JWKS_URL: A, JWT_PUBLIC_KEY: "pem" })).toMatch(/- JWT_JWKS_URL and JWT_PUBLIC_KEY exclude each other/);
    expect(problemsOf({ JWT_ALGORITHMS: "RS256", JWT_JWKS_URL: "ftp://a/keys" })).toMatch(/- JWT_JWKS_URL/);
    expect(problemsOf({ JWT_ALGORITHMS: "EdDSA", JWT_PUBLIC_KEY: "pem" })).toMatch(/- JWT_ALGORITHMS EdDSA is verified with JWT_JWKS_URL only/);
    expect(problemsOf({ JWT_ISSUER: "a,b" })).toMatch(/- JWT_ISSUER is one issuer/);
    // HMAC beside a static public key stays refused; beside key sets it is the service's own tokens.
    expect(problemsOf({ JWT_ALGORITHMS: "RS256,HS256", JWT_PUBLIC_KEY: "pem", JWT_SECRET: SECRET })).toMatch(/must not mix HMAC and public-key/);
    expect(problemsOf({ JWT_ALGORITHMS: "RS256,HS256", JWT_JWKS_URL: A, JWT_SECRET: SECRET })).toBe("");
  });

  it("in production: wants https key sets, no JWT_SECRET with only public-key algorithms, but HISTORY_CURSOR_SECRET then", () => {
    const production = { NODE_ENV: "production", JWT_ALGORITHMS: "RS256,ES256", JWT_JWKS_URL: A };
    expect(problemsOf({ ...production, HISTORY_CURSOR_SECRET: "c".repeat(16) })).toBe("");
    expect(problemsOf(production)).toMatch(/- HISTORY_CURSOR_SECRET must be set in production when no HMAC algorithm is allowed/);
    expect(problemsOf(production)).not.toMatch(/JWT_SECRET/);
    expect(problemsOf({ ...production, HISTORY_CURSOR_SECRET: "c".repeat(16), JWT_JWKS_URL: "http://idp.internal/jwks" })).toMatch(
      /- JWT_JWKS_URL http:\/\/idp\.internal\/jwks must use https in production/,
    );
    expect(problemsOf({ ...production, HISTORY_CURSOR_SECRET: "c".repeat(16), JWT_JWKS_URL: "http://127.0.0.1:8080/jwks" })).toBe("");
    // The service's own tokens beside the providers' still need the secret in production.
    expect(problemsOf({ ...production, JWT_ALGORITHMS: "RS256,HS256" })).toMatch(/- JWT_SECRET must be set in production/);
  });
});

describe("configuration: the daily rate refresh's hour", () => {
  it("is RATES_REFRESH_HOUR_UTC, 16 by default, and still reads its former name RATES_REFRESH_CRON_HOUR", () => {
    expect(loadConfig({}).rates.refreshHourUtc).toBe(16);
    expect(loadConfig({ RATES_REFRESH_HOUR_UTC: "13" }).rates.refreshHourUtc).toBe(13);
    expect(loadConfig({ RATES_REFRESH_CRON_HOUR: "9" }).rates.refreshHourUtc).toBe(9);
    expect(loadConfig({ RATES_REFRESH_HOUR_UTC: "9", RATES_REFRESH_CRON_HOUR: "9" }).rates.refreshHourUtc).toBe(9);
  });

  it("refuses the two names set to different hours, and an hour outside 0-23", () => {
    expect(problemsOf({ RATES_REFRESH_HOUR_UTC: "13", RATES_REFRESH_CRON_HOUR: "16" })).toMatch(
      /- RATES_REFRESH_HOUR_UTC is 13 but RATES_REFRESH_CRON_HOUR \(its former name\) is 16: set only RATES_REFRESH_HOUR_UTC/,
    );
    expect(problemsOf({ RATES_REFRESH_HOUR_UTC: "24" })).toMatch(/RATES_REFRESH_HOUR_UTC/);
  });
});

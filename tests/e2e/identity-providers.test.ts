import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_CUSTOMER_UUID } from "../../src/admin/demo-data";
import { createCustomer } from "../../src/admin/customers";
import { createUser, disableUser, revokePermission } from "../../src/admin/users";
import { Permissions } from "../../src/auth/permissions";
import { KEY_SET_COOLDOWN_MS } from "../../src/auth/remote-key-set";
import { notificationsDelivered } from "../support/cache-invalidation";
import { runCli } from "../support/cli";
import { testDatabaseKinds } from "../support/databases";
import { eventually } from "../support/eventually";
import { graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { spawnMain, type MainProcess } from "../support/main-process";
import { JwksServer, makeKey, signHmacToken, signToken, unsignedToken, type ProviderAlgorithm } from "../support/jwks-server";
import { MovableClock } from "../support/movable-clock";
import { startService, TEST_JWT_SECRET, type RunningService } from "../support/service";

const AUDIENCE = "customer-details";
const ALGORITHMS: ProviderAlgorithm[] = ["RS256", "PS256", "ES256", "EdDSA"];
const now = () => Math.floor(Date.now() / 1000);
const unique = () => randomBytes(4).toString("hex");

/** The service with several identity providers' key sets beside its own HS256 tokens (docs/behaviour.md section 15). */
function providerEnv(providers: JwksServer[]): Record<string, string> {
  return {
    JWT_ALGORITHMS: "RS256,PS256,ES256,EdDSA,HS256",
    JWT_JWKS_URL: providers.map((provider) => provider.url).join(","),
    JWT_ISSUER: providers.map((provider) => provider.issuer).join(","),
    JWT_AUDIENCE: AUDIENCE,
    JWT_MAX_AGE: "1h",
  };
}

describe.each(testDatabaseKinds())("tokens from identity providers' key sets (%s database)", (kind) => {
  const main = new JwksServer();
  const second = new JwksServer();
  const flood = new JwksServer();
  const rotating = new JwksServer();
  const caching = new JwksServer();
  const providers = [main, second, flood, rotating, caching];
  const clock = new MovableClock();
  let service: RunningService;
  let customer: string;

  beforeAll(async () => {
    for (const provider of providers) await provider.start();
    main.keys = ALGORITHMS.map((alg) => makeKey(alg));
    for (const provider of [second, flood, rotating, caching]) provider.keys = [makeKey("RS256")];
    service = await startService(kind, { env: providerEnv(providers), clock });
    customer = await customerWithDetails(service);
  });
  afterAll(async () => {
    await service?.stop();
    for (const provider of providers) await provider.stop();
  });

  const details = (token: string) => http("GET", `${service.baseUrl}/api/v1/customers/${customer}/details`, undefined, { token });
  const statusOf = async (token: string) => (await details(token)).status;
  /** A user who may read every customer, known to the providers as `externalId`. */
  const provision = (externalId: string) =>
    createUser(service.db.prisma, { email: `${unique()}@${kind}.test`, externalId, permissions: [Permissions.DetailsView] });
  const tokenOf = (provider: JwksServer, subject: string, key = provider.keys[0], claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    provider.token(subject, key, { aud: AUDIENCE, ...claims }, header);

  it("fetched every provider's keys in the background at start-up (once each)", () => {
    for (const provider of providers) expect(provider.requests).toBe(1);
  });

  it.each(ALGORITHMS)("accepts a %s token, matched to the user by its external id", async (alg) => {
    const externalId = `auth0|${alg}-${unique()}`;
    await provision(externalId);
    const key = main.keys.find((candidate) => candidate.alg === alg);
    const response = await details(tokenOf(main, externalId, key));
    expect([response.status, response.body]).toEqual([200, expect.objectContaining({ employee_count: 12 })]);
    expect(main.requests).toBe(1);
  });

  it("verifies each token with the key set of the issuer it names (several providers at once)", async () => {
    const externalId = `second|${unique()}`;
    await provision(externalId);
    expect(await statusOf(tokenOf(second, externalId))).toBe(200);
    // Another provider's key under this provider's issuer, a wrong audience, no audience, no issuer: 401.
    expect(await statusOf(signToken(main.keys[0]!, { iss: second.issuer, sub: externalId, aud: AUDIENCE, exp: now() + 600 }))).toBe(401);
    expect(await statusOf(tokenOf(second, externalId, second.keys[0], { aud: "someone-else" }))).toBe(401);
    expect(await statusOf(tokenOf(second, externalId, second.keys[0], { aud: undefined }))).toBe(401);
    expect(await statusOf(tokenOf(second, externalId, second.keys[0], { iss: undefined }))).toBe(401);
    expect(await statusOf(tokenOf(second, externalId, second.keys[0], { iss: "https://unknown.test.local/" }))).toBe(401);
  });

  it("matches a key-set token by external id only, never by numeric id; the service's own HS256 tokens keep working", async () => {
    const user = await provision(`match|${unique()}`);
    // The provider names the user's numeric id: not an external id of anyone.
    expect(await statusOf(tokenOf(main, String(user.id)))).toBe(401);
    expect(await statusOf(tokenOf(main, `match|someone-else`))).toBe(401);
    // The admin command line's kind of token (HS256, JWT_SECRET) still names the numeric id...
    expect(await statusOf(service.services.tokens.sign(user.id, "10m"))).toBe(200);
    // ...and an HS256 token naming the external id is no provider's token.
    expect(await statusOf(signHmacToken(TEST_JWT_SECRET, { sub: user.external_id, aud: AUDIENCE, exp: now() + 600 }))).toBe(401);
  });

  it("refuses algorithm confusion, none, crit, a retired algorithm and a lifetime beyond JWT_MAX_AGE, without asking the provider", async () => {
    const externalId = `attack|${unique()}`;
    await provision(externalId);
    const rsa = main.keys.find((key) => key.alg === "RS256")!;
    const ec = main.keys.find((key) => key.alg === "ES256")!;
    const claims = { iss: main.issuer, sub: externalId, aud: AUDIENCE, iat: now(), exp: now() + 600 };
    const before = main.requests;
    const pem = rsa.publicKey.export({ type: "spki", format: "pem" }).toString();
    const attacks: [string, string][] = [
      ["HS256 signed with the provider's public key (PEM)", signHmacToken(pem, claims, { kid: rsa.kid })],
      ["HS256 signed with the provider's public key (JWK)", signHmacToken(JSON.stringify(rsa.publicKey.export({ format: "jwk" })), claims, { kid: rsa.kid })],
      ["alg none", unsignedToken(claims, { kid: rsa.kid })],
      ["alg none with a valid signature", `${unsignedToken(claims, { kid: rsa.kid })}${tokenOf(main, externalId, rsa).split(".")[2]}`],
      ["crit", tokenOf(main, externalId, rsa, {}, { crit: ["exp"] })],
      ["an empty crit", tokenOf(main, externalId, rsa, {}, { crit: [] })],
      ["RS384 (not allowed)", tokenOf(main, externalId, rsa, {}, { alg: "RS384" })],
      ["an ES256 header over an RSA key's kid", tokenOf(main, externalId, ec, {}, { kid: rsa.kid })],
      ["a lifetime beyond JWT_MAX_AGE", tokenOf(main, externalId, rsa, { iat: now(), exp: now() + 2 * 3600 })],
      ["no exp", tokenOf(main, externalId, rsa, { exp: undefined })],
      ["an expired token", tokenOf(main, externalId, rsa, { iat: now() - 1200, exp: now() - 600 })],
      ["a token not valid yet", tokenOf(main, externalId, rsa, { nbf: now() + 600 })],
      ["a tampered payload", (() => {
        const [head, , signature] = tokenOf(main, externalId, rsa).split(".");
        return `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: "auth0|admin" })).toString("base64url")}.${signature}`;
      })()],
      ["no subject", tokenOf(main, externalId, rsa, { sub: undefined })],
    ];
    const answers = await Promise.all(attacks.map(async ([name, token]) => [name, await statusOf(token)]));
    expect(answers).toEqual(attacks.map(([name]) => [name, 401]));
    expect(await statusOf(tokenOf(main, externalId, rsa))).toBe(200);
    // The ES256 header over the RSA kid may have looked for another key once; nothing else reached the provider.
    expect(main.requests - before).toBeLessThanOrEqual(1);
  });

  it("refetches a key set at most once per 30 s whatever the flood of forged kids (the default bound, on the service's clock)", async () => {
    expect(KEY_SET_COOLDOWN_MS).toBe(30_000);
    const externalId = `flood|${unique()}`;
    await provision(externalId);
    const forger = makeKey("RS256");
    const forged = () => tokenOf(flood, externalId, forger, {}, { kid: `forged-${unique()}` });
    const wave = async () => (await Promise.all(Array.from({ length: 40 }, () => statusOf(forged())))).every((status) => status === 401);

    clock.advance(KEY_SET_COOLDOWN_MS); // the start-up fetch is 30 s old: one refetch is due
    const start = flood.requests;
    expect(await wave()).toBe(true);
    expect(await wave()).toBe(true);
    expect(flood.requests - start).toBe(1);

    clock.advance(KEY_SET_COOLDOWN_MS - 1000);
    expect(await wave()).toBe(true);
    expect(flood.requests - start).toBe(1);

    clock.advance(1000);
    expect(await wave()).toBe(true);
    expect(flood.requests - start).toBe(2);
    // The real key still works throughout.
    expect(await statusOf(tokenOf(flood, externalId))).toBe(200);
  });

  it("follows a rotation without a restart: a new key works once published, a retired one stops once the set is refetched", async () => {
    const externalId = `rotate|${unique()}`;
    await provision(externalId);
    const [old] = rotating.keys;
    expect(await statusOf(tokenOf(rotating, externalId, old))).toBe(200);
    // The provider publishes the next key beside the current one, then signs with it.
    const next = makeKey("ES256");
    rotating.keys = [old!, next];
    clock.advance(KEY_SET_COOLDOWN_MS);
    const before = rotating.requests;
    expect(await statusOf(tokenOf(rotating, externalId, next))).toBe(200);
    expect(rotating.requests - before).toBe(1);
    expect(await statusOf(tokenOf(rotating, externalId, old))).toBe(200);
    // The old key is withdrawn: once the set has been refetched (another unknown kid, after the cooldown), it is refused.
    rotating.keys = [next];
    clock.advance(KEY_SET_COOLDOWN_MS);
    expect(await statusOf(tokenOf(rotating, externalId, makeKey("RS256")))).toBe(401);
    expect(await statusOf(tokenOf(rotating, externalId, old))).toBe(401);
    expect(await statusOf(tokenOf(rotating, externalId, next))).toBe(200);
  });

  it("honours Cache-Control max-age (refreshing in the background) and refreshes at least hourly", async () => {
    const externalId = `cache|${unique()}`;
    await provision(externalId);
    caching.cacheControl = "public, max-age=120";
    clock.advance(KEY_SET_COOLDOWN_MS);
    expect(await statusOf(tokenOf(caching, externalId, makeKey("RS256")))).toBe(401); // an unknown kid: fetched now, max-age 120
    const fetched = caching.requests;
    clock.advance(119_000);
    expect(await statusOf(tokenOf(caching, externalId))).toBe(200);
    expect(caching.requests).toBe(fetched);
    clock.advance(2000);
    expect(await statusOf(tokenOf(caching, externalId))).toBe(200); // answered with the cached keys, refreshed behind it
    await eventuallyEqual(() => caching.requests, fetched + 1);

    caching.cacheControl = "max-age=86400";
    clock.advance(121_000);
    expect(await statusOf(tokenOf(caching, externalId))).toBe(200);
    await eventuallyEqual(() => caching.requests, fetched + 2); // this response says a day
    clock.advance(3_600_000 - 1000);
    expect(await statusOf(tokenOf(caching, externalId))).toBe(200);
    expect(caching.requests).toBe(fetched + 2);
    clock.advance(1000);
    expect(await statusOf(tokenOf(caching, externalId))).toBe(200);
    await eventuallyEqual(() => caching.requests, fetched + 3); // but an hour is the longest
  });

  it("keeps the cached keys working while the provider is down, answers 401 for unknown keys (never a 5xx)", async () => {
    const externalId = `down|${unique()}`;
    await provision(externalId);
    clock.advance(3_600_000); // every key set is stale: the next use refreshes it
    main.takeDown();
    try {
      const before = main.requests;
      for (const key of main.keys) expect(await statusOf(tokenOf(main, externalId, key))).toBe(200);
      await eventuallyEqual(() => main.requests, before + 1); // the refresh was tried (and failed)
      expect(await statusOf(tokenOf(main, externalId, makeKey("RS256")))).toBe(401);
      expect(await statusOf(tokenOf(main, externalId))).toBe(200);
      expect(main.requests).toBe(before + 1);
      const gql = await graphqlText(service.baseUrl, `query($u: ID!) { customerDetails(uuid: $u) { employeeCount } }`, { u: customer }, tokenOf(main, externalId, makeKey("ES256")));
      expect(gql.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    } finally {
      main.bringUp();
    }
  });

  it("takes a revoked permission, a disabled user and a changed external id into account on the next request", async () => {
    const externalId = `revoke|${unique()}`;
    const user = await provision(externalId);
    const token = tokenOf(main, externalId);
    expect(await statusOf(token)).toBe(200);
    await revokePermission(service.db.prisma, user.id, Permissions.DetailsView);
    await notificationsDelivered(service);
    expect(await statusOf(token)).toBe(403);

    const other = await provision(`revoke-2|${unique()}`);
    const otherToken = tokenOf(main, other.external_id!);
    expect(await statusOf(otherToken)).toBe(200);
    // The admin command line moves the external id to someone else: the old holder's tokens name nobody.
    const moved = await runCli<{ external_id: string }>(["user:update", "--user", String(other.id), "--external-id", `moved|${unique()}`], {
      databaseUrl: service.config.database.url,
    });
    expect([moved.code, moved.stderr]).toEqual([0, ""]);
    await notificationsDelivered(service);
    expect(await statusOf(otherToken)).toBe(401);
    expect(await statusOf(tokenOf(main, moved.stdout!.external_id))).toBe(200);

    await disableUser(service.db.prisma, other.id);
    await notificationsDelivered(service);
    expect(await statusOf(tokenOf(main, moved.stdout!.external_id))).toBe(401);
  });

  it("provisions users with external ids from the admin command line", async () => {
    const externalId = `cli|${unique()}`;
    const created = await runCli<{ id: number; external_id: string }>(
      ["user:create", "--email", `${unique()}@cli.test`, "--external-id", externalId, "--permission", Permissions.DetailsView],
      { databaseUrl: service.config.database.url },
    );
    expect([created.code, created.stderr, created.stdout?.external_id]).toEqual([0, "", externalId]);
    await notificationsDelivered(service);
    expect(await statusOf(tokenOf(main, externalId))).toBe(200);

    const taken = await runCli(["user:create", "--email", `${unique()}@cli.test`, "--external-id", externalId], { databaseUrl: service.config.database.url });
    expect([taken.code, taken.stderr.trim()]).toEqual([1, `User ${created.stdout!.id} already has external id ${externalId}.`]);
    const cleared = await runCli<{ external_id: string | null }>(["user:update", "--user", String(created.stdout!.id), "--external-id", ""], {
      databaseUrl: service.config.database.url,
    });
    expect([cleared.code, cleared.stdout?.external_id]).toEqual([0, null]);
    await notificationsDelivered(service);
    expect(await statusOf(tokenOf(main, externalId))).toBe(401);
  });
});

describe.each(testDatabaseKinds())("an identity provider down at start-up (%s database)", (kind) => {
  it("starts anyway, answers 401 (never a 5xx) until the provider answers, and retries at most once per 30 s", async () => {
    const provider = await new JwksServer().start();
    provider.keys = [makeKey("EdDSA")];
    provider.takeDown();
    const clock = new MovableClock();
    const warnings: string[] = [];
    const logStream = {
      write: (line: string) => {
        const entry = JSON.parse(line) as { level: number; msg: string };
        if (entry.level === 40) warnings.push(entry.msg);
      },
    };
    const env = { ...providerEnv([provider]), JWT_ALGORITHMS: "EdDSA" };
    const service = await startService(kind, { env: { ...env, LOG_LEVEL: "warn" }, clock, logStream });
    try {
      expect(service.services.tokens.canSign).toBe(false);
      const externalId = `late|${unique()}`;
      await createUser(service.db.prisma, { email: `late@${kind}.test`, externalId, permissions: [Permissions.DetailsUpdate] });
      const { uuid } = await createCustomer(service.db.prisma, { name: "Late" });
      const status = async () =>
        (await http("PATCH", `${service.baseUrl}/api/v1/customers/${uuid}/details`, { employee_count: 3 }, { token: tokenOf(provider, externalId) })).status;
      const tokenOf = (server: JwksServer, subject: string) => server.token(subject, server.keys[0], { aud: AUDIENCE });

      await eventuallyEqual(() => provider.requests, 1); // the start-up fetch failed, and said so
      await eventuallyEqual(() => warnings.length, 1);
      expect(warnings).toEqual(["identity provider's key set unreachable; cached keys stay in use"]);
      expect(await Promise.all(Array.from({ length: 10 }, status))).toEqual(Array(10).fill(401));
      expect(warnings).toHaveLength(1);
      provider.bringUp();
      expect(await status()).toBe(401); // still within 30 s of the failed fetch: the provider is not asked
      expect(provider.requests).toBe(1);
      clock.advance(KEY_SET_COOLDOWN_MS);
      expect(await status()).toBe(200);
      expect(provider.requests).toBe(2);

      // HS256 is not allowed here: a token signed with JWT_SECRET is refused, and the admin command line issues none.
      const user = await service.db.prisma.user.findUniqueOrThrow({ where: { externalId } });
      const hmac = signHmacToken(TEST_JWT_SECRET, { sub: String(user.id), aud: AUDIENCE, exp: now() + 600 });
      expect((await http("PATCH", `${service.baseUrl}/api/v1/customers/${uuid}/details`, { employee_count: 4 }, { token: hmac })).status).toBe(401);
      const issued = await runCli(["token", "--user", String(user.id)], { databaseUrl: service.config.database.url, env });
      expect([issued.code, issued.stderr]).toEqual([1, expect.stringMatching(/^Tokens can only be issued here with an HMAC algorithm .*\n$/)]);
    } finally {
      await service.stop();
      await provider.stop();
    }
  });
});

const embeddedOnly = testDatabaseKinds().includes("embedded") ? describe : describe.skip;

embeddedOnly("development with only an identity provider's keys (npm start, the playground, the admin command line)", () => {
  it("starts, prints and embeds no demo token (it issues none), and serves provisioned users' provider tokens", async () => {
    const provider = await new JwksServer().start();
    provider.keys = [makeKey("PS256")];
    const directory = await mkdtemp(path.join(tmpdir(), "cd-idp-"));
    const env = { ...providerEnv([provider]), JWT_ALGORITHMS: "PS256", JWT_SECRET: "", DATABASE_URL: `file:${directory}` };
    let main: MainProcess | undefined;
    try {
      const started = await spawnMain({ ...env, NODE_ENV: "development" });
      main = started;
      await eventually(async () => (/^Playground: /m.test(started.stdout()) ? true : undefined), 120_000).catch((error: unknown) => {
        throw new Error(`no banner: ${started.stdout()}\n${started.stderr()}`, { cause: error });
      });
      expect(started.stdout()).toContain("Seeded demo data.");
      expect(started.stdout()).not.toMatch(/Demo tokens|Bearer/);
      expect(started.stdout()).toContain("Tokens come from your identity provider (JWT_JWKS_URL)");
      const page = await fetch(`${started.baseUrl}/graphql`, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("paste your token after");
      expect(html).not.toMatch(/Bearer [\w-]+\.[\w-]+\.[\w-]+/);

      // The admin command line provisions a user through the running service's socket.
      const externalId = `dev|${unique()}`;
      const created = await runCli<{ id: number }>(
        ["user:create", "--email", "idp-dev@test.local", "--external-id", externalId, "--permission", Permissions.DetailsUpdate],
        { databaseUrl: env.DATABASE_URL, env: { ...env, NODE_ENV: "development" } },
      );
      expect([created.code, created.stderr]).toEqual([0, ""]);
      const patched = await http("PATCH", `${started.baseUrl}/api/v1/customers/${DEMO_CUSTOMER_UUID}/details`, { employee_count: 7 }, {
        token: provider.token(externalId, provider.keys[0], { aud: AUDIENCE }),
      });
      expect([patched.status, patched.body.employee_count]).toEqual([200, 7]);
      expect(provider.requests).toBe(1);
    } finally {
      await main?.stop("SIGTERM");
      await provider.stop();
      await rm(directory, { recursive: true, force: true });
    }
  }, 240_000);
});

/** A customer whose details exist (written with a token of the service's own), to be read with providers' tokens. */
async function customerWithDetails(service: RunningService): Promise<string> {
  const { uuid } = await createCustomer(service.db.prisma, { name: `Provider ${service.kind}` });
  const writer = await createUser(service.db.prisma, { email: `writer-${unique()}@test.local`, permissions: [Permissions.DetailsUpdate] });
  const written = await http("PATCH", `${service.baseUrl}/api/v1/customers/${uuid}/details`, { employee_count: 12 }, { token: signHmacToken(TEST_JWT_SECRET, { sub: String(writer.id), aud: AUDIENCE, exp: now() + 600 }) });
  expect(written.status).toBe(200);
  return uuid;
}

/** Waits (up to 10 s) until `read()` equals `expected`; fails with the last value read. */
async function eventuallyEqual(read: () => number, expected: number): Promise<void> {
  await eventually(async () => (read() === expected ? true : undefined), 10_000, 20).catch(() => undefined);
  expect(read()).toBe(expected);
}

import { testDatabaseKinds } from "../support/databases";
import { eventually } from "../support/eventually";
import { graphqlText } from "../support/graphql";
import { http } from "../support/http";
import { RedisServer } from "../support/redis-server";
import { seedScenario, type Scenario } from "../support/scenario";
import { startInstance, startService, type RunningService, type ServiceInstance } from "../support/service";

/**
 * docs/behaviour.md section 14 with REDIS_URL: two instances spend one budget per user (one Redis command per counted
 * request), and when Redis goes away requests are still served from each instance's memory, /readyz stays 200, a log
 * line and the rate_limit_store_available metric say so, and sharing resumes when Redis is back. A private
 * redis-server on a free port, killed and restarted by the test.
 */

const USER_QUOTA = 6;

const remainingOf = (value: string | null): number => {
  const match = /^"user";r=(\d+);t=\d+$/.exec(value ?? "");
  if (!match) throw new Error(`Not a user RateLimit field: ${String(value)}`);
  return Number(match[1]);
};

describe.each(testDatabaseKinds())("budgets shared through Redis (%s database)", (kind) => {
  let redis: RedisServer;
  let service: RunningService;
  let other: ServiceInstance;
  let scenario: Scenario;
  const logs: { msg?: string; level?: number }[] = [];
  const logStream = { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) };

  const get = (base: string, token: string) => http("GET", `${base}/api/v1/customers/${scenario.customers.unowned}/details`, undefined, { token });
  const gauge = async (base: string) => /^rate_limit_store_available (\d)$/m.exec((await http("GET", `${base}/metrics`)).text)?.[1];
  const bothAvailable = () =>
    eventually(async () => ((await gauge(service.baseUrl)) === "1" && (await gauge(other.baseUrl)) === "1" ? true : undefined));

  beforeAll(async () => {
    redis = await RedisServer.start();
    service = await startService(kind, {
      env: { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: String(USER_QUOTA), LOG_LEVEL: "info" },
      logStream,
    });
    other = await startInstance(service.config, { logStream });
    scenario = await seedScenario(service);
    await bothAvailable();
  });
  afterAll(async () => {
    await other?.stop();
    await service?.stop();
    await redis?.kill();
  });

  it("spends one budget per user across instances, one Redis command per counted request", async () => {
    const token = scenario.tokens.manager;
    const admin = redis.client();
    try {
      // Each instance's first charge loads the Lua script into Redis (EVALSHA, then EVAL once); another user's.
      for (const base of [service.baseUrl, other.baseUrl]) expect((await get(base, scenario.tokens.viewer)).status).toBe(404);
      await admin.config("RESETSTAT");
      const remaining: number[] = [];
      for (const base of [service.baseUrl, service.baseUrl, service.baseUrl, other.baseUrl, other.baseUrl, other.baseUrl]) {
        const response = await get(base, token);
        expect(response.status).toBe(404); // no details yet: counted all the same
        remaining.push(remainingOf(response.headers.get("ratelimit")));
      }
      expect(remaining).toEqual([5, 4, 3, 2, 1, 0]);
      // What the instances sent: one EVALSHA per request (SET, INCRBY and PTTL run inside the script).
      const calls = Object.fromEntries(
        [...(await admin.info("commandstats")).matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)]
          .filter((match) => !/^(info|config)\b/.test(match[1] ?? "")) // the test's own
          .map((match) => [match[1], Number(match[2])]),
      );
      expect(calls).toEqual({ evalsha: 6, set: 6, incrby: 6, pttl: 6 });
    } finally {
      admin.disconnect();
    }

    const refusedRest = await get(service.baseUrl, token);
    expect(refusedRest.status).toBe(429);
    expect(refusedRest.headers.get("retry-after")).not.toBeNull();
    const refusedGraphQL = await graphqlText(other.baseUrl, `{ customerDetails(uuid: "${scenario.customers.unowned}") { industry } }`, {}, token);
    expect(refusedGraphQL.status).toBe(429);
    expect(refusedGraphQL.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
  });

  it("serves from memory while Redis is down (ready, logged, measured) and shares again when it is back", async () => {
    await redis.kill();
    await eventually(async () => ((await gauge(service.baseUrl)) === "0" && (await gauge(other.baseUrl)) === "0" ? true : undefined));
    expect(logs.some((line) => line.level === 40 && /Redis unreachable/.test(line.msg ?? ""))).toBe(true);

    // Each instance counts on its own now: the same user starts afresh on each.
    const token = scenario.tokens.sales;
    const onFirst = await get(service.baseUrl, token);
    const onSecond = await get(other.baseUrl, token);
    expect([onFirst.status, onSecond.status]).toEqual([403, 403]); // not this salesman's customer: counted all the same
    expect([remainingOf(onFirst.headers.get("ratelimit")), remainingOf(onSecond.headers.get("ratelimit"))]).toEqual([USER_QUOTA - 1, USER_QUOTA - 1]);
    const ready = await http<{ status: string }>("GET", `${service.baseUrl}/readyz`);
    expect([ready.status, ready.body.status]).toEqual([200, "ready"]);

    await redis.restart();
    await bothAvailable();
    expect(logs.some((line) => line.level === 30 && /Redis reachable/.test(line.msg ?? ""))).toBe(true);
    const shared = scenario.tokens.otherSales;
    const remaining: number[] = [];
    for (const base of [service.baseUrl, other.baseUrl, service.baseUrl, other.baseUrl, service.baseUrl, other.baseUrl]) {
      remaining.push(remainingOf((await get(base, shared)).headers.get("ratelimit")));
    }
    expect(remaining).toEqual([5, 4, 3, 2, 1, 0]);
    expect((await get(other.baseUrl, shared)).status).toBe(429);
  });
});

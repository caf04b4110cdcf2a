import fc from "fast-check";
import jwt from "jsonwebtoken";
import { testDatabaseKinds } from "../support/databases";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, TEST_JWT_SECRET, type RunningService } from "../support/service";
import { anyText, fingerprint, fuzzParameters, fuzzTimeout } from "./fuzz-support";

/**
 * Fuzzing the REST door (docs/behaviour.md sections 2, 3 and 9) with fast-check: bodies, headers and tokens. Invariants for
 * every case: never a 5xx; every error response is JSON with a string `message`; a refused request changes nothing
 * (customer_details and its history); and a request is only ever accepted with a token that is valid by the rules.
 */

const FIELDS = ["annual_revenue", "annual_revenue_currency", "employee_count", "industry", "website", "address", "is_active"] as const;
const READ_ONLY = ["id", "customer_id", "annual_revenue_converted", "annual_revenue_currency_converted", "created_at", "updated_at"] as const;

/** A JSON value of any shape, and the values a legacy caller or an attacker would put in a field. */
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((n) => ({ raw: n.toString() })),
  fc.constantFrom("2000000", "1e3", "-0", "0x10", " 42 ", "1", "0", "true", "false", "USD", "usd", "XYZ", "", "example.com:8080", "javascript:alert(1)"),
  anyText(300),
);

/** A body: mostly an object of known fields, read-only and unknown keys; sometimes any JSON at all. */
const body = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS, ...READ_ONLY, "__proto__", "constructor", "extra"), fieldValue, { maxKeys: 9 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** JSON text with big integers written as raw digits (lossless numbers). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (item !== null && typeof item === "object" && "raw" in item ? `@@${String((item as { raw: unknown }).raw)}@@` : item)).replace(
    /"@@(-?\d+)@@"/g,
    "$1",
  );
}

/** The bytes actually sent: the JSON, sometimes damaged (truncated, a byte changed, invalid UTF-8 inserted). */
const payload = fc.tuple(body, fc.nat(), fc.constantFrom("as-is", "as-is", "as-is", "truncate", "flip", "invalid-utf8", "empty")).map(([value, at, how]) => {
  const bytes = Buffer.from(toJson(value) ?? "null", "utf8");
  const index = bytes.length === 0 ? 0 : at % bytes.length;
  switch (how) {
    case "truncate":
      return bytes.subarray(0, index);
    case "flip":
      return Buffer.concat([bytes.subarray(0, index), Buffer.from([(bytes[index] ?? 0) ^ 0x5a]), bytes.subarray(index + 1)]);
    case "invalid-utf8":
      return Buffer.concat([bytes.subarray(0, index), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(index)]);
    case "empty":
      return Buffer.alloc(0);
    default:
      return bytes;
  }
});

const contentType = fc.constantFrom(
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=latin1",
  "application/vnd.api+json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "",
);

interface Answer {
  status: number;
  text: string;
}

async function send(url: string, method: string, headers: Record<string, string>, bytes?: Uint8Array): Promise<Answer> {
  const response = await fetch(url, { method, headers, body: bytes && method !== "GET" ? bytes : undefined });
  return { status: response.status, text: await response.text() };
}

/** The invariants every answer meets. */
function expectWellFormed(answer: Answer): void {
  expect(answer.status).toBeLessThan(500);
  if (answer.status >= 400) {
    const parsed = JSON.parse(answer.text) as { message?: unknown };
    expect(typeof parsed.message).toBe("string");
    expect(String(parsed.message).length).toBeGreaterThan(0);
  }
}

describe.each(testDatabaseKinds())("REST fuzzing (%s database)", (kind) => {
  let service: RunningService;
  let seeded: Scenario;
  let url: (uuid: string) => string;
  /** The database's fingerprint after the previous case. */
  let state: string;
  /** Checks that a refused (or read-only) request changed nothing, and moves `state` on after an accepted one. */
  const expectUnchangedUnless = async (changeAllowed: boolean) => {
    const now = await fingerprint(service);
    if (!changeAllowed) expect(now).toBe(state);
    state = now;
  };

  beforeAll(async () => {
    service = await startService(kind);
    seeded = await seedScenario(service);
    // Any text in the path, percent-encoded byte by byte (lone surrogates as U+FFFD, as a client would send them).
    url = (uuid) => `${service.baseUrl}/api/v1/customers/${[...Buffer.from(uuid, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("")}/details`;
    state = await fingerprint(service);
  });
  afterAll(() => service?.stop());

  const BODY_RUNS = 250;
  it(
    "bodies: no 5xx, JSON errors with a message, refused requests change nothing",
    async () => {
      const target = fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(seeded.customers.unowned, seeded.customers.salesOwned) },
        { weight: 1, arbitrary: fc.oneof(fc.uuid(), anyText(40)) },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom("PUT", "PATCH", "PATCH", "POST", "GET"), target, payload, contentType, async (method, uuid, bytes, type) => {
          const headers: Record<string, string> = { authorization: `Bearer ${seeded.tokens.manager}` };
          if (type) headers["content-type"] = type;
          const answer = await send(url(uuid), method, headers, bytes);
          expectWellFormed(answer);
          await expectUnchangedUnless(answer.status === 200 && method !== "GET");
        }),
        fuzzParameters(BODY_RUNS),
      );
    },
    fuzzTimeout(BODY_RUNS),
  );

  const HEADER_RUNS = 150;
  it(
    "headers: any Authorization, If-Match, Content-Type or request id; refused requests change nothing",
    async () => {
      const authorization = fc.oneof(
        fc.constant(`Bearer ${seeded.tokens.manager}`),
        fc.constant(`bearer   ${seeded.tokens.manager}  `),
        fc.constant(`Bearer ${seeded.tokens.manager}, Bearer ${seeded.tokens.viewer}`),
        fc.constant(`Basic ${Buffer.from("admin:admin").toString("base64")}`),
        anyText(80).map((text) => `Bearer ${text}`),
        fc.nat().map((at) => {
          const token = seeded.tokens.manager;
          const index = at % token.length;
          return `Bearer ${token.slice(0, index)}${token[index] === "A" ? "B" : "A"}${token.slice(index + 1)}`;
        }),
        fc.string({ unit: "grapheme-ascii", maxLength: 200 }),
      );
      const ifMatch = fc.option(fc.oneof(fc.constantFrom("*", '"v1"', 'W/"v1"', '"v999999999"', '"v1", "v2"', ""), fc.string({ unit: "grapheme-ascii", maxLength: 30 })), { nil: undefined });
      const requestId = fc.option(fc.string({ unit: "grapheme-ascii", maxLength: 200 }), { nil: undefined });
      await fc.assert(
        fc.asyncProperty(authorization, ifMatch, requestId, contentType, fc.constantFrom("PUT", "PATCH", "GET"), async (auth, match, id, type, method) => {
          const headers: Record<string, string> = {};
          // Header values the fetch client itself refuses (control characters, non-Latin-1) cannot be sent at all.
          const set = (name: string, value: string | undefined) => {
            if (value !== undefined && /^[\t\x20-\x7e\x80-\xff]*$/.test(value)) headers[name] = value.trim();
          };
          set("authorization", auth);
          set("if-match", match);
          set("x-request-id", id);
          set("content-type", type);
          const answer = await send(url(seeded.customers.unowned), method, headers, Buffer.from(`{"employee_count": ${match?.length ?? 0}}`));
          expectWellFormed(answer);
          const valid = headers.authorization !== undefined && /^bearer\s+/i.test(headers.authorization) && headers.authorization.trim().split(/\s+/)[1] === seeded.tokens.manager;
          if (!valid) expect(answer.status).not.toBe(200);
          await expectUnchangedUnless(answer.status === 200 && method !== "GET");
        }),
        fuzzParameters(HEADER_RUNS),
      );
    },
    fuzzTimeout(HEADER_RUNS),
  );

  const TOKEN_RUNS = 150;
  it(
    "tokens: only a token valid by the rules (HS256, the secret, exp, lifetime ≤ 24 h, no crit, an active user) is accepted",
    async () => {
      const now = () => Math.floor(Date.now() / 1000);
      const claims = fc.record(
        {
          sub: fc.oneof(fc.constant(String(seeded.users.manager)), fc.constant(String(seeded.users.disabled)), fc.constant("999999"), fc.constant(` ${seeded.users.manager}`), anyText(12)),
          expIn: fc.oneof(fc.integer({ min: -7200, max: 7200 }), fc.integer({ min: 86_000, max: 90_000 }), fc.integer({ min: 0, max: 400_000_000 })),
          iatShift: fc.option(fc.integer({ min: -200_000, max: 200_000 }), { nil: undefined }),
          nbfShift: fc.option(fc.integer({ min: -600, max: 600 }), { nil: undefined }),
          crit: fc.boolean(),
          algorithm: fc.constantFrom("HS256", "HS256", "HS256", "HS384", "HS512"),
          wrongSecret: fc.boolean(),
          noExp: fc.boolean(),
        },
        { requiredKeys: ["sub", "expIn", "crit", "algorithm", "wrongSecret", "noExp"] },
      );
      await fc.assert(
        fc.asyncProperty(claims, async (c) => {
          const issuedAt = now();
          const payload: Record<string, unknown> = { sub: c.sub };
          if (!c.noExp) payload.exp = issuedAt + c.expIn;
          if (c.iatShift !== undefined) payload.iat = issuedAt + c.iatShift;
          if (c.nbfShift !== undefined) payload.nbf = issuedAt + c.nbfShift;
          const header = { alg: c.algorithm, typ: "JWT", ...(c.crit ? { crit: ["exp"] } : {}) };
          const token = jwt.sign(payload, c.wrongSecret ? `${TEST_JWT_SECRET}-not` : TEST_JWT_SECRET, {
            algorithm: c.algorithm as jwt.Algorithm,
            header: header as jwt.JwtHeader,
            noTimestamp: c.iatShift === undefined,
          });
          const answer = await send(url(seeded.customers.unowned), "PATCH", { authorization: `Bearer ${token}`, "content-type": "application/json" }, Buffer.from(`{"employee_count": ${(issuedAt % 1000) + 1}}`));
          expectWellFormed(answer);
          const exp = payload.exp as number | undefined;
          const iat = payload.iat as number | undefined;
          const nbf = payload.nbf as number | undefined;
          const lifetimeOk = exp !== undefined && (iat === undefined || exp - iat <= 86_400) && exp - issuedAt <= 86_400 + 30;
          const timeOk = exp !== undefined && exp > issuedAt - 30 && (nbf === undefined || nbf <= issuedAt + 30);
          const acceptable = c.algorithm === "HS256" && !c.wrongSecret && !c.crit && c.sub === String(seeded.users.manager) && lifetimeOk && timeOk;
          if (answer.status === 200) expect(acceptable).toBe(true);
          // Clear-cut refusals (far from any clock boundary) must be 401.
          const clearlyInvalid = c.algorithm !== "HS256" || c.wrongSecret || c.crit || c.noExp || c.sub !== String(seeded.users.manager);
          if (clearlyInvalid) expect(answer.status).toBe(401);
          await expectUnchangedUnless(answer.status === 200);
        }),
        fuzzParameters(TOKEN_RUNS),
      );
    },
    fuzzTimeout(TOKEN_RUNS),
  );
});

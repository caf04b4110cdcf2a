import { generateKeyPairSync } from "node:crypto";
import jwt from "jsonwebtoken";
import { bearerToken, TokenService } from "../../src/auth/token-service";
import { loadConfig } from "../../src/config";

const SECRET = "unit-test-secret-that-is-long-enough-for-hs256";
const hmacConfig = loadConfig({ NODE_ENV: "test", JWT_SECRET: SECRET }).jwt;
const now = () => Math.floor(Date.now() / 1000);

/** The user id a token of the service's own names, or null. */
async function userOf(service: TokenService, token: string): Promise<number | null> {
  const subject = await service.verify(token);
  if (subject?.kind === "external") throw new Error(`an HMAC token named an external id: ${subject.externalId}`);
  return subject?.userId ?? null;
}

describe("TokenService", () => {
  const tokens = new TokenService(hmacConfig);

  it("round-trips a token it issued", async () => {
    expect(await userOf(tokens, tokens.sign(42, "5m"))).toBe(42);
  });

  it.each([
    ["no exp", () => jwt.sign({ sub: "1" }, SECRET, { algorithm: "HS256" })],
    ["expired beyond the 30 s tolerance", () => jwt.sign({ sub: "1", exp: now() - 60 }, SECRET)],
    ["not valid before a future nbf", () => jwt.sign({ sub: "1", exp: now() + 600, nbf: now() + 120 }, SECRET)],
    ["another secret", () => jwt.sign({ sub: "1", exp: now() + 600 }, "another-secret-another-secret-another")],
    ["alg none", () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(`{"sub":"1","exp":${now() + 600}}`).toString("base64url")}.`],
    ["HS512 outside the allow-list", () => jwt.sign({ sub: "1", exp: now() + 600 }, SECRET, { algorithm: "HS512" })],
    ["a sub that is not a user id", () => jwt.sign({ sub: "abc", exp: now() + 600 }, SECRET)],
    ["no sub", () => jwt.sign({ exp: now() + 600 }, SECRET)],
    ["garbage", () => "not.a.token"],
  ])("refuses a token with %s", async (_name, make) => {
    expect(await userOf(tokens, make())).toBeNull();
  });

  it("accepts a token expired within the 30 s clock tolerance", async () => {
    expect(await userOf(tokens, jwt.sign({ sub: "7", exp: now() - 10 }, SECRET))).toBe(7);
  });

  it("checks issuer and audience when configured", async () => {
    const strict = new TokenService(loadConfig({ NODE_ENV: "test", JWT_SECRET: SECRET, JWT_ISSUER: "crm", JWT_AUDIENCE: "details" }).jwt);
    expect(await userOf(strict, strict.sign(3))).toBe(3);
    expect(await userOf(strict, tokens.sign(3))).toBeNull();
  });

  it("verifies RS256 tokens with a configured public key and never accepts an HMAC token signed with it", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const rsa = new TokenService(loadConfig({ NODE_ENV: "test", JWT_ALGORITHMS: "RS256", JWT_PUBLIC_KEY: pem }).jwt);
    expect(await userOf(rsa, jwt.sign({ sub: "9", exp: now() + 600 }, privateKey, { algorithm: "RS256" }))).toBe(9);
    expect(await userOf(rsa, jwt.sign({ sub: "9", exp: now() + 600 }, pem, { algorithm: "HS256", allowInsecureKeySizes: true } as jwt.SignOptions))).toBeNull();
    expect(() => rsa.sign(9)).toThrow(/HMAC/);
  });
});

describe("TokenService: crit headers and JWT_MAX_AGE (docs/behaviour.md section 9)", () => {
  const tokens = new TokenService(hmacConfig);
  const DAY = 86_400;

  it("defaults JWT_MAX_AGE to 24 h and reads durations", () => {
    expect(hmacConfig.maxAgeSeconds).toBe(DAY);
    for (const [text, seconds] of [["3600", 3600], ["90m", 5400], ["2h", 7200], ["7d", 604_800], ["45 s", 45]] as const) {
      expect(loadConfig({ JWT_SECRET: SECRET, JWT_MAX_AGE: text }).jwt.maxAgeSeconds).toBe(seconds);
    }
    for (const text of ["0", "-1", "1w", "soon", "1.5h"]) {
      expect(() => loadConfig({ JWT_SECRET: SECRET, JWT_MAX_AGE: text })).toThrow(/JWT_MAX_AGE must be a duration/);
    }
  });

  it("refuses a token whose header carries crit, even when every other check passes", async () => {
    const token = jwt.sign({ sub: "1", exp: now() + 600 }, SECRET, { header: { alg: "HS256", crit: ["x"], x: 1 } as unknown as jwt.JwtHeader });
    expect(await userOf(tokens, token)).toBeNull();
    expect(await userOf(tokens, jwt.sign({ sub: "1", exp: now() + 600 }, SECRET, { header: { alg: "HS256", crit: [] } as unknown as jwt.JwtHeader }))).toBeNull();
    expect(await userOf(tokens, jwt.sign({ sub: "1", exp: now() + 600 }, SECRET))).toBe(1);
  });

  it.each([
    ["exp − iat beyond 24 h (ten years)", () => jwt.sign({ sub: "1", iat: now(), exp: now() + 10 * 365 * DAY }, SECRET)],
    ["exp − iat one second beyond 24 h", () => jwt.sign({ sub: "1", iat: now() - 10, exp: now() - 10 + DAY + 1 }, SECRET)],
    ["no iat and exp − now beyond 24 h (+30 s)", () => jwt.sign({ sub: "1", exp: now() + DAY + 60 }, SECRET, { noTimestamp: true })],
    ["a future iat that hides a long life", () => jwt.sign({ sub: "1", iat: now() + 5 * DAY, exp: now() + 5 * DAY + 3600 }, SECRET)],
  ])("refuses a token with %s", async (_name, make) => {
    expect(await userOf(tokens, make())).toBeNull();
  });

  it("accepts a lifetime of exactly JWT_MAX_AGE, with or without iat", async () => {
    expect(await userOf(tokens, jwt.sign({ sub: "2", iat: now(), exp: now() + DAY }, SECRET))).toBe(2);
    expect(await userOf(tokens, jwt.sign({ sub: "2", exp: now() + DAY }, SECRET, { noTimestamp: true }))).toBe(2);
    expect(await userOf(tokens, tokens.sign(2, "24h"))).toBe(2);
  });

  it("refuses to issue a token that would live longer than JWT_MAX_AGE", async () => {
    expect(() => tokens.sign(1, "25h")).toThrow(/--expires-in 25h is longer than JWT_MAX_AGE \(86400 s\)/);
    expect(() => tokens.sign(1, "2 days")).toThrow(/JWT_MAX_AGE/);
    expect(() => tokens.sign(1, DAY + 1)).toThrow(/JWT_MAX_AGE/);
    const short = new TokenService(loadConfig({ JWT_SECRET: SECRET, JWT_MAX_AGE: "10m" }).jwt);
    expect(() => short.sign(1, "1h")).toThrow(/JWT_MAX_AGE \(600 s\)/);
    expect(await userOf(short, short.sign(1, "10m"))).toBe(1);
    expect(await userOf(short, tokens.sign(1, "1h"))).toBeNull();
  });
});

describe("bearerToken", () => {
  it("reads the token of a Bearer header only", () => {
    expect(bearerToken("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
  });
});

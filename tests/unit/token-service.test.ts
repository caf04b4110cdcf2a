import { generateKeyPairSync } from "node:crypto";
import jwt from "jsonwebtoken";
import { bearerToken, TokenService } from "../../src/auth/token-service";
import { loadConfig } from "../../src/config";

const SECRET = "unit-test-secret-that-is-long-enough-for-hs256";
const hmacConfig = loadConfig({ NODE_ENV: "test", JWT_SECRET: SECRET }).jwt;
const now = () => Math.floor(Date.now() / 1000);

describe("TokenService", () => {
  const tokens = new TokenService(hmacConfig);

  it("round-trips a token it issued", () => {
    expect(tokens.verify(tokens.sign(42, "5m"))).toBe(42);
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
  ])("refuses a token with %s", (_name, make) => {
    expect(tokens.verify(make())).toBeNull();
  });

  it("accepts a token expired within the 30 s clock tolerance", () => {
    expect(tokens.verify(jwt.sign({ sub: "7", exp: now() - 10 }, SECRET))).toBe(7);
  });

  it("checks issuer and audience when configured", () => {
    const strict = new TokenService(loadConfig({ NODE_ENV: "test", JWT_SECRET: SECRET, JWT_ISSUER: "crm", JWT_AUDIENCE: "details" }).jwt);
    expect(strict.verify(strict.sign(3))).toBe(3);
    expect(strict.verify(tokens.sign(3))).toBeNull();
  });

  it("verifies RS256 tokens with a configured public key and never accepts an HMAC token signed with it", () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const rsa = new TokenService(loadConfig({ NODE_ENV: "test", JWT_ALGORITHMS: "RS256", JWT_PUBLIC_KEY: pem }).jwt);
    expect(rsa.verify(jwt.sign({ sub: "9", exp: now() + 600 }, privateKey, { algorithm: "RS256" }))).toBe(9);
    expect(rsa.verify(jwt.sign({ sub: "9", exp: now() + 600 }, pem, { algorithm: "HS256", allowInsecureKeySizes: true } as jwt.SignOptions))).toBeNull();
    expect(() => rsa.sign(9)).toThrow(/HMAC/);
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

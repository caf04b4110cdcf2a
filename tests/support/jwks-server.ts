import { constants, createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The public-key algorithms an identity provider signs with, as the service accepts them. */
export type ProviderAlgorithm = "RS256" | "PS256" | "ES256" | "EdDSA";

/** A signing key of the provider: its private half signs tokens, its public half is published as a JWK. */
export interface ProviderKey {
  kid: string;
  alg: ProviderAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A new key pair made with node:crypto (RSA 2048, P-256, Ed25519). */
export function makeKey(alg: ProviderAlgorithm, kid = `${alg.toLowerCase()}-${randomBytes(4).toString("hex")}`): ProviderKey {
  const pair =
    alg === "ES256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : alg === "EdDSA"
        ? generateKeyPairSync("ed25519")
        : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, alg, ...pair };
}

/** The JWK a provider publishes for a key. */
export function publicJwk(key: ProviderKey): Record<string, unknown> {
  return { ...key.publicKey.export({ format: "jwk" }), kid: key.kid, alg: key.alg, use: "sig" };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * A compact JWT signed as a provider signs it, with node:crypto only (not with the library the service verifies with),
 * so that headers can be anything a forger would write: `header` adds to or overrides { alg, kid, typ }.
 */
export function signToken(key: ProviderKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const head = { alg: key.alg, kid: key.kid, typ: "JWT", ...header };
  const input = `${b64(head)}.${b64(claims)}`;
  const data = Buffer.from(input);
  const signature =
    key.alg === "RS256"
      ? sign("sha256", data, key.privateKey)
      : key.alg === "PS256"
        ? sign("sha256", data, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
        : key.alg === "ES256"
          ? sign("sha256", data, { key: key.privateKey, dsaEncoding: "ieee-p1363" })
          : sign(null, data, key.privateKey);
  return `${input}.${signature.toString("base64url")}`;
}

/** An HS256 token whose HMAC secret is `secret` (the confusion attack uses the provider's public key as the secret). */
export function signHmacToken(secret: string | Buffer, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: "HS256", typ: "JWT", ...header })}.${b64(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** An unsigned token (`alg: none`). */
export function unsignedToken(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  return `${b64({ alg: "none", typ: "JWT", ...header })}.${b64(claims)}.`;
}

/**
 * An identity provider's JSON Web Key Set endpoint on 127.0.0.1 (node:http): publishes the keys it is given, with the
 * Cache-Control it is given, counts every request, and can be taken down (connections reset) and brought back up on
 * the same port. `issuer` is what its tokens carry in `iss`.
 */
export class JwksServer {
  /** The keys published right now (a rotation replaces or extends them). */
  keys: ProviderKey[] = [];
  cacheControl: string | null = "public, max-age=300";
  /** Requests for the key set (while down too: each one is a connection the service made). */
  requests = 0;
  private down = false;
  private server: Server | null = null;
  port = 0;

  constructor(readonly issuer = `https://idp-${randomBytes(3).toString("hex")}.test.local/`) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/.well-known/jwks.json`;
  }

  async start(): Promise<this> {
    const server = createServer((request, response) => {
      this.requests += 1;
      if (this.down) {
        request.socket.destroy();
        return;
      }
      if (request.url !== "/.well-known/jwks.json") {
        response.writeHead(404).end();
        return;
      }
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (this.cacheControl !== null) headers["cache-control"] = this.cacheControl;
      response.writeHead(200, headers).end(JSON.stringify({ keys: this.keys.map(publicJwk) }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** The provider unreachable: every connection is reset. */
  takeDown(): void {
    this.down = true;
    this.server?.closeAllConnections();
  }

  bringUp(): void {
    this.down = false;
  }

  /** A token of this provider for `subject`, signed with `key` (default: the first published key), valid 10 minutes. */
  token(subject: string, key: ProviderKey | undefined = this.keys[0], claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
    if (!key) throw new Error("the provider has no key");
    const now = Math.floor(Date.now() / 1000);
    return signToken(key, { iss: this.issuer, sub: subject, iat: now, exp: now + 600, ...claims }, header);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

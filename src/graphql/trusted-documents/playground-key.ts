import { randomBytes, timingSafeEqual } from "node:crypto";

/** The header (HTTP) and connection_init field (WebSocket) the development playground sends its key in. */
export const PLAYGROUND_KEY_HEADER = "x-playground-key";
export const PLAYGROUND_KEY_PARAM = "playgroundKey";

/**
 * How the development playground's free text gets past trusted documents: its page carries a random key made at
 * start-up, which it sends with every operation. Development only (the page also carries the demo administrator's
 * token there): anyone who can open the page can use the key, so it is never made outside development.
 */
export class PlaygroundKey {
  readonly value = randomBytes(24).toString("base64url");
  private readonly bytes = Buffer.from(this.value);

  matches(sent: unknown): boolean {
    if (typeof sent !== "string") return false;
    const given = Buffer.from(sent);
    return given.length === this.bytes.length && timingSafeEqual(given, this.bytes);
  }
}

import { newWebhookSecret, secretKey, signedHeaders, webhookSignature } from "../../src/webhooks/webhook-signature";

describe("Standard Webhooks signatures", () => {
  it("matches the specification's published example", () => {
    // From the Standard Webhooks reference libraries' tests.
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    expect(webhookSignature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });

  it("signs id, timestamp and body: changing any of them changes the signature", () => {
    const secret = newWebhookSecret();
    const base = webhookSignature(secret, "evt_1", 1700000000, "{}");
    expect(webhookSignature(secret, "evt_2", 1700000000, "{}")).not.toBe(base);
    expect(webhookSignature(secret, "evt_1", 1700000001, "{}")).not.toBe(base);
    expect(webhookSignature(secret, "evt_1", 1700000000, "{ }")).not.toBe(base);
    expect(webhookSignature(newWebhookSecret(), "evt_1", 1700000000, "{}")).not.toBe(base);
    expect(signedHeaders(secret, "evt_1", 1700000000, "{}")).toEqual({
      "webhook-id": "evt_1",
      "webhook-timestamp": "1700000000",
      "webhook-signature": base,
    });
  });

  it("makes whsec_ secrets of 24 random bytes", () => {
    const secrets = new Set(Array.from({ length: 50 }, () => newWebhookSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      expect(secretKey(secret)).toHaveLength(24);
    }
  });
});

import { createCustomer } from "../../src/admin/customers";
import { createScratchDatabase, testDatabaseKinds, type ScratchDatabase } from "../support/databases";
import { describeRun, runCli } from "../support/cli";
import { eventually } from "../support/eventually";
import { http } from "../support/http";
import { seedScenario, type Scenario } from "../support/scenario";
import { startInstance, testConfig, type ServiceInstance } from "../support/service";
import { verify, WebhookReceiver } from "../support/webhook-receiver";
import { OutboxStore } from "../../src/webhooks/outbox.store";

/** Fast retries for the tests; the defaults (5 s first retry, 24 h give-up) are the contract's. */
const FAST = {
  WEBHOOK_RETRY_BASE_MS: "100",
  WEBHOOK_RETRY_MAX_MS: "400",
  WEBHOOK_POLL_MS: "300",
  WEBHOOK_LEASE_MS: "6000",
  WEBHOOK_TIMEOUT_MS: "5000",
};

interface Created {
  id: number;
  url: string;
  fields: string[];
  secret: string;
}

describe.each(testDatabaseKinds())("webhooks from the transactional outbox (%s database)", (kind) => {
  let scratch: ScratchDatabase;
  let service: ServiceInstance;
  let scenario: Scenario;
  let secrets: Record<number, string> = {};
  const receivers: WebhookReceiver[] = [];
  const admin = (args: string[]) => runCli<unknown>(args, { databaseUrl: scratch.url });
  const detailsUrl = (uuid: string, base = service.baseUrl) => `${base}/api/v1/customers/${uuid}/details`;
  const patch = async (uuid: string, body: Record<string, unknown>, base = service.baseUrl) => {
    const response = await http("PATCH", detailsUrl(uuid, base), body, { token: scenario.tokens.manager });
    expect(response.status).toBe(200);
  };
  const newReceiver = async () => {
    const receiver: WebhookReceiver = new WebhookReceiver(() => secrets[webhookOf.get(receiver) ?? -1] ?? "");
    await receiver.start();
    receivers.push(receiver);
    return receiver;
  };
  const webhookOf = new Map<WebhookReceiver, number>();
  const register = async (receiver: WebhookReceiver, fields: string[] = []) => {
    const created = await service.services.webhooks.create({ url: receiver.url, fields });
    secrets = { ...secrets, [created.id]: created.secret };
    webhookOf.set(receiver, created.id);
    return created;
  };
  const deliveriesOf = (webhookId: number) => service.services.webhooks.deliveries(webhookId);
  const changeIds = async (customerId: number) =>
    (await service.db.prisma.customerDetailsChange.findMany({ where: { customerId }, orderBy: { id: "asc" } })).map((row) => `evt_${row.id}`);

  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
    service = await startInstance(testConfig(scratch.url, FAST), { migrate: true });
    scenario = await seedScenario(service);
  });
  afterAll(async () => {
    for (const receiver of receivers) await receiver.stop();
    await service?.stop();
    await scratch?.drop();
  });

  it("creates, lists and deletes webhooks from the admin command line, validating URLs and fields", async () => {
    const bad = [
      [["webhook:create", "--url", "ftp://example.com/hook"], /http or https/],
      [["webhook:create", "--url", "not a url"], /absolute http\(s\) URL/],
      [["webhook:create", "--url", "https://example.com/hook", "--field", "salary"], /Unknown --field salary/],
      [["webhook:create"], /--url is required/],
      [["webhook:delete", "--id", "999999"], /No webhook with id 999999/],
    ] as const;
    for (const [args, message] of bad) {
      const result = await admin([...args]);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(message) });
    }
    const args = ["webhook:create", "--url", "https://example.com/hook", "--field", "industry", "--field", "website"];
    const created = await admin(args);
    expect(created.code).toBe(0);
    const webhook = created.stdout as Created;
    expect(webhook).toEqual({ id: expect.any(Number), url: "https://example.com/hook", fields: ["industry", "website"], secret: expect.any(String) });
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(webhook.secret.slice(6), "base64")).toHaveLength(24);

    const listed = await admin(["webhook:list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toEqual([
      { id: webhook.id, url: "https://example.com/hook", fields: ["industry", "website"], created_at: expect.any(String), deliveries: { pending: 0, delivered: 0, failed: 0 } },
    ]);
    expect(listed.stdoutText).not.toContain(webhook.secret);
    const deleted = await admin(["webhook:delete", "--id", String(webhook.id)]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toEqual({ deleted: webhook.id });
    expect((await admin(["webhook:list"])).stdout).toEqual([]);
  }, 300_000);

  it("delivers each change signed, retried after failures, in commit order per customer, only for subscribed fields", async () => {
    const all = await newReceiver();
    const industryOnly = await newReceiver();
    const everything = await register(all);
    await register(industryOnly, ["industry"]);
    // The receiver fails the first three requests it gets.
    all.answer = ({ index }) => (index < 3 ? 500 : 204);

    const first = await createCustomer(service.db.prisma, { name: "Hooked One" });
    const second = await createCustomer(service.db.prisma, { name: "Hooked Two" });
    await patch(first.uuid, { annual_revenue: "1999999.9999", annual_revenue_currency: "USD", employee_count: 1 });
    await patch(second.uuid, { industry: "Retail" });
    await patch(first.uuid, { industry: "Tech" });
    await patch(first.uuid, { employee_count: 2 });
    await patch(second.uuid, { employee_count: 9 });
    const firstIds = await changeIds(first.id);
    const secondIds = await changeIds(second.id);

    await eventually(async () => (all.idsInOrder().length === 5 && all.received.filter((m) => (m.answered ?? 0) < 300).length === 5 ? true : undefined));
    await eventually(async () => (industryOnly.idsInOrder().length === 2 ? true : undefined));
    expect(all.badSignatures).toEqual([]);
    expect(industryOnly.badSignatures).toEqual([]);
    expect(all.received.filter((message) => message.answered === 500)).toHaveLength(3);

    // Per customer: never a later event before an earlier one was delivered.
    const ofCustomer = (uuid: string) => (message: { json: Record<string, unknown> }) => message.json.customer_uuid === uuid;
    expect(all.idsInOrder(ofCustomer(first.uuid))).toEqual(firstIds);
    expect(all.idsInOrder(ofCustomer(second.uuid))).toEqual(secondIds);
    for (const uuid of [first.uuid, second.uuid]) {
      const stream = all.received.filter(ofCustomer(uuid));
      for (let i = 1; i < stream.length; i += 1) {
        const previous = stream[i - 1];
        if (stream[i]?.id !== previous?.id) expect(previous?.answered).toBe(204);
      }
    }
    // Only the changes that touch industry reach the industry-only webhook.
    expect(industryOnly.idsInOrder()).toEqual([secondIds[0], firstIds[1]]);

    const createdEvent = all.received.find((message) => message.id === firstIds[0] && message.answered === 204);
    expect(createdEvent?.json).toEqual({
      id: firstIds[0],
      type: "customer.details.changed",
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      customer_uuid: first.uuid,
      changes: {
        annual_revenue: { old: null, new: "1999999.9999" },
        annual_revenue_currency: { old: null, new: "USD" },
        employee_count: { old: null, new: 1 },
      },
      details: {
        id: expect.any(Number),
        customer_id: first.id,
        annual_revenue: 1999999.9999,
        annual_revenue_currency: "USD",
        employee_count: 1,
        industry: null,
        website: null,
        address: null,
        is_active: true,
        created_at: expect.stringMatching(/Z$/),
        updated_at: expect.stringMatching(/Z$/),
      },
    });
    // Money in the body is the exact stored decimal, as written (not re-serialised through a float).
    expect(createdEvent?.body).toMatch(/"annual_revenue"\s*:\s*1999999\.9999[,}\s]/);
    // The signature covers id, timestamp and body: any change to one fails verification.
    const signed = createdEvent as NonNullable<typeof createdEvent>;
    expect(verify(everything.secret, signed.id, signed.timestamp, signed.body, signed.signature)).toBe(true);
    expect(verify(everything.secret, signed.id, signed.timestamp, signed.body.replace("USD", "EUR"), signed.signature)).toBe(false);
    expect(verify(everything.secret, signed.id, String(Number(signed.timestamp) + 1), signed.body, signed.signature)).toBe(false);

    // webhook:deliveries shows every attempt and its outcome.
    const report = await admin(["webhook:deliveries", "--id", String(everything.id)]);
    expect(report.code).toBe(0);
    const deliveries = report.stdout as { event_id: string; status: string; attempts: { status_code: number | null; ok: boolean; duration_ms: number }[] }[];
    expect(deliveries.map((delivery) => delivery.status)).toEqual(["delivered", "delivered", "delivered", "delivered", "delivered"]);
    const attempts = deliveries.flatMap((delivery) => delivery.attempts);
    expect(attempts.filter((attempt) => !attempt.ok).map((attempt) => attempt.status_code)).toEqual([500, 500, 500]);
    expect(attempts.filter((attempt) => attempt.ok)).toHaveLength(5);
    expect(describeRun(["webhook:deliveries"], report)).toContain("exit 0");

    const list = await service.services.webhooks.list();
    expect(list.find((webhook) => webhook.id === everything.id)?.deliveries).toEqual({ pending: 0, delivered: 5, failed: 0 });
    for (const receiver of [all, industryOnly]) await service.services.webhooks.delete(webhookOf.get(receiver) ?? -1);
  }, 180_000);

  it("keeps every event while the receiver is down and delivers them once it is back", async () => {
    const receiver = await newReceiver();
    const webhook = await register(receiver);
    const port = receiver.port;
    await receiver.stop();
    const customer = await createCustomer(service.db.prisma, { name: "Down" });
    await patch(customer.uuid, { industry: "One" });
    await patch(customer.uuid, { industry: "Two" });
    // At least two refused attempts are recorded for the first event; the second waits behind it.
    const refused = await eventually(async () => {
      const deliveries = await deliveriesOf(webhook.id);
      const head = deliveries[deliveries.length - 1];
      return head && head.attempts.length >= 2 ? deliveries : undefined;
    });
    expect(refused.map((delivery) => delivery.status)).toEqual(["pending", "pending"]);
    expect(refused[0]?.attempts).toEqual([]);
    expect(refused[1]?.attempts[0]).toMatchObject({ ok: false, status_code: null, error: expect.any(String) });

    await receiver.start(port);
    await eventually(async () => (receiver.idsInOrder().length === 2 ? true : undefined));
    expect(receiver.idsInOrder()).toEqual(await changeIds(customer.id));
    await eventually(async () => ((await deliveriesOf(webhook.id)).every((delivery) => delivery.status === "delivered") ? true : undefined));
    await service.services.webhooks.delete(webhook.id);
  }, 120_000);

  it("loses nothing when the service stops mid-delivery: another instance on the same database completes it", async () => {
    const receiver = await newReceiver();
    const webhook = await register(receiver);
    receiver.answer = ({ index }) => (index === 0 ? "hang" : 200);
    const customer = await createCustomer(service.db.prisma, { name: "Restarted" });
    await patch(customer.uuid, { industry: "Before restart" });
    await patch(customer.uuid, { industry: "Also before" });
    await eventually(async () => (receiver.received.length >= 1 ? true : undefined));

    // The first instance stops while its request hangs; its claim is left to expire.
    await service.stop();
    service = await startInstance(testConfig(scratch.url, FAST));
    await eventually(async () => (receiver.idsInOrder().length === 2 && receiver.received.filter((m) => m.answered === 200).length === 2 ? true : undefined));
    const ids = await changeIds(customer.id);
    expect(receiver.idsInOrder()).toEqual(ids);
    expect(receiver.received.map((message) => [message.id, message.answered])).toEqual([
      [ids[0], null],
      [ids[0], 200],
      [ids[1], 200],
    ]);
    await service.services.webhooks.delete(webhook.id);
  }, 120_000);

  it("gives an event up after WEBHOOK_GIVE_UP_AFTER_MS, marks it failed, and then delivers the customer's next one", async () => {
    await service.services.webhookDispatcher?.stop();
    const impatient = await startInstance(testConfig(scratch.url, { ...FAST, WEBHOOK_GIVE_UP_AFTER_MS: "700" }));
    try {
      const receiver = await newReceiver();
      const webhook = await register(receiver);
      receiver.answer = ({ json }) => ((json.changes as { industry?: { new?: unknown } }).industry?.new === "Doomed" ? 500 : 200);
      const customer = await createCustomer(service.db.prisma, { name: "Given up" });
      await patch(customer.uuid, { industry: "Doomed" });
      await patch(customer.uuid, { industry: "Fine" });
      const ids = await changeIds(customer.id);
      const final = await eventually(async () => {
        const deliveries = await deliveriesOf(webhook.id);
        return deliveries.every((delivery) => delivery.status !== "pending") ? deliveries : undefined;
      });
      // Newest first: the second event delivered, the first failed after its refused attempts.
      expect(final.map((delivery) => [delivery.event_id, delivery.status])).toEqual([
        [ids[1], "delivered"],
        [ids[0], "failed"],
      ]);
      expect(final[1]?.attempts.length).toBeGreaterThanOrEqual(1);
      expect(final[1]?.attempts.every((attempt) => attempt.status_code === 500 && !attempt.ok)).toBe(true);
      expect(final[1]?.last_error).toBe("HTTP 500");
      // The second event was sent only once the first was given up.
      const firstSecond = receiver.received.findIndex((message) => message.id === ids[1]);
      expect(receiver.received.slice(firstSecond).every((message) => message.id === ids[1])).toBe(true);
      expect((await service.services.webhooks.list()).find((entry) => entry.id === webhook.id)?.deliveries).toEqual({ pending: 0, delivered: 1, failed: 1 });
      await service.services.webhooks.delete(webhook.id);
    } finally {
      await impatient.stop();
      service.services.webhookDispatcher?.start();
    }
  }, 120_000);

  it("lets several instances dispatch together without sending any event twice or out of order", async () => {
    const other = await startInstance(testConfig(scratch.url, FAST));
    try {
      const receiver = await newReceiver();
      const webhook = await register(receiver);
      const customers = await Promise.all([1, 2, 3].map((n) => createCustomer(service.db.prisma, { name: `Parallel ${n}` })));
      for (let round = 0; round < 4; round += 1) {
        await Promise.all(
          customers.map((customer, index) => patch(customer.uuid, { employee_count: round * 10 + index }, index % 2 === 0 ? service.baseUrl : other.baseUrl)),
        );
      }
      await eventually(async () => (receiver.received.length >= 12 ? true : undefined));
      await eventually(async () => ((await deliveriesOf(webhook.id)).every((delivery) => delivery.status === "delivered") ? true : undefined));
      expect(receiver.received).toHaveLength(12);
      for (const customer of customers) {
        expect(receiver.idsInOrder((message) => message.json.customer_uuid === customer.uuid)).toEqual(await changeIds(customer.id));
      }
      await service.services.webhooks.delete(webhook.id);
    } finally {
      await other.stop();
    }
  }, 120_000);

  it("works off a backlog longer than one claim per customer in commit order, each event once", async () => {
    const receiver = await newReceiver();
    const webhook = await register(receiver);
    const customers = await Promise.all([1, 2].map((n) => createCustomer(service.db.prisma, { name: `Backlog ${n}` })));
    await service.services.webhookDispatcher?.stop();
    try {
      // 60 events of one customer (more than one claim takes of a queue) and 5 of another, written while nothing delivers.
      for (let n = 0; n < 60; n += 1) await patch(customers[0]?.uuid ?? "", { employee_count: n + 1 });
      for (let n = 0; n < 5; n += 1) await patch(customers[1]?.uuid ?? "", { employee_count: n + 1 });
    } finally {
      service.services.webhookDispatcher?.start();
    }
    await eventually(async () => (receiver.received.length >= 65 ? true : undefined));
    await eventually(async () => ((await deliveriesOf(webhook.id)).every((delivery) => delivery.status === "delivered") ? true : undefined));
    expect(receiver.received).toHaveLength(65);
    expect(receiver.badSignatures).toEqual([]);
    for (const customer of customers) {
      expect(receiver.idsInOrder((message) => message.json.customer_uuid === customer.uuid)).toEqual(await changeIds(customer.id));
    }
    await service.services.webhooks.delete(webhook.id);
  }, 120_000);

  it("prunes the events past their retention that nothing is owed for, and keeps the pending ones", async () => {
    const receiver = await newReceiver();
    const webhook = await register(receiver);
    receiver.answer = ({ json }) => ((json.changes as { industry?: { new?: unknown } }).industry?.new === "Stuck" ? 500 : 200);
    const done = await createCustomer(service.db.prisma, { name: "Pruned" });
    const stuck = await createCustomer(service.db.prisma, { name: "Kept" });
    await patch(done.uuid, { industry: "Delivered" });
    await patch(stuck.uuid, { industry: "Stuck" });
    await eventually(async () => {
      const deliveries = await deliveriesOf(webhook.id);
      const [stuckOne, doneOne] = deliveries;
      return doneOne?.status === "delivered" && (stuckOne?.attempts.length ?? 0) >= 1 ? true : undefined;
    });

    expect(await new OutboxStore(service.db.pool).prune(0)).toBeGreaterThan(0);
    const left = await service.db.prisma.outboxEvent.findMany();
    expect(left.map((event) => event.customerId)).toEqual([stuck.id]);
    const deliveries = await deliveriesOf(webhook.id);
    expect(deliveries.map((delivery) => [delivery.customer_id, delivery.status])).toEqual([[stuck.id, "pending"]]);
    expect(deliveries[0]?.attempts.length).toBeGreaterThanOrEqual(1);
    await service.services.webhooks.delete(webhook.id);
  }, 120_000);
});

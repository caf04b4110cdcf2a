import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import { openDatabase } from "../src/db/database";
import { prepare, type Environment } from "./environment";
import { measure, type Measurement } from "./load";
import type { BenchOptions } from "./options";

const SUBSCRIPTION = "subscription($u: ID!) { customerDetailsChanged(uuid: $u) { id customerId userId door method created createdAt changes { field old new } } }";
/** Connections opened at once while subscribing (the rest wait their turn). */
const OPENING_AT_ONCE = 200;

/**
 * `npm run bench -- --feed`: the change feed at scale, on PostgreSQL, the service as shipped (NODE_ENV=production).
 * 1. Subscribers: 500, then 2,000, then `--subscribers` (10,000) graphql-ws subscriptions of one customer, each on
 *    its own connection; per size, the time from a PATCH being sent to each subscriber receiving the change (p50,
 *    p99), and the service's resident memory per idle subscription.
 * 2. Webhooks: REST PATCH throughput (autocannon, `--connections`, 100 customers) without a webhook and with one
 *    (a receiver in this process answering 204 at once), the same run, in windows of `--write-seconds`/2 ordered
 *    without, with, with, without; over the `--write-seconds` of load with the webhook, the delivery lag (received −
 *    occurred_at) and how long after the load stopped the last delivery came. Throughput: mean of the windows; p50
 *    and p99: the worse window.
 */
export async function feed(options: BenchOptions): Promise<void> {
  const environment = await prepare("server", { customers: 100 });
  const sockets: WebSocket[] = [];
  try {
    const uuid = environment.uuids[0] as string;
    const baseline = environment.service.rssMiB();
    const sizes = [...new Set([500, 2_000, options.subscribers].filter((size) => size <= options.subscribers))].sort((a, b) => a - b);
    const fanout: { size: number; p50: number; p99: number; max: number; perSubscriptionKiB: number }[] = [];
    const received = new Map<WebSocket, number>();
    for (const size of sizes) {
      while (sockets.length < size) {
        const batch = Math.min(OPENING_AT_ONCE, size - sockets.length);
        sockets.push(...(await Promise.all(Array.from({ length: batch }, () => subscribe(environment, uuid, received)))));
      }
      // A first change reaches every subscriber (so each is registered), then the measured ones.
      await change(environment, uuid, sockets, received);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const idleMiB = environment.service.rssMiB();
      const latencies: number[] = [];
      for (let n = 0; n < 3; n += 1) latencies.push(...(await change(environment, uuid, sockets, received)));
      latencies.sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
      fanout.push({ size, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? Number.NaN, perSubscriptionKiB: ((idleMiB - baseline) * 1024) / size });
      console.error(`${size} subscribers: p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms, service RSS ${idleMiB} MiB (${baseline} MiB before any)`);
    }
    for (const socket of sockets) socket.terminate();
    sockets.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const writes = await webhookRun(environment, options);

    console.log(`\nThe change feed at scale (PostgreSQL, NODE_ENV=production, node ${process.version}; subscribers in this process, one connection each)\n`);
    console.log("| subscribers of one customer | change → subscriber p50 ms | p99 ms | max ms | service RSS per idle subscription |");
    console.log("|---|---|---|---|---|");
    for (const row of fanout) {
      console.log(`| ${row.size} | ${row.p50.toFixed(0)} | ${row.p99.toFixed(0)} | ${row.max.toFixed(0)} | ${row.perSubscriptionKiB.toFixed(1)} KiB |`);
    }
    const p99Of = (size: number) => fanout.find((row) => row.size === size)?.p99 ?? Number.NaN;
    console.log("");
    console.log("| REST PATCH | req/s | p50 ms | p99 ms | errors |");
    console.log("|---|---|---|---|---|");
    for (const [label, m] of [["no webhook", writes.without], ["one webhook", writes.with]] as const) {
      console.log(`| ${label} (${m.requests} requests) | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.errors} |`);
    }
    console.log(
      `\nwebhook: ${writes.delivered} of ${writes.events} events delivered, lag p50 ${writes.lagP50.toFixed(0)} ms, p99 ${writes.lagP99.toFixed(0)} ms during the load; ` +
        `the last delivered ${writes.drainMs.toFixed(0)} ms after the load stopped\n`,
    );
    const largest = options.subscribers;
    const verdict = (name: string, value: number, bound: number, kind: "max" | "min", unit = "") =>
      console.log(`- ${name}: ${value.toFixed(2)}${unit} (target ${kind === "max" ? "≤" : "≥"} ${bound}${unit}) ${(kind === "max" ? value <= bound : value >= bound) ? "met" : "NOT met"}`);
    verdict(`${largest} subscribers, p99 change → subscriber`, p99Of(largest) / 1000, 1, "max", " s");
    if (sizes.includes(2_000) && sizes.includes(500)) verdict("p99 at 2,000 subscribers vs at 500", p99Of(2_000) / p99Of(500), 2, "max", "×");
    verdict("REST PATCH throughput with one webhook vs without", writes.with.rps / writes.without.rps, 0.9, "min", "×");
    verdict("last delivery after the load stopped", writes.drainMs / 1000, 3, "max", " s");
    verdict("delivery lag p99 during the load", writes.lagP99 / 1000, 1, "max", " s");
  } finally {
    for (const socket of sockets) socket.terminate();
    await environment.close();
  }
}

/** One graphql-transport-ws connection with one subscription to the customer; each `next` is timestamped. */
async function subscribe(environment: Environment, uuid: string, received: Map<WebSocket, number>): Promise<WebSocket> {
  const socket = new WebSocket(`${environment.service.baseUrl.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${environment.token}` } })));
    socket.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString("utf8")) as { type: string; payload?: { errors?: unknown } };
      if (message.type === "connection_ack") {
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: SUBSCRIPTION, variables: { u: uuid } } }));
        resolve();
      } else if (message.type === "next") {
        if (message.payload?.errors) console.error("subscriber got errors:", JSON.stringify(message.payload.errors));
        received.set(socket, performance.now());
      }
    });
  });
  return socket;
}

/** PATCHes the customer, waits until every subscriber received the change; returns each one's latency in ms. */
async function change(environment: Environment, uuid: string, sockets: WebSocket[], received: Map<WebSocket, number>): Promise<number[]> {
  received.clear();
  const sent = performance.now();
  const response = await fetch(`${environment.service.baseUrl}/api/v1/customers/${uuid}/details`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${environment.token}`, "content-type": "application/json" },
    body: JSON.stringify({ employee_count: Math.floor(Math.random() * 1_000_000) }),
  });
  if (response.status !== 200) throw new Error(`PATCH answered ${response.status}`);
  const deadline = Date.now() + 60_000;
  while (received.size < sockets.length) {
    if (Date.now() > deadline) throw new Error(`only ${received.size} of ${sockets.length} subscribers received the change within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return sockets.map((socket) => (received.get(socket) ?? Number.NaN) - sent);
}

interface WebhookRun {
  without: Measurement;
  with: Measurement;
  events: number;
  delivered: number;
  lagP50: number;
  lagP99: number;
  drainMs: number;
}

async function webhookRun(environment: Environment, options: BenchOptions): Promise<WebhookRun> {
  const lags: number[] = [];
  let lastAt = 0;
  let loadEnded = Number.POSITIVE_INFINITY;
  const ids = new Set<string>();
  const receiver: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const now = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string; occurred_at: string };
      ids.add(body.id);
      if (now <= loadEnded) lags.push(now - Date.parse(body.occurred_at));
      if (now > lastAt) lastAt = now;
      response.writeHead(204).end();
    });
  });
  receiver.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const db = await openDatabase({ url: environment.database.url, poolSize: 1, timeoutMs: 60_000 });
  try {
    const load = { token: environment.token, uuids: environment.uuids, connections: options.connections };
    // The webhook exists throughout; outside the "with" windows it wants only `industry`, which the load never changes.
    await db.pool.query("INSERT INTO webhooks (url, secret, fields) VALUES ($1, 'whsec_YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldA==', '{industry}')", [url]);
    const wanting = (fields: string) => db.pool.query("UPDATE webhooks SET fields = $1::text[]", [fields]);
    const half = Math.max(1, options.writeSeconds / 2);
    const run = async (label: string) => {
      console.error(`REST PATCH ${label} (${half} s)…`);
      return measure(environment.service, "PATCH", { ...load, duration: half });
    };
    // A B B A, so that drift on the shared machine hits both alike; the lag and the drain after the second B window.
    const without = [await run("without a webhook")];
    await wanting("{}");
    const withWebhook = [await run("with one webhook"), await run("with one webhook")];
    loadEnded = Date.now();
    const deadline = Date.now() + 120_000;
    let events = 0;
    for (;;) {
      events = Number((await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM webhook_deliveries")).rows[0]?.n ?? 0);
      const pending = Number((await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'pending'")).rows[0]?.n ?? 0);
      if ((pending === 0 && ids.size >= events) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await wanting("{industry}");
    without.push(await run("without a webhook"));
    lags.sort((a, b) => a - b);
    const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? Number.NaN;
    const combine = (runs: Measurement[]): Measurement => ({
      ...(runs[0] as Measurement),
      rps: runs.reduce((sum, m) => sum + m.rps, 0) / runs.length,
      p50: Math.max(...runs.map((m) => m.p50)),
      p99: Math.max(...runs.map((m) => m.p99)),
      errors: runs.reduce((sum, m) => sum + m.errors, 0),
      requests: runs.reduce((sum, m) => sum + m.requests, 0),
    });
    return {
      without: combine(without),
      with: combine(withWebhook),
      events,
      delivered: ids.size,
      lagP50: at(0.5),
      lagP99: at(0.99),
      drainMs: Math.max(0, lastAt - loadEnded),
    };
  } finally {
    await db.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
}

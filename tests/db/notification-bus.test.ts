import { openDatabase, type Database } from "../../src/db/database";
import { createNotificationBus, type NotificationBus } from "../../src/db/notification-bus";
import { createScratchDatabase, testDatabaseKinds, type ScratchDatabase } from "../support/databases";
import { Inbox } from "../support/eventually";

describe.each(testDatabaseKinds())("notification bus (%s database)", (kind) => {
  let scratch: ScratchDatabase;
  let first: Database;
  let second: Database;
  let busA: NotificationBus;
  let busB: NotificationBus;

  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
    // Embedded: the first handle serves the directory; the second comes in through its socket, as the admin CLI does.
    first = await openDatabase({ url: scratch.url, poolSize: 2 });
    second = await openDatabase({ url: scratch.url, poolSize: 2 });
    busA = createNotificationBus(first);
    busB = createNotificationBus(second);
  });
  afterAll(async () => {
    await busA?.close();
    await busB?.close();
    await second?.close();
    await first?.close();
    await scratch?.drop();
  });

  it("delivers a published payload to every subscriber of the channel, on this handle and another", async () => {
    const here = new Inbox<string>();
    const there = new Inbox<string>();
    const elsewhere = new Inbox<string>();
    const stopHere = busA.subscribe("bus_test_publish", here.push);
    busB.subscribe("bus_test_publish", there.push);
    busB.subscribe("bus_test_other", elsewhere.push);
    await Promise.all([busA.ready(), busB.ready()]);

    await busA.publish("bus_test_publish", "one");
    expect(await here.atLeast(1)).toEqual(["one"]);
    expect(await there.atLeast(1)).toEqual(["one"]);

    stopHere();
    await busB.publish("bus_test_publish", "two");
    expect(await there.atLeast(2)).toEqual(["one", "two"]);
    await busB.publish("bus_test_other", "marker");
    await elsewhere.atLeast(1);
    expect(here.received).toEqual(["one"]);
  });

  it("delivers pg_notify from a transaction only when it commits, in commit order", async () => {
    const inbox = new Inbox<string>();
    busA.subscribe("bus_test_tx", inbox.push);
    await busA.ready();
    const inTransaction = async (db: Database, payloads: string[], commit: boolean) => {
      const client = await db.pool.connect();
      try {
        await client.query("BEGIN");
        for (const payload of payloads) await client.query("SELECT pg_notify('bus_test_tx', $1)", [payload]);
        await client.query(commit ? "COMMIT" : "ROLLBACK");
      } finally {
        client.release();
      }
    };
    await inTransaction(second, ["rolled back"], false);
    await inTransaction(second, ["a1", "a2"], true);
    await inTransaction(first, ["b1"], true);
    expect(await inbox.atLeast(3)).toEqual(["a1", "a2", "b1"]);
    expect(inbox.received).not.toContain("rolled back");
  });

  it("keeps delivering to a subscriber when another connection LISTENs and UNLISTENs the same channel", async () => {
    const inbox = new Inbox<string>();
    busA.subscribe("bus_test_unlisten", inbox.push);
    await busA.ready();
    const client = await second.pool.connect();
    try {
      await client.query("LISTEN bus_test_unlisten");
      await client.query("UNLISTEN bus_test_unlisten");
    } finally {
      client.release();
    }
    await busB.publish("bus_test_unlisten", "still here");
    expect(await inbox.atLeast(1)).toEqual(["still here"]);
  });

  it("refuses channel names that are not plain identifiers", () => {
    expect(() => busA.subscribe('bad"; DROP TABLE x; --', () => undefined)).toThrow(/Invalid notification channel/);
  });

  if (kind === "server") {
    it("reconnects and listens again when its connection is killed, and says so", async () => {
      const inbox = new Inbox<string>();
      const reconnects = new Inbox<true>();
      busA.subscribe("bus_test_reconnect", inbox.push);
      busA.onReconnect(() => reconnects.push(true));
      await busA.ready();
      await first.pool.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
      );
      await reconnects.atLeast(1);
      await busA.ready();
      await busB.publish("bus_test_reconnect", "after");
      expect(await inbox.atLeast(1)).toEqual(["after"]);
    });
  }
});

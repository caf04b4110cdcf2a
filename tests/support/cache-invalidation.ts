import { randomUUID } from "node:crypto";
import type { Services } from "../../src/services";

const BARRIER_CHANNEL = "test_notification_barrier";

/**
 * Resolves once the instance's notification connection has delivered every notification committed so far, so the
 * cache invalidations caused by a write elsewhere (another instance, the admin command line, a test's own database
 * handle) have been applied. Delivery is asynchronous: PostgreSQL queues NOTIFY at commit and each listener reads
 * the queue, in commit order, over its own connection, so a request sent right after a commit could overtake it.
 * A marker notified now arrives after everything committed before it. The limit only keeps a lost notification
 * from hanging the test.
 */
export async function notificationsDelivered(instance: { services: Pick<Services, "bus"> }, limitMs = 20_000): Promise<void> {
  const marker = randomUUID();
  let unsubscribe = (): void => undefined;
  let timer: NodeJS.Timeout | undefined;
  const arrived = new Promise<void>((resolve, reject) => {
    unsubscribe = instance.services.bus.subscribe(BARRIER_CHANNEL, (payload) => {
      if (payload === marker) resolve();
    });
    timer = setTimeout(() => reject(new Error(`The notification marker did not arrive within ${limitMs} ms.`)), limitMs);
  });
  try {
    await instance.services.bus.ready();
    await instance.services.bus.publish(BARRIER_CHANNEL, marker);
    await arrived;
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}

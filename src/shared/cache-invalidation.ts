import type { NotificationBus } from "../db/notification-bus";

/** The channel every committed write to cached data notifies (triggers in the migrations). */
export const CACHE_INVALIDATION_CHANNEL = "cache_invalidation";

/** What a notification on the channel says changed. */
export type CacheInvalidation = "users" | "permissions" | "rates" | "all";

export interface Invalidatable {
  invalidate(): void;
}

/**
 * Flushes the process's caches when another writer (this instance, another instance on the same database, the
 * admin command line) commits a change to what they hold, and flushes everything when the listening connection
 * comes back or first starts listening (notifications sent while nobody listened are lost).
 */
export function subscribeCacheInvalidation(bus: NotificationBus, caches: { principals: Invalidatable; rates: Invalidatable }): void {
  const flushAll = () => {
    caches.principals.invalidate();
    caches.rates.invalidate();
  };
  bus.subscribe(CACHE_INVALIDATION_CHANNEL, (payload) => {
    const what = payload as CacheInvalidation;
    if (what === "users" || what === "permissions") caches.principals.invalidate();
    else if (what === "rates") caches.rates.invalidate();
    else flushAll();
  });
  bus.onReconnect(flushAll);
  bus.ready().then(flushAll, () => undefined);
}

import type { Config } from "../config";

/** Said at start-up (a warning) when nothing can LISTEN. */
export const NO_LISTEN_WARNING =
  "DATABASE_URL goes through a transaction pooler (?pgbouncer=true) and DATABASE_DIRECT_URL is not set: nothing can LISTEN, so these features fall back";

/** What a client is told when it subscribes on an instance that cannot listen. */
export const SUBSCRIPTIONS_UNAVAILABLE =
  "Subscriptions are unavailable: this service reaches its database through a transaction pooler and has no direct connection to listen on (DATABASE_DIRECT_URL).";

/**
 * What each feature that waits for notifications does instead when no connection can LISTEN (behind a transaction
 * pooler without DATABASE_DIRECT_URL; docs/behaviour.md section 12): logged at start-up and shown by /readyz.
 */
export function listenFallbacks(config: Pick<Config, "permissionCacheMs" | "rateCacheMs" | "webhooks">): Record<string, string> {
  return {
    cacheInvalidation: `not at once: cached permissions expire after ${config.permissionCacheMs} ms, cached rates after ${config.rateCacheMs} ms`,
    ...(config.webhooks.enabled ? { webhooks: `dispatched on the outbox poll, every ${config.webhooks.pollMs} ms` } : {}),
    subscriptions: "unavailable (a subscription is answered with a SERVICE_UNAVAILABLE error)",
  };
}

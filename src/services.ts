import { Authenticator } from "./auth/authenticator";
import { PrincipalLoader } from "./auth/principal-loader";
import { TokenService } from "./auth/token-service";
import type { Config } from "./config";
import { CurrencyConverter } from "./currency/currency-converter";
import { RateHealth } from "./currency/rate-health";
import { createRateRefresher, type RateRefresher } from "./currency/rate-refresh";
import { DetailsBatchService } from "./customers/details-batch/batch.service";
import { CustomerDetailsService } from "./customers/details/details.service";
import { DetailsStore } from "./customers/details/details.store";
import { ChangeFeed } from "./customers/history/change-feed";
import { CursorCodec } from "./customers/history/cursor";
import { CustomerHistoryService } from "./customers/history/history.service";
import type { Database } from "./db/database";
import { createNotificationBus, type NotificationBus } from "./db/notification-bus";
import { subscribeCacheInvalidation } from "./shared/cache-invalidation";
import { WebhookDispatcher } from "./webhooks/webhook-dispatcher";
import { WebhookService } from "./webhooks/webhooks.service";
import { systemClock, type Clock } from "./shared/clock";
import { Budgets } from "./limits/budgets";
import { SubscriptionSlots } from "./limits/subscription-slots";
import { WebSocketAdmission } from "./limits/websocket-admission";
import { DeferredLog } from "./shared/deferred-log";

/** Everything the doors need, built once per process. */
export interface Services {
  config: Config;
  db: Database;
  /** LISTEN/NOTIFY across instances (cache invalidation, change feed); app.ts closes it. */
  bus: NotificationBus;
  /** Where background work logs (the bus's reconnect warnings); buildApp attaches the app's logger. */
  log: DeferredLog;
  clock: Clock;
  tokens: TokenService;
  authenticator: Authenticator;
  converter: CurrencyConverter;
  details: CustomerDetailsService;
  /** Many customers at once, through `details`. */
  batch: DetailsBatchService;
  history: CustomerHistoryService;
  webhooks: WebhookService;
  /** Delivers the webhook outbox (null when WEBHOOKS_ENABLED=false); app.ts starts and stops it. */
  webhookDispatcher: WebhookDispatcher | null;
  /** The scheduled exchange-rate refresh (null unless RATES_URL is configured); app.ts starts and stops it. */
  rateRefresher: RateRefresher | null;
  rateHealth: RateHealth;
  /** Request budgets (null when RATE_LIMIT=false); with REDIS_URL they hold a Redis connection, which app.ts closes. */
  budgets: Budgets | null;
  /** Budgets and the subscription bound for operations over WebSocket. */
  webSocketAdmission: WebSocketAdmission;
}

export function createServices(config: Config, db: Database, clock: Clock = systemClock): Services {
  const tokens = new TokenService(config.jwt, () => clock.now().getTime());
  const log = new DeferredLog();
  const bus = createNotificationBus(db, log);
  const principals = new PrincipalLoader(db.prisma, config.permissionCacheMs);
  const authenticator = new Authenticator(tokens, principals);
  const converter = new CurrencyConverter(db.prisma, clock, { staleAfterDays: config.rates.staleAfterDays, cacheMs: config.rateCacheMs });
  subscribeCacheInvalidation(bus, { principals, rates: converter });
  const store = new DetailsStore(db.pool);
  const details = new CustomerDetailsService(store, converter, clock, config.defaultCurrency);
  // A batch holds at most half the pool's connections, leaving the rest to other requests.
  const batch = new DetailsBatchService(details, store, Math.ceil(config.database.poolSize / 2));
  // The feed reads each committed change once for all its watchers, through the history service.
  const feed = new ChangeFeed(bus, (ids) => history.changes(ids));
  const history: CustomerHistoryService = new CustomerHistoryService(db.prisma, details, new CursorCodec(config.historyCursorSecret), feed);
  const webhooks = new WebhookService(db.prisma);
  const webhookDispatcher = config.webhooks.enabled ? new WebhookDispatcher(db.pool, bus, config.webhooks) : null;
  const rateRefresher = createRateRefresher(config.rates, db.prisma, clock);
  const rateHealth = new RateHealth(db.prisma, clock, config.rates.staleAfterDays, rateRefresher);
  const budgets = config.budgets.enabled ? new Budgets(config.budgets) : null;
  const webSocketAdmission = new WebSocketAdmission(budgets, new SubscriptionSlots(config.budgets.subscriptionsPerUser));
  return { config, db, log, clock, tokens, authenticator, converter, details, batch, history, bus, webhooks, webhookDispatcher, rateRefresher, rateHealth, budgets, webSocketAdmission };
}

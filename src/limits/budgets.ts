import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { BudgetSettings } from "../config";
import { BudgetStore } from "./budget-store";

/** Budgets are per minute: a fixed window that opens with a caller's first request and lasts this long. */
export const WINDOW_SECONDS = 60;

/** Whose budget a request spends: its user's (a valid token), else its client address's. */
export type BudgetIdentity = { userId: number } | { address: string };

/** A budget as the RateLimit-Policy field names it. */
export interface BudgetPolicy {
  name: "user" | "address";
  quota: number;
  windowSeconds: number;
}

export interface BudgetDecision {
  policy: BudgetPolicy;
  /** false: over the budget; the request must not be served (429). */
  allowed: boolean;
  /** Units left in the window after this request (0 when refused). */
  remaining: number;
  /** Seconds until the window closes and the quota is whole again (at least 1 when refused). */
  resetSeconds: number;
}

/**
 * The request budgets of docs/behaviour.md section 14, counted by rate-limiter-flexible: a fixed window of
 * WINDOW_SECONDS per user and per client address. With REDIS_URL every instance counts in Redis (one Lua script,
 * one round trip, per charge), with an in-memory limiter as insurance: while Redis cannot be reached each instance
 * counts in its own memory, and counting is shared again as soon as Redis answers. A caller found over its budget is
 * also remembered in this instance's memory until its window closes, so a flood of refused requests costs Redis
 * nothing. Without REDIS_URL, each instance counts in its memory only.
 */
export class Budgets {
  /** The Redis connection, when budgets are shared (REDIS_URL). */
  readonly store: BudgetStore | null;
  private readonly user: { policy: BudgetPolicy; limiter: RateLimiterAbstract };
  private readonly address: { policy: BudgetPolicy; limiter: RateLimiterAbstract };

  constructor(settings: Pick<BudgetSettings, "perMinute" | "anonymousPerMinute" | "redisUrl">) {
    this.store = settings.redisUrl === undefined ? null : new BudgetStore(settings.redisUrl);
    this.user = this.budget("user", settings.perMinute);
    this.address = this.budget("address", settings.anonymousPerMinute);
  }

  /** Spends `cost` units (a whole number, at least 1) of the identity's budget. */
  async charge(identity: BudgetIdentity, cost: number): Promise<BudgetDecision> {
    const [{ policy, limiter }, key] = "userId" in identity ? [this.user, String(identity.userId)] : [this.address, identity.address];
    const units = Math.max(1, Math.ceil(cost));
    try {
      const result = await limiter.consume(key, units);
      return { policy, allowed: true, remaining: result.remainingPoints, resetSeconds: Math.max(0, Math.ceil(result.msBeforeNext / 1000)) };
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return { policy, allowed: false, remaining: 0, resetSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
  }

  close(): void {
    this.store?.close();
  }

  private budget(name: BudgetPolicy["name"], quota: number): { policy: BudgetPolicy; limiter: RateLimiterAbstract } {
    const policy = { name, quota, windowSeconds: WINDOW_SECONDS };
    const options = { keyPrefix: `budget:${name}`, points: quota, duration: WINDOW_SECONDS };
    const store = this.store;
    if (!store) return { policy, limiter: new RateLimiterMemory(options) };
    const limiter = new RateLimiterRedis({
      ...options,
      storeClient: store.client,
      // Not connected: straight to the insurance, no waiting.
      rejectIfRedisNotReady: true,
      // Over the quota: refused from memory until the window closes (the window Redis reported).
      inMemoryBlockOnConsumed: quota + 1,
      insuranceLimiter: new InsuranceLimiter(options, () => store.commandFailed()),
    });
    return { policy, limiter };
  }
}

/** The in-memory limiter rate-limiter-flexible falls back to when a Redis command fails; it tells the store. */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory["consume"]>): Promise<RateLimiterRes> {
    this.onUse();
    return super.consume(...args);
  }
}

import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { ExpiringCache } from "../shared/expiring-cache";
import type { Principal } from "./principal";
import type { TokenSubject } from "./token-subject";

interface PrincipalRow {
  id: number;
  email: string;
  name: string;
  preferred_currency: string | null;
  is_active: boolean;
  permissions: string[];
}

/**
 * Loads a user and every permission it holds (direct grants and through roles) in one query.
 * Permissions live in the database, never in the token. Loaded principals are kept for `cacheMs` (at most
 * 5 s; 0 turns the cache off): every committed write to users, roles, permissions or their links, by any
 * instance or by the admin command line, notifies `cache_invalidation` and the whole cache is flushed
 * (services.ts), so a revocation or a disabled user takes effect on the next request; the time limit is the
 * backstop for a notification lost while the listener reconnected (the cache is flushed then too).
 */
export class PrincipalLoader {
  private readonly cache: ExpiringCache<string, Principal | null>;
  private readonly inFlight = new Map<string, Promise<Principal | null>>();

  constructor(
    private readonly db: Pick<PrismaClient, "$queryRaw">,
    private readonly cacheMs = 0,
  ) {
    this.cache = new ExpiringCache(cacheMs);
  }

  /**
   * The active user a token names (by id, or by external id for a provider's token), or null when there is none or it
   * is disabled (concurrent requests of one user share a query).
   */
  load(subject: TokenSubject): Promise<Principal | null> {
    const key = subject.kind === "user" ? `id:${subject.userId}` : `external:${subject.externalId}`;
    if (this.cacheMs <= 0) return this.queryOnce(key, subject);
    return this.cache.get(key, () => this.query(subject));
  }

  /**
   * With the cache off: loads that overlap share one query (every subscriber of a change re-checks its user at the
   * same moment), and nothing is kept once it answered.
   */
  private queryOnce(key: string, subject: TokenSubject): Promise<Principal | null> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const principal = this.query(subject).finally(() => {
      if (this.inFlight.get(key) === principal) this.inFlight.delete(key);
    });
    this.inFlight.set(key, principal);
    return principal;
  }

  /** Forgets every cached principal. */
  invalidate(): void {
    this.cache.clear();
    this.inFlight.clear();
  }

  private async query(subject: TokenSubject): Promise<Principal | null> {
    const match = subject.kind === "user" ? Prisma.sql`u.id = ${subject.userId}` : Prisma.sql`u.external_id = ${subject.externalId}`;
    const rows = await this.db.$queryRaw<PrincipalRow[]>`
      SELECT u.id, u.email, u.name, u.preferred_currency, u.is_active,
        ARRAY(
          SELECT p.name FROM user_has_permissions up JOIN permissions p ON p.id = up.permission_id
          WHERE up.user_id = u.id
          UNION
          SELECT p.name FROM user_has_roles ur
            JOIN role_has_permissions rp ON rp.role_id = ur.role_id
            JOIN permissions p ON p.id = rp.permission_id
          WHERE ur.user_id = u.id
        ) AS permissions
      FROM users u WHERE ${match}`;
    const user = rows[0];
    if (!user || !user.is_active) return null;
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      preferredCurrency: user.preferred_currency?.trim() ?? null,
      permissions: new Set(user.permissions),
    };
  }
}

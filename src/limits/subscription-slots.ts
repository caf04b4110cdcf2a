/**
 * The bound on a user's open GraphQL subscriptions in this instance (SUBSCRIPTIONS_PER_USER; 0 = none): each open
 * subscription holds a slot until it ends, however it ends.
 */
export class SubscriptionSlots {
  private readonly open = new Map<number, number>();

  constructor(readonly perUser: number) {}

  /** A slot for one more subscription of this user, as its release (idempotent); null when the user has none left. */
  take(userId: number): (() => void) | null {
    const count = this.open.get(userId) ?? 0;
    if (this.perUser > 0 && count >= this.perUser) return null;
    this.open.set(userId, count + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = (this.open.get(userId) ?? 1) - 1;
      if (left > 0) this.open.set(userId, left);
      else this.open.delete(userId);
    };
  }

  /** The user's open subscriptions (for tests and metrics). */
  openCount(userId: number): number {
    return this.open.get(userId) ?? 0;
  }
}

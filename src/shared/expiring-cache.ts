/**
 * Loads kept in memory for `ttlMs` by key. The promise is kept, so concurrent callers of one key share one load; a
 * failed load is not kept. `ttlMs` 0 turns the cache off. Past `maxEntries` it starts afresh (it is a cache of a
 * few thousand users or currency pairs, not a store). `clear()` is for invalidation (services.ts flushes it when
 * another instance announces a write).
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: Promise<V>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = load();
    const entry = { value, expires: now + this.ttlMs };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Per request: each read is made once. In GraphQL, shield's ownership rule and the resolver need the same customer;
 * the resolver's write starts from the snapshot the rule read (the write is version-checked, so a snapshot that went
 * stale in between costs a second read, never a wrong write). A write forgets what it changed. A failed read is not
 * kept. Keys are compared case-insensitively (UUIDs).
 */
export class RequestMemo {
  private readonly reads = new Map<string, Promise<unknown>>();

  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const normalised = key.toLowerCase();
    let read = this.reads.get(normalised) as Promise<T> | undefined;
    if (!read) {
      read = load();
      this.reads.set(normalised, read);
      read.catch(() => this.reads.delete(normalised));
    }
    return read;
  }

  forget(key: string): void {
    this.reads.delete(key.toLowerCase());
  }
}

/**
 * Reads that overlap share one, and nothing is kept once it answered: many subscribers of one customer arriving
 * together (a page opened by thousands) cost one read, and a later one reads afresh.
 */
export class OverlappingReads extends RequestMemo {
  override read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const read = super.read(key, load);
    read.then(
      () => this.forget(key),
      () => undefined,
    );
    return read;
  }
}

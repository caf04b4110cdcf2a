import type { CustomerSnapshot } from "./details.store";

/**
 * Per request: each customer is read once. In GraphQL, shield's ownership rule and the resolver need the same
 * customer; the resolver's write starts from the snapshot the rule read (the write is version-checked, so a
 * snapshot that went stale in between costs a second read, never a wrong write). A write forgets its customer.
 */
export class SnapshotMemo {
  private readonly reads = new Map<string, Promise<CustomerSnapshot | null>>();

  read(uuid: string, load: () => Promise<CustomerSnapshot | null>): Promise<CustomerSnapshot | null> {
    const key = uuid.toLowerCase();
    let read = this.reads.get(key);
    if (!read) {
      read = load();
      this.reads.set(key, read);
      read.catch(() => this.reads.delete(key));
    }
    return read;
  }

  forget(uuid: string): void {
    this.reads.delete(uuid.toLowerCase());
  }
}

/**
 * Reads of a customer that overlap share one, and nothing is kept once it answered: many subscribers of one customer
 * arriving together (a page opened by thousands) cost one read, and a later one reads afresh.
 */
export class OverlappingReads extends SnapshotMemo {
  override read(uuid: string, load: () => Promise<CustomerSnapshot | null>): Promise<CustomerSnapshot | null> {
    const read = super.read(uuid, load);
    read.then(
      () => this.forget(uuid),
      () => undefined,
    );
    return read;
  }
}

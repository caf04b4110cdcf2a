import type { PoolClient } from "pg";
import type { Principal } from "../../auth/principal";
import { AppError, AppErrorCode, toAppError } from "../../errors";
import { isCustomerUuid, type CustomerDetailsService } from "../details/details.service";
import type { CustomerSnapshot, DetailsStore } from "../details/details.store";
import { RequestMemo } from "../../shared/request-memo";
import { MAX_BATCH_ITEMS, type BatchCommand, type BatchItem, type BatchOutcome, type BatchResult } from "./batch.types";

/**
 * Many customers at once (docs/behaviour.md section 16), through the single door's service: each item runs exactly the
 * checks, the semantics and the statements of a request of its own (so history, ETags, webhooks and subscriptions
 * see each item as if it had been sent alone). What the batch adds is only how the work is scheduled:
 * - authentication and "no update permission at all" are checked once, before any item;
 * - every customer of the batch is read by one statement (the items' snapshots), so an item costs one write;
 * - by default each item is its own transaction and the items run concurrently on the pool (items for the same
 *   customer one after another, in their order), so the batch is not a hundred sequential round trips;
 * - all-or-none: one transaction that locks every customer of the batch first (one statement, in id order), runs
 *   the items in order, and rolls everything back if any item failed; a dry run does the same and always rolls back.
 */
export class DetailsBatchService {
  constructor(
    private readonly details: CustomerDetailsService,
    private readonly store: DetailsStore,
    /** How many items run at once (connections of the pool a batch may hold). */
    private readonly concurrency: number,
  ) {}

  /** 401, and the 403 of a user without any update permission: for the whole batch, before its items. */
  authorize(principal: Principal | null): Principal {
    return this.details.authorize(principal, "update");
  }

  async update(command: BatchCommand): Promise<BatchResult> {
    this.authorize(command.principal);
    const count = command.items.length;
    if (count < 1 || count > MAX_BATCH_ITEMS) {
      throw AppError.validation({ items: [`The items field must have between 1 and ${MAX_BATCH_ITEMS} items.`] });
    }
    const outcomes = command.dryRun
      ? await this.inOneTransaction(command, "always")
      : command.allOrNone
        ? await this.inOneTransaction(command, "on-failure")
        : await this.eachOnItsOwn(command);
    return { outcomes, failed: outcomes.some((outcome) => outcome.kind !== "written") };
  }

  private async eachOnItsOwn(command: BatchCommand): Promise<BatchOutcome[]> {
    const keys = customerKeys(command.items);
    const run = this.itemRunner(command, keys, await this.store.readMany(keys));
    const outcomes = new Array<BatchOutcome>(command.items.length);
    // Items for one customer form a chain run in order; chains run side by side.
    const chains = [...groupBy(command.items.map((item, index) => ({ item, index })), ({ item }) => item.uuid.toLowerCase()).values()];
    let next = 0;
    let fatal: { error: unknown } | null = null;
    const worker = async (): Promise<void> => {
      while (fatal === null && next < chains.length) {
        const chain = chains[next++] ?? [];
        for (const { item, index } of chain) {
          try {
            outcomes[index] = await run(item);
          } catch (error) {
            fatal ??= { error };
            return;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, chains.length) }, worker));
    if (fatal !== null) throw (fatal as { error: unknown }).error;
    return outcomes;
  }

  /** Rolls back when an item failed (all-or-none: the others become `skipped`), or always (a dry run). */
  private async inOneTransaction(command: BatchCommand, rollback: "on-failure" | "always"): Promise<BatchOutcome[]> {
    try {
      return await this.store.transaction(async (client) => {
        const keys = customerKeys(command.items);
        const run = this.itemRunner(command, keys, await this.store.readMany(keys, client, { lock: true }), client);
        const outcomes: BatchOutcome[] = [];
        for (const item of command.items) outcomes.push(await run(item));
        if (rollback === "always" || outcomes.some((outcome) => outcome.kind === "failed")) throw new RolledBack(outcomes);
        return outcomes;
      });
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
      if (rollback === "always") return error.outcomes;
      return error.outcomes.map((outcome) => (outcome.kind === "written" ? { kind: "skipped", uuid: outcome.uuid } : outcome));
    }
  }

  /**
   * Runs one item through the single door's service, starting from the batch's read of its customer. A client error
   * (404, 403, 422, 412) is the item's outcome; anything else (the database gone) fails the whole batch.
   */
  private itemRunner(command: BatchCommand, keys: string[], seen: Map<string, CustomerSnapshot>, transaction?: PoolClient) {
    // The batch's read stands for each customer's first read; a write forgets it, so a later item for the same
    // customer reads afresh.
    const memo = new RequestMemo();
    for (const key of keys) void memo.read(key, async () => seen.get(key) ?? null);
    const versions = new Map<string, number | null>();
    for (const [key, snapshot] of seen) versions.set(key, snapshot.details?.version ?? null);
    return async (item: BatchItem): Promise<BatchOutcome> => {
      const key = item.uuid.toLowerCase();
      try {
        const view = await this.details.update({
          principal: command.principal,
          uuid: item.uuid,
          body: item.body,
          mode: command.mode,
          door: command.door,
          memo,
          ...(item.precondition ? { precondition: item.precondition } : {}),
          ...(transaction ? { transaction } : {}),
        });
        const changed = versions.get(key) !== view.version;
        versions.set(key, view.version);
        return { kind: "written", uuid: item.uuid, view, changed };
      } catch (error) {
        const appError = toAppError(error);
        if (!appError || appError.code === AppErrorCode.ServiceUnavailable) throw error;
        return { kind: "failed", uuid: item.uuid, error: appError };
      }
    };
  }
}

/** An all-or-none batch with a failed item: thrown to roll the transaction back, carrying the outcomes. */
class RolledBack extends Error {
  constructor(readonly outcomes: BatchOutcome[]) {
    super("an item of an all-or-none batch failed");
  }
}

/** The distinct, well-formed customer uuids of the items, lower-case (a malformed one is that item's 404). */
function customerKeys(items: BatchItem[]): string[] {
  return [...new Set(items.map((item) => item.uuid.toLowerCase()).filter(isCustomerUuid))];
}

function groupBy<T>(values: T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}

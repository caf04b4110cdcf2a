import { getOperationAST, type DocumentNode, type GraphQLError } from "graphql";
import type { Principal } from "../auth/principal";
import type { Budgets } from "./budgets";
import { rateLimitedError } from "./graphql-budget.plugin";
import { operationPrice } from "./graphql-price";
import type { SubscriptionSlots } from "./subscription-slots";

export interface WebSocketOperation {
  principal: Principal | null;
  /** The client's address (its budget when there is no principal). */
  address: string;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Readonly<Record<string, unknown>> | null;
}

/**
 * Fair use over the WebSocket transport: each operation a client sends is charged to its budget like an HTTP one
 * (same price), and a subscription holds one of its user's slots (SubscriptionSlots) until it ends. A refusal is the
 * `error` message of that operation only (RATE_LIMITED; `retryAfter` in seconds for a budget); the connection and the
 * user's other subscriptions go on.
 *
 * A slot is tied to the subscribe message that took it (graphql-ws hands the same payload object to onSubscribe and
 * onComplete, and ids may be reused), and all of a connection's slots are given back when it closes.
 */
export class WebSocketAdmission {
  private readonly bySubscribe = new WeakMap<object, () => void>();
  private readonly byConnection = new WeakMap<object, Set<() => void>>();

  constructor(
    private readonly budgets: Budgets | null,
    private readonly slots: SubscriptionSlots,
  ) {}

  /** null: admitted; otherwise the errors to answer the operation with. */
  async admit(connection: object, subscribe: object, operation: WebSocketOperation): Promise<GraphQLError[] | null> {
    const definition = getOperationAST(operation.document, operation.operationName);
    if (this.budgets) {
      const identity = operation.principal ? { userId: operation.principal.id } : { address: operation.address };
      const decision = await this.budgets.charge(identity, operationPrice(operation.document, definition, operation.variables));
      if (!decision.allowed) return [rateLimitedError(undefined, { retryAfter: decision.resetSeconds })];
    }
    if (definition?.operation !== "subscription" || !operation.principal) return null;
    const release = this.slots.take(operation.principal.id);
    if (!release) return [rateLimitedError(`Too many open subscriptions: at most ${this.slots.perUser} per user.`)];
    let held = this.byConnection.get(connection);
    if (!held) this.byConnection.set(connection, (held = new Set()));
    const connectionHeld = held;
    const releaseOnce = () => {
      release();
      connectionHeld.delete(releaseOnce);
    };
    held.add(releaseOnce);
    this.bySubscribe.set(subscribe, releaseOnce);
    return null;
  }

  /** The operation of this subscribe message ended. */
  completed(subscribe: object): void {
    this.bySubscribe.get(subscribe)?.();
    this.bySubscribe.delete(subscribe);
  }

  /** The connection closed: every slot it held is free. */
  closed(connection: object): void {
    for (const release of [...(this.byConnection.get(connection) ?? [])]) release();
    this.byConnection.delete(connection);
  }
}

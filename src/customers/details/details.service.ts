import type { PoolClient } from "pg";
import { recordedUserId, type Principal } from "../../auth/principal";
import { mayActOn, mayAttempt, type DetailsAction } from "../../auth/policy";
import type { CurrencyConverter } from "../../currency/currency-converter";
import { AppError } from "../../errors";
import type { Clock } from "../../shared/clock";
import { DEFAULT_DETAILS, type DetailsFields } from "./details.fields";
import { diffFields, fieldsOf, type DetailsRecord, type FieldChanges } from "./details.record";
import type { CustomerRef, CustomerSnapshot, DetailsStore } from "./details.store";
import type { CustomerDetailsView, Door, Precondition, WriteMode } from "./details.types";
import { resultingRecordErrors, throwIfInvalid, validateDetailsBody, type BodyValidation } from "./details.validation";
import type { RequestMemo } from "../../shared/request-memo";

export type { CustomerRef } from "./details.store";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Optimistic attempts (read, then a version-checked write) before a write serialises on the customer's row lock. */
const OPTIMISTIC_ATTEMPTS = 3;

export interface UpdateDetailsCommand {
  principal: Principal | null;
  uuid: string;
  /** The request body: snake_case keys as documented (the GraphQL door maps its input to them). */
  body: unknown;
  mode: WriteMode;
  door: Door;
  precondition?: Precondition;
  /** The request's reads (GraphQL: shield's ownership rule already read this customer). */
  memo?: RequestMemo;
  /**
   * Run inside the caller's transaction, which already holds this customer's row lock (an all-or-none batch):
   * the memo's snapshot is then current, and the write is one statement that cannot lose a race.
   */
  transaction?: PoolClient;
}

type WritePlan =
  | { kind: "unchanged"; details: DetailsRecord }
  | { kind: "write"; after: DetailsFields; changes: FieldChanges };

/**
 * The rules of docs/behaviour.md for reading and writing a customer's details, shared by both doors.
 * Checks run in the contract's order: 401, 403 (no permission at all), 404, 403 (not own), 422, 412.
 *
 * A write is one read and one statement: the customer and its details are read, every check runs on what was
 * read, and a single statement writes the new version and its history row only if the details are still the
 * version read and the customer still has the owner checked (details.store.ts). If another write got there first,
 * nothing was written and the request starts again from a fresh read, so concurrent writes never lose one
 * another's changes; after a few such collisions it serialises on the customer's row lock instead.
 */
export class CustomerDetailsService {
  constructor(
    private readonly store: DetailsStore,
    private readonly converter: CurrencyConverter,
    private readonly clock: Clock,
    private readonly defaultCurrency: string,
  ) {}

  /** The details of a customer, or null when it has none yet. */
  async get(principal: Principal | null, uuid: string, memo?: RequestMemo): Promise<CustomerDetailsView | null> {
    const who = this.authorize(principal, "view");
    const { customer, details } = await this.snapshot(uuid, memo);
    this.checkOwnership(who, "view", customer);
    return details ? this.view(details, customer, who) : null;
  }

  /** PUT or PATCH: creates the details if missing; a request that changes nothing writes nothing. */
  async update(command: UpdateDetailsCommand): Promise<CustomerDetailsView> {
    const who = this.authorize(command.principal, "update");
    const body = validateDetailsBody(command.body, { lenient: command.door === "REST" });
    const transaction = command.transaction;
    if (transaction) {
      const seen = await this.snapshot(command.uuid, command.memo, transaction);
      const { details, customer } = await this.writeLocked(transaction, who, command, body, seen);
      return this.view(details, customer, who);
    }
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt += 1) {
      const seen = await this.snapshot(command.uuid, attempt === 0 ? command.memo : undefined);
      const plan = this.plan(who, command, seen, body);
      if (plan.kind === "unchanged") return this.view(plan.details, seen.customer, who);
      const meta = { userId: recordedUserId(who), door: command.door, method: command.mode, changes: plan.changes, at: this.clock.now() };
      const written = seen.details
        ? await this.store.update({ customer: seen.customer, details: seen.details }, plan.after, meta)
        : await this.store.insert(seen.customer, plan.after, meta);
      command.memo?.forget(command.uuid);
      if (written) return this.view(written, seen.customer, who);
    }
    return this.updateLocked(who, command, body);
  }

  /** Steps 1–4 of the order of checks for one customer (the GraphQL shield's ownership rule, the history). */
  async authorizeFor(principal: Principal | null, uuid: string, action: DetailsAction, memo?: RequestMemo): Promise<CustomerRef> {
    const who = this.authorize(principal, action);
    const { customer } = await this.snapshot(uuid, memo);
    this.checkOwnership(who, action, customer);
    return customer;
  }

  /** Steps 1, 2 and 4 of the order of checks on a customer already read (a change the feed read with its owner). */
  authorizeOn(principal: Principal | null, customer: Pick<CustomerRef, "ownerId">, action: DetailsAction): Principal {
    const who = this.authorize(principal, action);
    this.checkOwnership(who, action, customer);
    return who;
  }

  /** The contended case: the customer's row lock serialises the writers; the same checks and the same statements. */
  private async updateLocked(who: Principal, command: UpdateDetailsCommand, body: BodyValidation): Promise<CustomerDetailsView> {
    const { details, customer } = await this.store.transaction(async (client) => {
      if (!(await this.store.lock(client, command.uuid))) throw AppError.customerNotFound();
      const seen = await this.store.read(command.uuid, client);
      if (!seen) throw AppError.customerNotFound();
      return this.writeLocked(client, who, command, body, seen);
    });
    return this.view(details, customer, who);
  }

  /** Steps 4–6 and the write, in a transaction that holds the customer's row lock (so `seen` is current). */
  private async writeLocked(
    client: PoolClient,
    who: Principal,
    command: UpdateDetailsCommand,
    body: BodyValidation,
    seen: CustomerSnapshot,
  ): Promise<{ details: DetailsRecord; customer: CustomerRef }> {
    const plan = this.plan(who, command, seen, body);
    if (plan.kind === "unchanged") return { details: plan.details, customer: seen.customer };
    const meta = { userId: recordedUserId(who), door: command.door, method: command.mode, changes: plan.changes, at: this.clock.now() };
    const written = seen.details
      ? await this.store.update({ customer: seen.customer, details: seen.details }, plan.after, meta, client)
      : await this.store.insert(seen.customer, plan.after, meta, client);
    command.memo?.forget(command.uuid);
    // Every write takes this lock first, so nothing can have changed since the read.
    if (!written) throw new Error("a write under the customer's lock found its details changed");
    return { details: written, customer: seen.customer };
  }

  /** Steps 4–6 on what was read, and what the write would change. */
  private plan(who: Principal, command: UpdateDetailsCommand, seen: CustomerSnapshot, body: BodyValidation): WritePlan {
    this.checkOwnership(who, "update", seen.customer);
    const existing = seen.details;
    const before: DetailsFields = existing ? fieldsOf(existing) : DEFAULT_DETAILS;
    const after: DetailsFields = { ...(command.mode === "PUT" ? DEFAULT_DETAILS : before), ...body.changes };
    throwIfInvalid(body.errors, resultingRecordErrors(after, body.errors));
    checkPrecondition(command.precondition, existing);
    const changes = diffFields(before, after);
    if (existing && Object.keys(changes).length === 0) return { kind: "unchanged", details: existing };
    return { kind: "write", after, changes };
  }

  /** Steps 1–2 of the order of checks (a batch checks them once for all its items). */
  authorize(principal: Principal | null, action: DetailsAction): Principal {
    if (!principal) throw AppError.unauthenticated();
    if (!mayAttempt(principal, action)) throw AppError.forbidden();
    return principal;
  }

  private checkOwnership(principal: Principal, action: DetailsAction, customer: Pick<CustomerRef, "ownerId">): void {
    if (!mayActOn(principal, action, customer)) throw AppError.forbidden();
  }

  /** The customer and its details (read once per request when the request keeps a memo); 404 when there is none. */
  private async snapshot(uuid: string, memo: RequestMemo | undefined, client?: PoolClient): Promise<CustomerSnapshot> {
    if (!isCustomerUuid(uuid)) throw AppError.customerNotFound();
    const found = await (memo ? memo.read(uuid, () => this.store.read(uuid, client)) : this.store.read(uuid, client));
    if (!found) throw AppError.customerNotFound();
    return found;
  }

  private async view(row: DetailsRecord, customer: CustomerRef, principal: Principal): Promise<CustomerDetailsView> {
    const fields = fieldsOf(row);
    const target = principal.preferredCurrency ?? this.defaultCurrency;
    const conversion =
      fields.annual_revenue !== null && fields.annual_revenue_currency !== null
        ? await this.converter.convert(fields.annual_revenue, fields.annual_revenue_currency, target)
        : null;
    return {
      ...fields,
      id: row.id,
      customerId: customer.id,
      customerUuid: customer.uuid,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      conversion,
    };
  }
}

/** Whether a string is a well-formed customer uuid (anything else is a 404, never a database error). */
export function isCustomerUuid(value: string): boolean {
  return UUID.test(value);
}

function checkPrecondition(precondition: Precondition | undefined, existing: DetailsRecord | null): void {
  if (!precondition) return;
  if (!existing) throw AppError.preconditionFailed();
  if (!precondition.anyVersion && !precondition.versions.includes(existing.version)) throw AppError.preconditionFailed();
}

import type { Principal } from "../../auth/principal";
import { AppError, AppErrorCode, type FieldErrors } from "../../errors";
import { SUBSCRIPTIONS_UNAVAILABLE } from "../../shared/listen-fallbacks";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import { attributeName, DETAILS_FIELDS, MONEY_FIELDS } from "../details/details.fields";
import type { CustomerDetailsService, CustomerRef } from "../details/details.service";
import { OverlappingReads } from "../../shared/request-memo";
import type { Door, WriteMode } from "../details/details.types";
import { SharedChange, type ChangeFeed, type StoppableIterator } from "./change-feed";
import type { CursorCodec, HistoryCursor } from "./cursor";
import type { AuditValue, ChangedFields, HistoryEntry, HistoryPage, HistoryPageRequest } from "./history.types";

export const DEFAULT_PER_PAGE = 15;
export const MAX_PER_PAGE = 100;

type ChangeRow = Prisma.CustomerDetailsChangeGetPayload<{ include: { customer: { select: { uuid: true } } } }>;

/**
 * The change history of a customer's details, newest first, paged with opaque cursors. Read permission and the
 * contract's order of checks (401, 403, 404, 403 not own) come from the details service; the page parameters are
 * validated after them (422), as a body is.
 */
export class CustomerHistoryService {
  /** The subscribers of one customer that subscribe at the same moment share one read of it. */
  private readonly subscribing = new OverlappingReads();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly details: CustomerDetailsService,
    private readonly cursors: CursorCodec,
    readonly feed: ChangeFeed,
  ) {}

  /**
   * Live changes of one customer, each as it commits on any instance. The subscriber is authorised now (the order of
   * checks: 401, 403, 404, 403 not own, thrown; one read of the customer, shared by the subscribers arriving with it) and again before every change, with no
   * read of its own: `reauthenticate` gives the principal from the principal cache (flushed by any committed change
   * to users, roles or permissions) and the change carries its customer's owner as the feed's one read of the
   * change found it. When that check fails (a permission revoked, the user disabled, the token expired, the customer
   * given to someone else), the refusal is the last item and the stream ends.
   */
  async follow(
    principal: Principal | null,
    uuid: string,
    reauthenticate: () => Promise<Principal | null>,
  ): Promise<StoppableIterator<SharedChange | AppError>> {
    await this.details.authorizeFor(principal, uuid, "view", this.subscribing);
    // Refused rather than silent: no change would ever arrive.
    if (!this.feed.listening) throw new AppError(AppErrorCode.ServiceUnavailable, SUBSCRIPTIONS_UNAVAILABLE);
    const changes = this.feed.watch(uuid);
    let ended = false;
    const end = async (): Promise<IteratorResult<SharedChange | AppError, undefined>> => {
      ended = true;
      await changes.return();
      return { done: true, value: undefined };
    };
    const next = async (): Promise<IteratorResult<SharedChange | AppError, undefined>> => {
      if (ended) return { done: true, value: undefined };
      const step = await changes.next();
      if (step.done) return { done: true, value: undefined };
      try {
        this.details.authorizeOn(await reauthenticate(), step.value.customer, "view");
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        await end();
        return { done: false, value: error };
      }
      return { done: false, value: step.value };
    };
    const iterator: StoppableIterator<SharedChange | AppError> = {
      next,
      return: end,
      throw: async (error: unknown) => {
        await end();
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Committed changes by id with their customers as they stand now: the change feed's one read per batch. */
  async changes(ids: bigint[]): Promise<SharedChange[]> {
    const rows = await this.prisma.customerDetailsChange.findMany({
      where: { id: { in: ids } },
      include: { customer: { select: { uuid: true, ownerId: true } } },
    });
    return rows.map((row) => new SharedChange(entryOf(row), { id: row.customerId, uuid: row.customer.uuid, ownerId: row.customer.ownerId }));
  }

  async page(principal: Principal | null, uuid: string, request: HistoryPageRequest): Promise<HistoryPage> {
    const customer = await this.details.authorizeFor(principal, uuid, "view");
    const { perPage, cursor } = this.parse(request, customer);

    const olderFirst = !cursor || cursor.pointsToNext;
    const rows = await this.prisma.customerDetailsChange.findMany({
      where: { customerId: customer.id, ...(cursor ? { id: olderFirst ? { lt: cursor.id } : { gt: cursor.id } } : {}) },
      orderBy: { id: olderFirst ? "desc" : "asc" },
      take: perPage + 1,
      include: { customer: { select: { uuid: true } } },
    });
    const hasMore = rows.length > perPage;
    const kept = rows.slice(0, perPage);
    const entries = (olderFirst ? kept : kept.reverse()).map(entryOf);

    // Laravel's CursorPaginator: a next cursor unless this is the end going forward; a previous one unless this
    // is the first page (no cursor) or the start going backward.
    const first = entries[0];
    const last = entries[entries.length - 1];
    const noNext = (!cursor && !hasMore) || (cursor?.pointsToNext === true && !hasMore);
    const noPrev = !cursor || (!cursor.pointsToNext && !hasMore);
    return {
      entries,
      perPage,
      nextCursor: last && !noNext ? this.cursors.encode({ customerId: customer.id, id: last.id, pointsToNext: true }) : null,
      prevCursor: first && !noPrev ? this.cursors.encode({ customerId: customer.id, id: first.id, pointsToNext: false }) : null,
    };
  }

  /** The cursor that continues after this entry (GraphQL's edge cursor). */
  cursorAfter(entry: HistoryEntry): string {
    return this.cursors.encode({ customerId: entry.customerId, id: entry.id, pointsToNext: true });
  }

  /** One change by id, with no permission check: for the subscription and the webhooks, which check their own. */
  async change(id: bigint): Promise<HistoryEntry | null> {
    const row = await this.prisma.customerDetailsChange.findUnique({ where: { id }, include: { customer: { select: { uuid: true } } } });
    return row ? entryOf(row) : null;
  }

  private parse(request: HistoryPageRequest, customer: CustomerRef): { perPage: number; cursor: HistoryCursor | null } {
    const errors: FieldErrors = {};
    const { names } = request;
    let perPage = DEFAULT_PER_PAGE;
    if (request.perPage !== undefined && request.perPage !== null) {
      const raw = request.perPage;
      const integer = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*-?\d{1,9}\s*$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(integer)) errors[names.perPage] = [`The ${attributeName(names.perPage)} field must be an integer.`];
      else if (integer < 1 || integer > MAX_PER_PAGE) {
        errors[names.perPage] = [`The ${attributeName(names.perPage)} field must be between 1 and ${MAX_PER_PAGE}.`];
      } else perPage = integer;
    }
    let cursor: HistoryCursor | null = null;
    if (request.cursor !== undefined && request.cursor !== null) {
      cursor = typeof request.cursor === "string" ? this.cursors.decode(request.cursor, customer.id) : null;
      if (!cursor) errors[names.cursor] = [`The selected ${attributeName(names.cursor)} is invalid.`];
    }
    if (Object.keys(errors).length > 0) throw AppError.validation(errors);
    return { perPage, cursor };
  }
}

function entryOf(row: ChangeRow): HistoryEntry {
  return {
    id: row.id,
    customerId: row.customerId,
    customerUuid: row.customer.uuid,
    userId: row.userId,
    door: row.door as Door,
    method: row.method as WriteMode,
    created: row.created,
    changes: changesOf(row.changes),
    createdAt: row.createdAt,
  };
}

const FIELD_ORDER = new Map<string, number>(DETAILS_FIELDS.map((field, index) => [field, index]));
const fieldRank = (field: string): number => FIELD_ORDER.get(field) ?? DETAILS_FIELDS.length;

/**
 * The stored JSON as field → {old, new} in the documented field order (jsonb keeps its own key order), money as
 * exact strings whatever wrote it.
 */
function changesOf(stored: Prisma.JsonValue): ChangedFields {
  const changes: ChangedFields = {};
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return changes;
  const entries = Object.entries(stored).sort(([a], [b]) => fieldRank(a) - fieldRank(b) || a.localeCompare(b));
  for (const [field, change] of entries) {
    if (typeof change !== "object" || change === null || Array.isArray(change)) continue;
    const pair = change as Record<string, Prisma.JsonValue>;
    changes[field] = { old: auditValue(field, pair.old), new: auditValue(field, pair.new) };
  }
  return changes;
}

function auditValue(field: string, value: Prisma.JsonValue | undefined): AuditValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && MONEY_FIELDS.has(field)) return String(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

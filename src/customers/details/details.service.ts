import type { Principal } from "../../auth/principal";
import { mayActOn, mayAttempt, type DetailsAction } from "../../auth/policy";
import type { CurrencyConverter } from "../../currency/currency-converter";
import { AppError } from "../../errors";
import { Prisma, type CustomerDetails, type PrismaClient } from "../../generated/prisma/client";
import type { Clock } from "../../shared/clock";
import { DEFAULT_DETAILS, type DetailsFields } from "./details.fields";
import { columnsOf, diffFields, fieldsOf } from "./details.record";
import type { CustomerDetailsView, Door, Precondition, WriteMode } from "./details.types";
import { resultingRecordErrors, throwIfInvalid, validateDetailsBody } from "./details.validation";

interface DetailsColumns {
  id: number;
  annual_revenue: CustomerDetails["annualRevenue"];
  annual_revenue_currency: string | null;
  employee_count: number | null;
  industry: string | null;
  website: string | null;
  address: string | null;
  is_active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

type CustomerWithDetailsRow = { customer_id: number; customer_uuid: string; owner_id: number | null } & (
  | DetailsColumns
  | { [K in keyof DetailsColumns]: null }
);

const CUSTOMER_WITH_DETAILS = Prisma.sql`
  SELECT c.id AS customer_id, c.uuid::text AS customer_uuid, c.owner_id,
    d.id, d.annual_revenue, d.annual_revenue_currency, d.employee_count, d.industry, d.website, d.address,
    d.is_active, d.version, d.created_at, d.updated_at
  FROM customers c LEFT JOIN customer_details d ON d.customer_id = c.id`;

function detailsOf(customerId: number, row: DetailsColumns): CustomerDetails {
  return {
    id: row.id,
    customerId,
    annualRevenue: row.annual_revenue,
    annualRevenueCurrency: row.annual_revenue_currency,
    employeeCount: row.employee_count,
    industry: row.industry,
    website: row.website,
    address: row.address,
    isActive: row.is_active,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export interface CustomerRef {
  id: number;
  uuid: string;
  ownerId: number | null;
}

export interface UpdateDetailsCommand {
  principal: Principal | null;
  uuid: string;
  /** The request body: snake_case keys as documented (the GraphQL door maps its input to them). */
  body: unknown;
  mode: WriteMode;
  door: Door;
  precondition?: Precondition;
}

/**
 * The rules of CONTRACT.md for reading and writing a customer's details, shared by both doors.
 * Checks run in the contract's order: 401, 403 (no permission at all), 404, 403 (not own), 422, 412.
 */
export class CustomerDetailsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly converter: CurrencyConverter,
    private readonly clock: Clock,
    private readonly defaultCurrency: string,
  ) {}

  /** The details of a customer, or null when it has none yet. */
  async get(principal: Principal | null, uuid: string): Promise<CustomerDetailsView | null> {
    const who = this.authorize(principal, "view");
    const { customer, details } = await this.findCustomer(this.prisma, uuid, false);
    this.checkOwnership(who, "view", customer);
    return details ? this.view(details, customer, who) : null;
  }

  /** PUT or PATCH: creates the details if missing; a request that changes nothing writes nothing. */
  async update(command: UpdateDetailsCommand): Promise<CustomerDetailsView> {
    const who = this.authorize(command.principal, "update");
    const { row, customer } = await this.prisma.$transaction(async (tx) => {
      const { customer, details: existing } = await this.findCustomer(tx, command.uuid, true);
      this.checkOwnership(who, "update", customer);

      const { changes, errors } = validateDetailsBody(command.body, { lenient: command.door === "REST" });
      const before: DetailsFields = existing ? fieldsOf(existing) : DEFAULT_DETAILS;
      const after: DetailsFields = { ...(command.mode === "PUT" ? DEFAULT_DETAILS : before), ...changes };
      throwIfInvalid(errors, errors.annual_revenue_currency ? {} : resultingRecordErrors(after));
      checkPrecondition(command.precondition, existing);

      const changed = diffFields(before, after);
      if (existing && Object.keys(changed).length === 0) return { row: existing, customer };

      const now = this.clock.now();
      const row = existing
        ? await tx.customerDetails.update({
            where: { id: existing.id },
            data: { ...columnsOf(after), version: { increment: 1 }, updatedAt: now },
          })
        : await tx.customerDetails.create({
            data: { ...columnsOf(after), customerId: customer.id, createdAt: now, updatedAt: now },
          });
      await tx.customerDetailsChange.create({
        data: {
          customerId: customer.id,
          detailsId: row.id,
          userId: who.id,
          door: command.door,
          method: command.mode,
          created: !existing,
          changes: changed,
          createdAt: now,
        },
      });
      return { row, customer };
    });
    return this.view(row, customer, who);
  }

  /** Steps 1–4 of the order of checks for one customer (used by the GraphQL shield's ownership rule). */
  async authorizeFor(principal: Principal | null, uuid: string, action: DetailsAction): Promise<CustomerRef> {
    const who = this.authorize(principal, action);
    const { customer } = await this.findCustomer(this.prisma, uuid, false);
    this.checkOwnership(who, action, customer);
    return customer;
  }

  private authorize(principal: Principal | null, action: DetailsAction): Principal {
    if (!principal) throw AppError.unauthenticated();
    if (!mayAttempt(principal, action)) throw AppError.forbidden();
    return principal;
  }

  private checkOwnership(principal: Principal, action: DetailsAction, customer: CustomerRef): void {
    if (!mayActOn(principal, action, customer)) throw AppError.forbidden();
  }

  /**
   * The customer and its details. With `lock`, the customer row is locked first, which serialises
   * concurrent writes to one customer's details; the details are read by the next statement, whose
   * fresh snapshot sees what the transaction we waited for committed (a joined read under the same
   * lock would return the details as they were before the wait).
   */
  private async findCustomer(db: Tx | PrismaClient, uuid: string, lock: boolean): Promise<{ customer: CustomerRef; details: CustomerDetails | null }> {
    if (!UUID.test(uuid)) throw AppError.customerNotFound();
    if (lock) {
      const locked = await db.$queryRaw<{ id: number }[]>`SELECT id FROM customers WHERE uuid = ${uuid}::uuid FOR NO KEY UPDATE`;
      if (locked.length === 0) throw AppError.customerNotFound();
    }
    const rows = await db.$queryRaw<CustomerWithDetailsRow[]>`${CUSTOMER_WITH_DETAILS} WHERE c.uuid = ${uuid}::uuid`;
    const found = rows[0];
    if (!found) throw AppError.customerNotFound();
    const customer = { id: found.customer_id, uuid: found.customer_uuid, ownerId: found.owner_id };
    return { customer, details: found.id === null ? null : detailsOf(customer.id, found as DetailsColumns) };
  }

  private async view(row: CustomerDetails, customer: CustomerRef, principal: Principal): Promise<CustomerDetailsView> {
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

function checkPrecondition(precondition: Precondition | undefined, existing: CustomerDetails | null): void {
  if (!precondition) return;
  if (!existing) throw AppError.preconditionFailed();
  if (!precondition.anyVersion && !precondition.versions.includes(existing.version)) throw AppError.preconditionFailed();
}

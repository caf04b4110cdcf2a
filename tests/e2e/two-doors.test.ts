import { randomUUID } from "node:crypto";
import { createCustomer } from "../../src/admin/customers";
import { storeRates } from "../../src/currency/rates.store";
import type { CustomerDetails } from "../../src/generated/prisma/client";
import {
  PatchCustomerDetailsDocument,
  UpdateCustomerDetailsDocument,
  type CustomerDetailsPatchInput,
  type DetailsFieldsFragment,
} from "../../src/client";
import { graphql } from "../support/graphql";
import { http } from "../support/http";
import { serviceTargets, startServiceOn } from "../support/pooled-service";
import { detailsThroughClient } from "../support/rest-client";
import { seedScenario, today, type Scenario as Seeded } from "../support/scenario";
import type { RunningService } from "../support/service";
import {
  CAMEL,
  camelKeys,
  expectedChanges,
  NO_DETAILS,
  RATES,
  SCENARIOS,
  storedFields,
  type Actor,
  type ResponseFields,
  type Scenario,
} from "./details-scenarios";

/**
 * Runs every row of details-scenarios.ts through the REST door and through the GraphQL door, on both databases and on
 * the server behind pgbouncer in transaction mode (docs/behaviour.md section 12), and asserts the row's outcome for each:
 * status ↔ extensions.code, the same message and field errors, the response, the stored state afterwards and the
 * change history (one row per effective change, none on refusal or no-op).
 */

type Door = "REST" | "GRAPHQL";

const GRAPHQL_CODE = { 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND", 412: "PRECONDITION_FAILED", 422: "BAD_USER_INPUT" } as const;

/** The response fields a row's expectation names, read from a response by their name in that door. */
function shownFields(expected: Partial<ResponseFields>, read: (key: keyof ResponseFields) => unknown): Record<string, unknown> {
  return Object.fromEntries((Object.keys(expected) as (keyof ResponseFields)[]).map((key) => [key, read(key)]));
}

interface Target {
  uuid: string;
  customerId: number | null;
}

/** The database before the request: every details row, the last history id, and the target's details. */
interface Snapshot {
  details: CustomerDetails[];
  lastChangeId: bigint;
  target: CustomerDetails | null;
}

describe.each(serviceTargets())("one table of scenarios through both doors (%s)", (target) => {
  let service: RunningService;
  let seeded: Seeded;
  const prisma = () => service.db.prisma;
  const url = (uuid: string) => `${service.baseUrl}/api/v1/customers/${uuid}/details`;

  beforeAll(async () => {
    service = await startServiceOn(target);
    seeded = await seedScenario(service);
    for (const { source, rates } of RATES) await storeRates(prisma(), source, rates.map((rate) => ({ ...rate, date: today() })));
  });
  afterAll(() => service?.stop());

  const tokenOf = (actor: Actor): string | undefined =>
    actor === "anonymous" ? undefined : actor === "badToken" ? "not-a-jwt" : seeded.tokens[actor];

  /** A customer of the row's own, with the `before` bodies PUT by the manager. */
  async function prepare(row: Scenario): Promise<Target> {
    if (row.customer === "missing") return { uuid: randomUUID(), customerId: null };
    if (row.customer === "malformed") return { uuid: "not-a-uuid", customerId: null };
    const owners = { salesOwned: seeded.users.sales, otherOwned: seeded.users.otherSales, unowned: undefined };
    const customer = await createCustomer(prisma(), { name: row.name.slice(0, 255), ownerId: owners[row.customer] });
    for (const body of row.before ?? []) {
      const setup = await http("PUT", url(customer.uuid), body, { token: seeded.tokens.manager });
      if (setup.status !== 200) throw new Error(`Setup of "${row.name}" failed: ${setup.status} ${setup.text}`);
    }
    return { uuid: customer.uuid, customerId: customer.id };
  }

  async function snapshot(target: Target): Promise<Snapshot> {
    const details = await prisma().customerDetails.findMany({ orderBy: { id: "asc" } });
    const last = await prisma().customerDetailsChange.findFirst({ orderBy: { id: "desc" } });
    return { details, lastChangeId: last?.id ?? 0n, target: details.find((row) => row.customerId === target.customerId) ?? null };
  }

  /** The stored state and history after the request, as the row expects for this door. */
  async function checkState(row: Scenario, door: Door, target: Target, before: Snapshot): Promise<CustomerDetails | null> {
    const details = await prisma().customerDetails.findMany({ orderBy: { id: "asc" } });
    const history = await prisma().customerDetailsChange.findMany({ where: { id: { gt: before.lastChangeId } } });
    if (row.expect.status !== 200 || row.expect.stored === "unchanged") {
      expect(details).toEqual(before.details);
      expect(history).toEqual([]);
      return before.target;
    }
    const others = (rows: CustomerDetails[]) => rows.filter((stored) => stored.customerId !== target.customerId);
    expect(others(details)).toEqual(others(before.details));
    const stored = details.find((candidate) => candidate.customerId === target.customerId) ?? null;
    const after = storedFields(stored);
    expect(after).toMatchObject(row.expect.stored);
    if (!stored || !after || row.actor === "anonymous" || row.actor === "badToken") throw new Error("unreachable");
    expect(history).toEqual([
      expect.objectContaining({
        customerId: target.customerId,
        detailsId: stored.id,
        userId: seeded.users[row.actor],
        door,
        method: row.mode,
        created: before.target === null,
        changes: expectedChanges(storedFields(before.target) ?? NO_DETAILS, after),
      }),
    ]);
    if (before.target) {
      expect(stored.version).toBe(before.target.version + 1);
      expect(stored.updatedAt.getTime()).toBeGreaterThan(before.target.updatedAt.getTime());
    } else {
      expect(stored.version).toBe(1);
    }
    return stored;
  }

  /** What a 200 must show: the stored fields as they are stored, plus the row's expected subset (e.g. the conversion). */
  function expectedResponse(row: Scenario, stored: CustomerDetails | null): Partial<ResponseFields> {
    if (row.expect.status !== 200) throw new Error("unreachable");
    const fields = storedFields(stored);
    if (!fields) throw new Error(`"${row.name}" expects 200 but the customer has no details`);
    const asJson: Partial<ResponseFields> = { ...fields, annual_revenue: fields.annual_revenue === null ? null : Number(fields.annual_revenue) };
    return { ...asJson, ...row.expect.response };
  }

  describe("REST", () => {
    it.each(SCENARIOS)("$name", async (row) => {
      const target = await prepare(row);
      const before = await snapshot(target);
      const ifMatch: Record<string, string> =
        row.precondition === undefined ? {} : { "if-match": row.precondition === "any" ? "*" : `"v${row.precondition.version}"` };
      const token = tokenOf(row.actor);
      const response = await detailsThroughClient(service.baseUrl, row.mode, target.uuid, row.body, { headers: ifMatch, ...(token ? { token } : {}) });
      const outcome = { status: response.status, body: response.body };

      if (row.expect.status !== 200) {
        const body = row.expect.status === 422 ? { message: row.expect.message, errors: row.expect.errors } : { message: row.expect.message };
        expect(outcome).toEqual({ status: row.expect.status, body });
        await checkState(row, "REST", target, before);
        return;
      }
      expect(outcome).toMatchObject({ status: 200 });
      const stored = await checkState(row, "REST", target, before);
      const body = response.body as Record<string, unknown>;
      const expected = expectedResponse(row, stored);
      expect(shownFields(expected, (key) => body[key])).toEqual(expected);
      expect(body.customer_id).toBe(target.customerId);
      expect(response.headers.get("etag")).toBe(`"v${stored?.version}"`);
    });
  });

  describe("GraphQL", () => {
    const rows = SCENARIOS.filter((row) => row.restOnly === undefined);

    it.each(rows)("$name", async (row) => {
      const target = await prepare(row);
      const before = await snapshot(target);
      const field = row.mode === "PUT" ? "updateCustomerDetails" : "patchCustomerDetails";
      const variables = {
        uuid: target.uuid,
        input: camelKeys(row.body) as CustomerDetailsPatchInput,
        ...(row.precondition !== undefined && row.precondition !== "any" ? { expectedVersion: row.precondition.version } : {}),
      };
      const token = tokenOf(row.actor);
      const result =
        row.mode === "PUT"
          ? await graphql(service.baseUrl, UpdateCustomerDetailsDocument, variables, token)
          : await graphql(service.baseUrl, PatchCustomerDetailsDocument, variables, token);

      if (row.expect.status !== 200) {
        const extensions = {
          code: GRAPHQL_CODE[row.expect.status],
          ...(row.expect.status === 422 ? { errors: camelKeys(row.expect.errors) } : {}),
        };
        expect({ data: result.data, errors: result.errors }).toEqual({
          data: null,
          errors: [{ message: row.expect.message, path: [field], locations: expect.any(Array), extensions }],
        });
        await checkState(row, "GRAPHQL", target, before);
        return;
      }
      expect({ errors: result.errors }).toEqual({ errors: undefined });
      const data = result.data as Record<string, DetailsFieldsFragment> | null | undefined;
      const details = data?.[field];
      if (!details) throw new Error(`No ${field} in ${JSON.stringify(result)}`);
      const stored = await checkState(row, "GRAPHQL", target, before);
      const shown = details as unknown as Record<string, unknown>;
      const expected = expectedResponse(row, stored);
      expect(shownFields(expected, (key) => shown[CAMEL[key]])).toEqual(expected);
      expect({ customerId: details.customerId, customerUuid: details.customerUuid, version: details.version }).toEqual({
        customerId: target.customerId,
        customerUuid: target.uuid,
        version: stored?.version,
      });
      if (row.expect.conversion !== undefined) {
        expect(details.conversion).toEqual(row.expect.conversion === null ? null : expect.objectContaining(row.expect.conversion));
      }
    });
  });

  it("has one name per row and a reason for every REST-only row", () => {
    expect(new Set(SCENARIOS.map((row) => row.name)).size).toBe(SCENARIOS.length);
    for (const row of SCENARIOS) if (row.restOnly !== undefined) expect(row.restOnly.length).toBeGreaterThan(0);
  });
});

import { createSecretKey } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import jwt from "jsonwebtoken";
import { Pool } from "pg";
import { minorUnits } from "../../src/currency/currencies";
import { FIELDS, validatePatch, validationMessage, type FloorFields } from "./floor.body";
import {
  convert,
  insertDetails,
  insertHistory,
  loadPrincipal,
  lockCustomer,
  readCustomer,
  readDetails,
  updateDetails,
  type DetailsRow,
  type PrincipalRow,
} from "./floor.sql";

/**
 * The floor: the documented PATCH and GET of /api/v1/customers/{uuid}/details written by hand with
 * node:http and pg — no framework, no ORM — with the same checks in the same order (token, user and
 * permissions, customer by uuid, ownership, body, one transaction with the update and a history row,
 * the rate lookup) and the same JSON. The benchmark measures the service against it.
 * Environment: DATABASE_URL (a PostgreSQL server), JWT_SECRET, PORT, DATABASE_POOL_SIZE (10).
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
pool.on("error", () => undefined);
const key = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? "", "utf8"));
const DEFAULT_CURRENCY = "TRY";
const PATH = /^\/api\/v1\/customers\/([^/]+)\/details$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class Refusal {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {}
}
const refuse = (status: number, message: string) => new Refusal(status, JSON.stringify({ message }));

function userIdOf(request: IncomingMessage): number {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  if (!match?.[1]) throw refuse(401, "Unauthenticated.");
  try {
    const payload = jwt.verify(match[1], key, { algorithms: ["HS256"], clockTolerance: 30 });
    if (typeof payload === "string" || typeof payload.exp !== "number") throw new Error("no exp");
    return Number(payload.sub);
  } catch {
    throw refuse(401, "Unauthenticated.");
  }
}

async function principalOf(request: IncomingMessage, all: string[], own: string[]): Promise<{ user: PrincipalRow; any: boolean }> {
  const user = await loadPrincipal(pool, userIdOf(request));
  if (!user) throw refuse(401, "Unauthenticated.");
  const any = all.some((name) => user.permissions.includes(name));
  if (!any && !own.some((name) => user.permissions.includes(name))) throw refuse(403, "Forbidden");
  return { user, any };
}

const UPDATE = ["customer.details.update"];
const UPDATE_OWN = ["customer.details.update.own"];

async function patch(request: IncomingMessage, uuid: string, text: string): Promise<{ row: DetailsRow; customerId: number; user: PrincipalRow }> {
  if (!/^application\/json/i.test(request.headers["content-type"] ?? "")) throw refuse(415, "Unsupported Media Type");
  let body: unknown;
  try {
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw refuse(400, "The body is not valid JSON.");
  }
  const { user, any } = await principalOf(request, UPDATE, UPDATE_OWN);
  if (!UUID.test(uuid)) throw refuse(404, "Customer not found");
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    try {
      const customer = await lockCustomer(client, uuid);
      if (!customer) throw refuse(404, "Customer not found");
      if (!any && customer.owner_id !== user.id) throw refuse(403, "Forbidden");
      const existing = await readDetails(client, customer.id);
      const { changes, errors } = validatePatch(body);
      if (Object.keys(errors).length > 0) throw new Refusal(422, validationMessage(errors));
      const before: FloorFields = existing ? fieldsOf(existing) : EMPTY;
      const after: FloorFields = { ...before, ...changes };
      if (after.annual_revenue !== null && after.annual_revenue_currency === null) {
        throw new Refusal(422, validationMessage({ annual_revenue_currency: ["The annual revenue currency field is required."] }));
      }
      const changed: Record<string, { old: unknown; new: unknown }> = {};
      for (const field of FIELDS) if (!same(before[field], after[field])) changed[field] = { old: before[field], new: after[field] };
      if (existing && Object.keys(changed).length === 0) {
        await client.query("COMMIT");
        return { row: existing, customerId: customer.id, user };
      }
      const row = existing ? await updateDetails(client, existing.id, after) : await insertDetails(client, customer.id, after);
      await insertHistory(client, { customerId: customer.id, customerUuid: uuid, detailsId: row.id, userId: user.id, created: !existing, changes: changed });
      await client.query("COMMIT");
      return { row, customerId: customer.id, user };
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  } finally {
    client.release();
  }
}

async function get(request: IncomingMessage, uuid: string): Promise<{ row: DetailsRow; customerId: number; user: PrincipalRow }> {
  const { user, any } = await principalOf(request, ["customer.details.view", ...UPDATE], ["customer.details.view.own", ...UPDATE_OWN]);
  if (!UUID.test(uuid)) throw refuse(404, "Customer not found");
  const found = await readCustomer(pool, uuid);
  if (!found) throw refuse(404, "Customer not found");
  if (!any && found.owner_id !== user.id) throw refuse(403, "Forbidden");
  if (found.id === null) throw refuse(404, "Customer details not found");
  return { row: found, customerId: found.customer_id, user };
}

const EMPTY: FloorFields = {
  annual_revenue: null,
  annual_revenue_currency: null,
  employee_count: null,
  industry: null,
  website: null,
  address: null,
  is_active: true,
};

function fieldsOf(row: DetailsRow): FloorFields {
  return {
    annual_revenue: row.annual_revenue,
    annual_revenue_currency: row.annual_revenue_currency?.trim() ?? null,
    employee_count: row.employee_count,
    industry: row.industry,
    website: row.website,
    address: row.address,
    is_active: row.is_active,
  };
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string" && /^[\d.]+$/.test(a) && /^[\d.]+$/.test(b)) return Number(a) === Number(b);
  return a === b;
}

/** A numeric column's text as the exact JSON number (trailing zeros of the scale dropped). */
const money = (text: string | null) => (text === null ? "null" : text.includes(".") ? text.replace(/\.?0+$/, "") : text);
const timestamp = (date: Date) => JSON.stringify(date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z"));

async function respond(response: ServerResponse, result: { row: DetailsRow; customerId: number; user: PrincipalRow }): Promise<void> {
  const { row, user } = result;
  const target = user.preferred_currency?.trim() ?? DEFAULT_CURRENCY;
  const currency = row.annual_revenue_currency?.trim() ?? null;
  const converted = row.annual_revenue !== null && currency !== null ? await convert(pool, row.annual_revenue, currency, target, minorUnits(target)) : null;
  const json =
    `{"id":${row.id},"customer_id":${result.customerId},"annual_revenue":${money(row.annual_revenue)},` +
    `"annual_revenue_currency":${JSON.stringify(currency)},"annual_revenue_converted":${money(converted)},` +
    `"annual_revenue_currency_converted":${JSON.stringify(converted === null ? null : target)},` +
    `"employee_count":${JSON.stringify(row.employee_count)},"industry":${JSON.stringify(row.industry)},` +
    `"website":${JSON.stringify(row.website)},"address":${JSON.stringify(row.address)},"is_active":${row.is_active},` +
    `"created_at":${timestamp(row.created_at)},"updated_at":${timestamp(row.updated_at)}}`;
  response.writeHead(200, { "content-type": "application/json; charset=utf-8", etag: `"v${row.version}"`, "cache-control": "private, no-cache" });
  response.end(json);
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= 65_536) chunks.push(chunk);
  });
  request.on("end", () => {
    const send = (status: number, body: string) => response.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(body);
    if (request.url === "/readyz") return send(200, '{"status":"ok"}');
    const uuid = PATH.exec(request.url ?? "")?.[1];
    if (uuid === undefined) return send(404, '{"message":"Not Found"}');
    if (size > 65_536) return send(413, '{"message":"Payload Too Large"}');
    const work =
      request.method === "PATCH" ? patch(request, uuid, Buffer.concat(chunks).toString("utf8")) : request.method === "GET" ? get(request, uuid) : null;
    if (!work) return send(405, '{"message":"Method Not Allowed"}');
    work
      .then((result) => respond(response, result))
      .catch((error: unknown) => {
        if (error instanceof Refusal) return send(error.status, error.body);
        send(500, '{"message":"Server Error"}');
      });
  });
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1");
process.on("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});

import { connect, createServer, type AddressInfo } from "node:net";
import { DatabaseError } from "pg";
import { AppError, AppErrorCode, isDatabaseUnavailable, toAppError } from "../../src/errors";
import { Prisma } from "../../src/generated/prisma/client";

/** A Prisma error as Prisma 7 over @prisma/adapter-pg throws it (shapes recorded from real faults, see faults.test.ts). */
const prismaError = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError("Invalid invocation", { code, clientVersion: "7.10.0", meta });

const adapterMeta = (cause: Record<string, unknown>) => ({ driverAdapterError: { name: "DriverAdapterError", cause } });

function sqlState(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, "error");
  error.code = code;
  return error;
}

/** A genuine ECONNREFUSED from the socket layer: a port where nothing listens. */
async function refusedConnection(): Promise<Error> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return new Promise((resolve) => connect(port, "127.0.0.1").once("error", resolve));
}

describe("what counts as the database not being there", () => {
  const unavailable: [string, () => unknown][] = [
    ["a refused connection (Node)", () => refusedConnection()],
    ["pg: connection terminated unexpectedly", () => new Error("Connection terminated unexpectedly")],
    ["pg: connect timeout", () => new Error("Connection terminated due to connection timeout", { cause: new Error("Connection terminated unexpectedly") })],
    ["pg-pool: no free connection in time", () => new Error("timeout exceeded when trying to connect")],
    ["pg: no answer to a statement (black hole)", () => new Error("Query read timeout")],
    ["pg: a client whose connection broke", () => new Error("Client has encountered a connection error and is not queryable")],
    ["pg-pool: closed for shutdown", () => new Error("Cannot use a pool after calling end on the pool")],
    ["PostgreSQL: statement timeout (57014)", () => sqlState("57014", "canceling statement due to statement timeout")],
    ["PostgreSQL: lock timeout (55P03)", () => sqlState("55P03", "canceling statement due to lock timeout")],
    ["PostgreSQL: shutting down (57P01)", () => sqlState("57P01", "terminating connection due to administrator command")],
    ["PostgreSQL: starting up (57P03)", () => sqlState("57P03", "the database system is starting up")],
    ["PostgreSQL: connection exception (08006)", () => sqlState("08006", "connection failure")],
    ["Prisma: can't reach the server (P1001)", () => prismaError("P1001", adapterMeta({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }))],
    ["Prisma: the server closed the connection (P1017)", () => prismaError("P1017")],
    ["Prisma: pool timeout (P2024)", () => prismaError("P2024")],
    ["Prisma: transaction could not start in time (P2028)", () => prismaError("P2028")],
    ["Prisma: raw query, connection closed (P2010)", () => prismaError("P2010", adapterMeta({ kind: "ConnectionClosed" }))],
    ["Prisma: raw query, statement timeout (P2010)", () => prismaError("P2010", adapterMeta({ kind: "postgres", code: "57014", originalCode: "57014" }))],
  ];
  it.each(unavailable)("%s → SERVICE_UNAVAILABLE (503), the driver's words kept as the cause only", async (_name, make) => {
    const error = await make();
    expect(isDatabaseUnavailable(error)).toBe(true);
    const mapped = toAppError(error);
    expect(mapped?.code).toBe(AppErrorCode.ServiceUnavailable);
    expect(mapped?.message).toBe("Service Unavailable");
    expect(mapped?.cause).toBe(error);
  });

  const bugs: [string, unknown][] = [
    ["a TypeError", new TypeError("Cannot read properties of undefined (reading 'id')")],
    ["a unique violation (23505)", sqlState("23505", "duplicate key value violates unique constraint")],
    ["a missing table (42P01)", sqlState("42P01", 'relation "users" does not exist')],
    ["Prisma: unique violation (P2002)", prismaError("P2002")],
    ["Prisma: raw query, syntax error (P2010)", prismaError("P2010", adapterMeta({ kind: "postgres", code: "42601", originalCode: "42601" }))],
    ["a missing file (ENOENT, not a connect)", Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT", syscall: "open" })],
    ["a string", "Connection terminated"],
  ];
  it.each(bugs)("%s is a bug (500), not SERVICE_UNAVAILABLE", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(toAppError(error)).toBeNull();
  });

  it("keeps an AppError as it is", () => {
    const forbidden = AppError.forbidden();
    expect(toAppError(forbidden)).toBe(forbidden);
  });
});

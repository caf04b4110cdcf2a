import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserContext } from "playwright-core";
import { launchBrowser, type TestBrowser } from "../support/browser";
import { testDatabaseKinds } from "../support/databases";
import { seedScenario, type Scenario } from "../support/scenario";
import { startService, type RunningService } from "../support/service";

/** One browser run is enough (CORS does not depend on the database; tests/e2e/cors.test.ts covers both). */
const kinds = testDatabaseKinds();
const kind = kinds.includes("server") ? "server" : (kinds[0] ?? "embedded");

/** A web app's origin of its own: another port on 127.0.0.1 serving an empty page. */
async function pageServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>app</title><p>app</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface PageRun {
  patch: { status: number; etag: string | null; requestId: string | null; employeeCount: unknown };
  conditional: { status: number; etag: string | null };
  stale: { status: number; message: unknown };
  graphql: { status: number; data: unknown };
}

/** What a page's script does with the API: a REST PATCH (its ETag), a conditional PATCH twice, a GraphQL mutation. */
async function runInPage(context: BrowserContext, pageUrl: string, api: string, token: string, uuid: string): Promise<PageRun | string> {
  const page = await context.newPage();
  try {
    await page.goto(pageUrl);
    return await page.evaluate(
      async ({ api, token, uuid }) => {
        try {
          const url = `${api}/api/v1/customers/${uuid}/details`;
          const json = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
          const first = await fetch(url, { method: "PATCH", headers: json, body: JSON.stringify({ employee_count: 12 }) });
          const firstBody = (await first.json()) as { employee_count?: unknown };
          const etag = first.headers.get("ETag");
          const second = await fetch(url, { method: "PATCH", headers: { ...json, "If-Match": etag ?? "" }, body: JSON.stringify({ industry: "Software" }) });
          await second.text();
          const stale = await fetch(url, { method: "PATCH", headers: { ...json, "If-Match": etag ?? "" }, body: JSON.stringify({ industry: "Hardware" }) });
          const staleBody = (await stale.json()) as { message?: unknown };
          const graphql = await fetch(`${api}/graphql`, {
            method: "POST",
            headers: json,
            body: JSON.stringify({
              query: "mutation Grow($uuid: ID!) { patchCustomerDetails(uuid: $uuid, input: { employeeCount: 13 }) { employeeCount industry } }",
              variables: { uuid },
            }),
          });
          return {
            patch: { status: first.status, etag, requestId: first.headers.get("X-Request-Id"), employeeCount: firstBody.employee_count },
            conditional: { status: second.status, etag: second.headers.get("ETag") },
            stale: { status: stale.status, message: staleBody.message },
            graphql: { status: graphql.status, data: ((await graphql.json()) as { data?: unknown }).data },
          };
        } catch (error) {
          return `${(error as Error).name}: ${(error as Error).message}`;
        }
      },
      { api, token, uuid },
    );
  } finally {
    await page.close();
  }
}

/** A page's WebSocket to /graphql: "open", or "refused" (the browser reports no more than that). */
async function webSocketFrom(context: BrowserContext, pageUrl: string, api: string): Promise<string> {
  const page = await context.newPage();
  try {
    await page.goto(pageUrl);
    return await page.evaluate(
      (api) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`${api.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
          socket.onopen = () => {
            socket.close();
            resolve("open");
          };
          socket.onerror = () => resolve("refused");
        }),
      api,
    );
  } finally {
    await page.close();
  }
}

describe(`a web app on another origin, in Chromium (${kind} database)`, () => {
  let service: RunningService;
  let scenario: Scenario;
  let browser: TestBrowser;
  /**
   * Pages of their own, without the shared context's request interception: while Playwright intercepts requests it
   * answers every CORS preflight itself, permissively, so the service's own answers would never be tested. Nothing
   * leaves the machine anyway: Chromium resolves no host name but 127.0.0.1 (tests/support/browser.ts).
   */
  let pages: BrowserContext;
  let listed: { origin: string; server: Server };
  let unlisted: { origin: string; server: Server };

  beforeAll(async () => {
    [listed, unlisted, browser] = await Promise.all([pageServer(), pageServer(), launchBrowser()]);
    pages = await browser.browser.newContext();
    service = await startService(kind, { env: { CORS_ORIGINS: listed.origin } });
    scenario = await seedScenario(service);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), service?.stop()]);
    for (const page of [listed, unlisted]) await new Promise((resolve) => page?.server.close(resolve));
  });

  it("calls REST (reading the ETag for If-Match) and GraphQL with a bearer token from a listed origin", async () => {
    const run = await runInPage(pages, `${listed.origin}/`, service.baseUrl, scenario.tokens.manager, scenario.customers.unowned);
    expect(run).toEqual({
      patch: { status: 200, etag: expect.stringMatching(/^"/) as unknown, requestId: expect.any(String) as unknown, employeeCount: 12 },
      conditional: { status: 200, etag: expect.stringMatching(/^"/) as unknown },
      stale: { status: 412, message: "Precondition Failed" },
      graphql: { status: 200, data: { patchCustomerDetails: { employeeCount: 13, industry: "Software" } } },
    });
  });

  it("is blocked by the browser on an origin that is not listed: the PATCH is never sent, the WebSocket is refused", async () => {
    const run = await runInPage(pages, `${unlisted.origin}/`, service.baseUrl, scenario.tokens.manager, scenario.customers.salesOwned);
    expect(run).toBe("TypeError: Failed to fetch");
    expect(await service.db.prisma.customerDetails.findFirst({ where: { customerId: scenario.customerIds.salesOwned } })).toBeNull();
    expect(await webSocketFrom(pages, `${unlisted.origin}/`, service.baseUrl)).toBe("refused");
    expect(await webSocketFrom(pages, `${listed.origin}/`, service.baseUrl)).toBe("open");
  });
});

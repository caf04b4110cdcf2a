import { launchBrowser, type TestBrowser } from "../support/browser";
import { openPlayground, readHeaders, readQuery, runInPlayground } from "../support/playground-driver";
import { startStubServer, type StubServer } from "./stub-graphql.server";

const TOKEN = "test-token-<&>\"'";
const MUTATION = `mutation PatchFromTest {
  patchCustomerDetails(uuid: "0b6f4f5e-8c4e-4d3a-9a43-3f3b8f0c9d11", input: { annualRevenue: 2000000, annualRevenueCurrency: "USD" }) {
    customerUuid
    annualRevenueConverted
    annualRevenueCurrencyConverted
  }
}`;

describe("GraphQL playground in a browser (offline)", () => {
  let server: StubServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startStubServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.app.close()]);
  });

  it("links to the playground from the landing page", async () => {
    await browser.page.goto(`${server.baseUrl}/`);
    const href = await browser.page.getAttribute('a[href="/graphql"]', "href");
    expect(href).toBe("/graphql");
    expect(await browser.page.title()).toBe("Customer Details API");
  });

  it("runs a mutation with the token from the headers editor", async () => {
    const { page } = browser;
    await openPlayground(page, `${server.baseUrl}/graphql`);

    expect(await readQuery(page)).toContain("patchCustomerDetails");
    expect(JSON.parse(await readHeaders(page))).toEqual({ Authorization: "Bearer " });

    const result = await runInPlayground(page, {
      headers: JSON.stringify({ Authorization: `Bearer ${TOKEN}` }, null, 2),
      query: MUTATION,
      expected: "60000000",
    });

    expect(JSON.parse(result)).toEqual({
      data: {
        patchCustomerDetails: {
          customerUuid: "0b6f4f5e-8c4e-4d3a-9a43-3f3b8f0c9d11",
          annualRevenueConverted: 60000000,
          annualRevenueCurrencyConverted: "TRY",
        },
      },
    });
    // The prefilled "Bearer " without a token is not sent: the schema loads anonymously.
    const introspection = server.received.find((request) => request.operationName === "IntrospectionQuery");
    expect(introspection).toBeDefined();
    expect(introspection?.authorization).toBeUndefined();
    const mutation = server.received.find((request) => request.query.includes("PatchFromTest"));
    expect(mutation?.authorization).toBe(`Bearer ${TOKEN}`);
    // A non-simple content type: what Apollo's CSRF prevention asks of browser requests.
    expect(mutation?.contentType).toMatch(/^application\/json/);
  });

  it("keeps every request on 127.0.0.1 and violates no Content-Security-Policy", () => {
    expect(browser.externalRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});

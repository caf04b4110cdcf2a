import { launchBrowser, type TestBrowser } from "../support/browser";
import { testDatabaseKinds } from "../support/databases";
import { http } from "../support/http";
import { startService, type RunningService } from "../support/service";

/** One browser run is enough: the server database when it is wanted (faster to start), else the embedded one. */
const kinds = testDatabaseKinds();
const kind = kinds.includes("server") ? "server" : kinds[0];
const withDatabase = kind ? describe : describe.skip;

withDatabase(`the REST reference at /docs (${kind ?? "no"} database)`, () => {
  let service: RunningService;
  let browser: TestBrowser;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(kind ?? "embedded"), launchBrowser()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), service?.stop()]);
  });

  it("is linked from the landing page", async () => {
    const landing = await http("GET", `${service.baseUrl}/`);
    expect(landing.text).toContain('<a href="/docs">REST documentation</a>');
  });

  it("is served with a Content-Security-Policy that allows nothing from elsewhere", async () => {
    const page = await http("GET", `${service.baseUrl}/docs/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).not.toMatch(/https:|validator\.swagger\.io|upgrade-insecure-requests/);
  });

  it("renders every operation from the installed package, with the network cut off", async () => {
    const { page } = browser;
    await page.goto(`${service.baseUrl}/docs`);
    await page.locator(".opblock-summary").first().waitFor({ timeout: 30_000 });
    const operations = await page.locator(".opblock-summary").evaluateAll((elements) =>
      elements.map((element) => (element.textContent ?? "").replace(/\s+/g, " ").trim()),
    );
    expect(operations).toEqual([
      expect.stringMatching(/^GET\s?\/api\/v1\/customers\/\{uuid\}\/details\s?Read a customer's details/),
      expect.stringMatching(/^PUT\s?\/api\/v1\/customers\/\{uuid\}\/details\s?Replace a customer's details/),
      expect.stringMatching(/^PATCH\s?\/api\/v1\/customers\/\{uuid\}\/details\s?Update some of a customer's details/),
      expect.stringMatching(/^PUT\s?\/api\/v1\/customers\/details\s?Replace many customers' details/),
      expect.stringMatching(/^PATCH\s?\/api\/v1\/customers\/details\s?Update some of many customers' details/),
      expect.stringMatching(/^GET\s?\/api\/v1\/customers\/\{uuid\}\/details\/history\s?The change history/),
    ]);
    // The bearer scheme: the Authorize button.
    await page.locator("button.authorize").waitFor();
    // Open the single customer's PATCH: the documented example request is shown.
    const patch = page.locator(".opblock-patch").first();
    await patch.locator(".opblock-summary").click();
    await patch.locator(".body-param__example, .microlight").first().waitFor();
    expect(await patch.textContent()).toContain('"annual_revenue": 2000000');
    expect(browser.externalRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});

import { chromium, type Browser, type BrowserContext, type Page, type Request } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags that keep Chromium off the network: it resolves no host name at all except 127.0.0.1. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

export interface TestBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL the pages asked for that is not on 127.0.0.1 (each was aborted). */
  externalRequests: string[];
  /** Uncaught page errors and console errors (a CSP violation shows up here). */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Launches headless Chromium (a fresh temporary profile: Playwright creates and deletes it) with one page. Requests
 * to any host other than 127.0.0.1 are recorded and aborted, so a test can assert the page works offline.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const externalRequests: string[] = [];
    const pageErrors: string[] = [];
    const isExternal = (url: URL): boolean => isNetworkUrl(url) && url.hostname !== "127.0.0.1";
    await context.route(isExternal, (route) => route.abort("blockedbyclient"));
    context.on("request", (request: Request) => {
      const url = new URL(request.url());
      if (isExternal(url)) externalRequests.push(request.url());
    });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(`console: ${message.text()}`);
    });
    return { browser, context, page, externalRequests, pageErrors, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** data:, blob:, about: and the like never leave the machine. */
function isNetworkUrl(url: URL): boolean {
  return ["http:", "https:", "ws:", "wss:", "ftp:"].includes(url.protocol);
}

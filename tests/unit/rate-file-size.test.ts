import { createServer, type Server } from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readRateFile } from "../../src/currency/rate-import";
import { RateFileError } from "../../src/currency/rate-files";

/** RATES_MAX_BYTES: a rate file larger than the cap is refused without being read past it. */
describe("readRateFile size cap", () => {
  let server: Server;
  let baseUrl: string;
  let sentByEndless = 0;
  let directory: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/declared") {
        response.writeHead(200, { "content-type": "application/xml", "content-length": String(10 * 1024 * 1024) });
        response.write("<x>");
        return;
      }
      if (request.url === "/small") {
        response.end("<small/>");
        return;
      }
      // Chunked, never ending: only the client's giving up stops it.
      response.writeHead(200, { "content-type": "application/xml" });
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const timer = setInterval(() => {
        sentByEndless += chunk.length;
        response.write(chunk);
      }, 1);
      response.on("close", () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no address");
    baseUrl = `http://127.0.0.1:${address.port}`;
    directory = await mkdtemp(path.join(tmpdir(), "cd-rates-"));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(directory, { recursive: true, force: true });
  });

  it("refuses a body that keeps coming past the cap, and stops reading it", async () => {
    const reading = readRateFile(`${baseUrl}/endless`, 30_000, undefined, 256 * 1024);
    await expect(reading).rejects.toThrow(RateFileError);
    await expect(reading).rejects.toThrow(/larger than 262144 bytes \(RATES_MAX_BYTES\)/);
    const sentWhenRefused = sentByEndless;
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The connection was given up: the server stopped sending soon after (a few chunks in flight at most).
    expect(sentByEndless - sentWhenRefused).toBeLessThan(4 * 1024 * 1024);
  });

  it("refuses a declared Content-Length above the cap before reading the body", async () => {
    await expect(readRateFile(`${baseUrl}/declared`, 30_000, undefined, 1024 * 1024)).rejects.toThrow(/larger than 1048576 bytes/);
  });

  it("refuses a local file above the cap, and reads files and bodies within it", async () => {
    const big = path.join(directory, "big.xml");
    await writeFile(big, Buffer.alloc(4096, 0x61));
    await expect(readRateFile(big, 30_000, undefined, 4095)).rejects.toThrow(/larger than 4095 bytes/);
    expect(await readRateFile(big, 30_000, undefined, 4096)).toHaveLength(4096);
    expect(await readRateFile(`${baseUrl}/small`, 30_000, undefined, 1024)).toBe("<small/>");
  });
});

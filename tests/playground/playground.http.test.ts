import { gunzipSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { PLAYGROUND_CSP, playgroundHtml, registerPlayground } from "../../src/playground";
import { rawGet } from "./raw-http";

const ASSETS = [
  ["graphiql.min.css", "text/css; charset=utf-8"],
  ["react.production.min.js", "application/javascript; charset=utf-8"],
  ["react-dom.production.min.js", "application/javascript; charset=utf-8"],
  ["graphiql.min.js", "application/javascript; charset=utf-8"],
  ["graphql-ws.min.js", "application/javascript; charset=utf-8"],
  ["playground.js", "application/javascript; charset=utf-8"],
] as const;

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

describe("playground over HTTP", () => {
  let app: FastifyInstance;
  let baseUrl: string;
  const get = (path: string, headers: Record<string, string> = {}) => rawGet(`${baseUrl}${path}`, headers);

  beforeAll(async () => {
    app = Fastify({ logger: false });
    await registerPlayground(app, {
      graphqlPath: "/graphql",
      restDocsPath: "/docs/rest",
      graphqlGetHandler: (_request, reply) => reply.send({ answeredBy: "graphql" }),
    });
    baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
  });

  afterAll(() => app.close());

  it("serves the playground to a browser with a strict CSP", async () => {
    const response = await get("/graphql", { accept: BROWSER_ACCEPT });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.headers["content-security-policy"]).toBe(PLAYGROUND_CSP);
    expect(PLAYGROUND_CSP).toContain("script-src 'self';");
    expect(PLAYGROUND_CSP).not.toContain("unsafe");
    const sources = [...response.text.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    expect(sources).toEqual([
      "data:,",
      ...ASSETS.map(([name]) => expect.stringMatching(new RegExp(`^/playground/assets/${name.replace(/\./g, "\\.")}\\?v=`))),
    ]);
  });

  it.each([
    ["GraphQL over GET", "/graphql?query=%7B__typename%7D", BROWSER_ACCEPT],
    ["an API client", "/graphql", "application/json"],
    ["curl", "/graphql", "*/*"],
    ["no Accept header", "/graphql", undefined],
  ])("passes %s to the GraphQL handler", async (_name, url, accept) => {
    const response = await get(url, accept === undefined ? {} : { accept });
    expect(JSON.parse(response.text)).toEqual({ answeredBy: "graphql" });
  });

  it("answers 405 for GraphQL GETs when no handler is given", async () => {
    const bare = Fastify({ logger: false });
    await registerPlayground(bare, { graphqlPath: "/graphql" });
    const bareUrl = await bare.listen({ host: "127.0.0.1", port: 0 });
    const response = await rawGet(`${bareUrl}/graphql?query=%7B__typename%7D`);
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe("POST");
    expect((await rawGet(`${bareUrl}/`)).statusCode).toBe(404);
    await bare.close();
  });

  it("serves the landing page linking to the playground and the REST docs", async () => {
    const response = await get("/", { host: "api.example.test" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(response.text).toContain("Customer Details API");
    expect(response.text).toContain('<a href="/graphql">');
    expect(response.text).toContain('<a href="/docs/rest">');
    expect(response.text).toContain("PUT|PATCH /api/v1/customers/{uuid}/details");
    expect(response.text).toContain("curl -X PATCH &#39;http://api.example.test/api/v1/customers/");
  });

  it.each(ASSETS)("serves %s from memory with long caching and an ETag", async (name, contentType) => {
    const url = `/playground/assets/${name}`;
    const plain = await get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-type"]).toBe(contentType);
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(plain.headers["x-content-type-options"]).toBe("nosniff");
    expect(plain.text).not.toContain("sourceMappingURL");
    const etag = String(plain.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);

    const notModified = await get(url, { "if-none-match": etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.text).toBe("");

    const gzipped = await get(url, { "accept-encoding": "gzip, deflate, br" });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers.etag).not.toBe(etag);
    expect(gunzipSync(gzipped.body).toString("utf8")).toBe(plain.text);
  });

  it("GraphiQL's stylesheet loads nothing from elsewhere (its fonts are data: URLs)", async () => {
    const css = (await get("/playground/assets/graphiql.min.css")).text;
    const urls = [...css.matchAll(/url\(\s*['"]?([^'")]*)/g)].map((match) => match[1] ?? "");
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => !url.startsWith("data:"))).toEqual([]);
    expect(css).not.toMatch(/@import/);
  });
});

describe("playgroundHtml", () => {
  it("escapes what it interpolates", () => {
    const hostile = `</script><script>alert(1)</script>"'&`;
    const html = playgroundHtml({ graphqlPath: `/graphql${hostile}`, assetsPath: `/assets"${hostile}`, defaultHeaders: hostile });
    expect(html).not.toContain("<script>alert(1)");
    const config = /<script type="application\/json" id="playground-config">([^<]*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(config ?? "null")).toEqual(
      expect.objectContaining({ graphqlPath: `/graphql${hostile}`, defaultHeaders: hostile }),
    );
  });
});

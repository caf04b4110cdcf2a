import { createServer } from "node:net";
import { spawnMain } from "../support/main-process";
import { freePort } from "../support/ports";
import { startService, type RunningService } from "../support/service";
import { graphqlText } from "../support/graphql";

/** Messages that point the right way: what a user reads when something is off. */
describe("production answers that say what to do", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService("server", { env: { NODE_ENV: "production" } });
  });
  afterAll(() => service.stop());

  it("a browser opening /graphql is told the playground is off and how to turn it on", async () => {
    const response = await fetch(`${service.baseUrl}/graphql`, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const page = await response.text();
    expect(page).toContain("The GraphQL playground is off here");
    expect(page).toContain("PLAYGROUND=true");
    // An API client's GET still reaches GraphQL (refused there by Apollo's CSRF prevention, not by the notice).
    const api = await fetch(`${service.baseUrl}/graphql?query=%7B__typename%7D`, { headers: { accept: "application/json" } });
    expect(api.status).toBe(400);
    expect(await api.text()).toContain("Cross-Site Request Forgery");
  });

  it("an introspection refusal names INTROSPECTION=true", async () => {
    const result = await graphqlText(service.baseUrl, "{ __schema { queryType { name } } }");
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toBe(
      "Introspection is off here (the production default): set INTROSPECTION=true to allow __schema and __type queries.",
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe("start-up with the database unreachable", () => {
  it("prints one line naming DATABASE_URL (no stack trace, no password) and exits 1", async () => {
    // A port that refuses: bound, then closed.
    const port = await freePort();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(port, "127.0.0.1", resolve));
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const main = spawnMain({ DATABASE_URL: `postgresql://app:s3cret@127.0.0.1:${port}/crm`, DATABASE_TIMEOUT_MS: "2000" });
    await expect(main).rejects.toThrow(/exited before listening/);
    const message = ((await main.catch((error: Error) => error)) as Error).message;
    const stderr = message.slice(message.indexOf("stderr:\n") + "stderr:\n".length).trim();
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^Cannot reach the database at DATABASE_URL=postgresql://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}/crm \\(.*ECONNREFUSED.*\\)\\. `));
    expect(stderr).not.toContain("s3cret");
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});

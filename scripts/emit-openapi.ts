import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildOpenApiDocument } from "./openapi-document";

/**
 * Writes openapi.json (the document GET /openapi.json serves) from the routes' schemas without a database or a
 * listener (`npm run openapi`); with --check exits 1 when the committed file differs.
 */
async function main(): Promise<void> {
  const file = path.resolve(__dirname, "../openapi.json");
  const emitted = await buildOpenApiDocument();
  if (process.argv.includes("--check")) {
    if (readFileSync(file, "utf8") !== emitted) {
      process.stderr.write("openapi.json is stale: run `npm run openapi` and commit it.\n");
      process.exit(1);
    }
    process.stdout.write("openapi.json is up to date.\n");
  } else {
    writeFileSync(file, emitted);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}

void main();

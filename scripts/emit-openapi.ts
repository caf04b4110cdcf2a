import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildOpenApiDocument, restClientTypes } from "./openapi-document";

/**
 * Writes openapi.json (the document GET /openapi.json serves, built from the routes' schemas without a database or a
 * listener) and src/client/rest.schema.ts (its TypeScript types, by openapi-typescript, for the typed REST client):
 * `npm run openapi`. With --check, exits 1 when either committed file differs.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, "..");
  const documentText = await buildOpenApiDocument();
  const outputs: [string, string][] = [
    [path.join(root, "openapi.json"), documentText],
    [path.join(root, "src/client/rest.schema.ts"), await restClientTypes(documentText)],
  ];
  const check = process.argv.includes("--check");
  let stale = false;
  for (const [file, text] of outputs) {
    const name = path.relative(root, file);
    if (!check) {
      writeFileSync(file, text);
      process.stdout.write(`wrote ${name}\n`);
    } else if (readFileSync(file, "utf8") !== text) {
      process.stderr.write(`${name} is stale: run \`npm run openapi\` and commit it.\n`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
  if (check) process.stdout.write("openapi.json and src/client/rest.schema.ts are up to date.\n");
}

void main();

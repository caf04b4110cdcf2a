import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { printSortedSchema } from "../src/graphql/schema";

/**
 * Writes schema.graphql from the resolvers (`npm run schema`), or with --check exits 1 when the
 * committed file differs from what the code emits.
 */
const file = path.resolve(__dirname, "../schema.graphql");
const emitted = printSortedSchema();
if (process.argv.includes("--check")) {
  const committed = readFileSync(file, "utf8");
  if (committed !== emitted) {
    process.stderr.write("schema.graphql is stale: run `npm run schema` and commit it.\n");
    process.exit(1);
  }
  process.stdout.write("schema.graphql is up to date.\n");
} else {
  writeFileSync(file, emitted);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

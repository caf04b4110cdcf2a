#!/usr/bin/env node
// `npm run fuzz -- [--runs N] [--seed S] [--db embedded|server|both]`: the property-based tests of tests/fuzz with
// N cases per property (FUZZ_RUNS) instead of the CI-sized default that `npm test` runs, and a fixed seed (FUZZ_SEED)
// to replay a failure that fast-check reported.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { runs: { type: "string" }, seed: { type: "string" }, db: { type: "string" } },
  strict: true,
});
const env = { ...process.env };
for (const [name, value, variable] of [["--runs", values.runs, "FUZZ_RUNS"], ["--seed", values.seed, "FUZZ_SEED"]]) {
  if (value === undefined) continue;
  if (!/^-?\d+$/.test(value)) {
    process.stderr.write(`${name} must be an integer, got "${value}"\n`);
    process.exit(2);
  }
  env[variable] = value;
}
if (values.db && values.db !== "both") env.TEST_DATABASES = values.db;

const root = path.resolve(import.meta.dirname, "..");
const result = spawnSync(
  process.execPath,
  ["--experimental-vm-modules", "--disable-warning=ExperimentalWarning", "node_modules/jest/bin/jest.js", "tests/fuzz"],
  { cwd: root, env, stdio: "inherit" },
);
process.exit(result.status ?? 1);

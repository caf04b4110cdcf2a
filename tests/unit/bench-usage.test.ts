import { readFileSync } from "node:fs";
import path from "node:path";
import { BENCH_USAGE } from "../../bench/usage";

describe("npm run bench -- --help", () => {
  it("describes every option bench/options.ts accepts", () => {
    const source = readFileSync(path.join(__dirname, "../../bench/options.ts"), "utf8");
    const table = source.slice(source.indexOf("options: {"), source.indexOf("},\n  });"));
    const accepted = [...table.matchAll(/^ {6}"?([a-z][\w-]*)"?: \{ type:/gm)].map((match) => match[1]);
    expect(accepted.length).toBeGreaterThan(5);
    for (const option of accepted) expect(BENCH_USAGE).toMatch(new RegExp(`^ {2}--${option}\\b`, "m"));
  });
});

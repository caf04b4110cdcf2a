import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "../..");

describe("docs that stand on their own", () => {
  it("every behaviour reference points at docs/behaviour.md, a file of this repository", () => {
    const files = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      // Applied migrations are never edited (their checksums are recorded); the lock file and the licence are not ours to word.
      .filter((file) => /\.(ts|js|mjs|md|sh|json|graphql|yml)$/.test(file) && !file.startsWith("prisma/migrations/") && file !== "package-lock.json");
    expect(files.length).toBeGreaterThan(100);
    // The name of the document this repository never had, spelled so that this file does not match itself.
    const outside = new RegExp(["CONTRACT", "(\\.md|\\s§)"].join(""));
    const offenders = files.filter((file) => outside.test(readFileSync(path.join(ROOT, file), "utf8")));
    expect(offenders).toEqual([]);
    const behaviour = readFileSync(path.join(ROOT, "docs/behaviour.md"), "utf8");
    for (let section = 1; section <= 17; section += 1) expect(behaviour).toMatch(new RegExp(`^## ${section}\\. `, "m"));
  });
});

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "../..");

describe("README: Layout", () => {
  it("names every folder under src/", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const layout = readme.slice(readme.indexOf("\n## Layout\n"), readme.indexOf("\n## ", readme.indexOf("\n## Layout\n") + 5));
    const folders = readdirSync(path.join(ROOT, "src"), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.length).toBeGreaterThan(10);
    const missing = folders.filter((folder) => !new RegExp(`^ {2}${folder}/`, "m").test(layout));
    expect(missing).toEqual([]);
  });
});

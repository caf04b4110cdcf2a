import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "../..");

describe("what the package ships", () => {
  it("npm pack carries the service, the client and the migrations, never the tests", () => {
    const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" })) as [{ files: { path: string }[] }];
    const files = pack.files.map((file) => file.path);
    for (const wanted of ["dist/main.js", "dist/admin/admin.cli.js", "dist/client/index.js", "dist/client/index.d.ts", "prisma/schema.prisma", "schema.graphql", "openapi.json", "LICENSE", "README.md"]) {
      expect(files).toContain(wanted);
    }
    expect(files.filter((file) => file.startsWith("prisma/migrations/") && file.endsWith("/migration.sql")).length).toBeGreaterThan(2);
    expect(files.filter((file) => /^(tests|bench|scripts|src)\//.test(file) || file.includes("node_modules/"))).toEqual([]);
  });

  it("is MIT-licensed, with the licence text beside it", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { license: string; keywords: string[] };
    expect(manifest.license).toBe("MIT");
    expect(manifest.keywords.length).toBeGreaterThan(3);
    expect(existsSync(path.join(ROOT, "LICENSE"))).toBe(true);
    expect(readFileSync(path.join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
  });
});

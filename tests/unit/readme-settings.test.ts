import { readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { SETTINGS } from "../../src/config";

/** The README's Configuration table: each row's variable names (`A` / `B`) and its Default cell. */
function configurationTable(): Map<string, string> {
  const readme = readFileSync(path.join(__dirname, "../../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Configuration\n"), readme.indexOf("\n## ", readme.indexOf("\n## Configuration\n") + 5));
  const rows = new Map<string, string>();
  for (const line of section.split("\n")) {
    const cells = line.split(" | ");
    if (!line.startsWith("| `") || cells.length < 3) continue;
    for (const name of (cells[0] ?? "").matchAll(/`([A-Z][A-Z0-9_]+)`/g)) if (!rows.has(name[1] ?? "")) rows.set(name[1] ?? "", cells[1] ?? "");
  }
  return rows;
}

/** A setting's default as written in src/config.ts (through transforms and pipes), or undefined. */
function declaredDefault(type: z.ZodType): unknown {
  const def = (type as unknown as { _zod: { def: { type: string; defaultValue?: unknown; in?: z.ZodType; innerType?: z.ZodType } } })._zod.def;
  if (def.type === "default") return def.defaultValue;
  if (def.type === "pipe" && def.in) return declaredDefault(def.in);
  return undefined;
}

describe("README: Configuration", () => {
  const table = configurationTable();

  it.each(Object.keys(SETTINGS))("documents %s with its default", (name) => {
    expect(table.has(name)).toBe(true);
    const documented = table.get(name) ?? "";
    const declared = declaredDefault(SETTINGS[name as keyof typeof SETTINGS]);
    if (declared === undefined || declared === "") {
      expect(documented.trim()).not.toBe("");
    } else {
      // Several names may share a row ("`4000` / `127.0.0.1`"): the default is one of the cell's code spans.
      const spans = [...documented.matchAll(/`([^`]*)`/g)].map((match) => match[1]);
      expect(spans).toContain(String(declared));
    }
  });
});

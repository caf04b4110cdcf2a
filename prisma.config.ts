import { defineConfig } from "prisma/config";

// `prisma generate`, `validate` and `format` never run the schema engine, but the CLI insists on
// locating (and otherwise downloading) its binary first. Point it at any existing file for those
// commands only, so that they work offline; `migrate` still fails loudly (use `npm run admin -- db:migrate`).
if (["generate", "validate", "format"].includes(process.argv[2] ?? "")) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});

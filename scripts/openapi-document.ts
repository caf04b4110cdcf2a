import { buildApp } from "../src/app";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/database";
import { createServices } from "../src/services";

/**
 * The OpenAPI document exactly as the service serves it, built offline: the app is assembled (never listening) over a
 * database handle that is never used (nothing connects before the first query), then asked for its document.
 */
export async function buildOpenApiDocument(): Promise<string> {
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    METRICS: "false",
    JWT_SECRET: "offline-document-build-secret-not-used-for-anything",
    DATABASE_URL: "postgresql://offline@127.0.0.1:1/offline",
  });
  const db = await openDatabase(config.database);
  const app = await buildApp(createServices(config, db));
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await db.close();
  }
}

/** The TypeScript types of the document (paths, operations, components), as openapi-typescript writes them. */
export async function restClientTypes(documentText: string): Promise<string> {
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const header = "// Generated from openapi.json by openapi-typescript (`npm run openapi`). Do not edit.\n\n";
  return header + astToString(await openapiTS(JSON.parse(documentText) as Parameters<typeof openapiTS>[0]));
}

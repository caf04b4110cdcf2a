import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import type { JSONSchema } from "./json-schema";
import { ERROR_SCHEMAS } from "./responses";

export const OPENAPI_PATH = "/openapi.json";
export const DOCS_PATH = "/docs";

/**
 * The one inline style Swagger UI (swagger-ui-dist inside @fastify/swagger-ui 6.1.3) applies at run time when an
 * operation is opened; the package's own hash list does not include it. Found by the browser test
 * (tests/playground/docs.browser.test.ts fails on any CSP violation), so an upgrade that changes it is noticed.
 */
const SWAGGER_UI_RUNTIME_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

const DESCRIPTION = `Update a customer's company details (annual revenue converted into the requesting user's preferred currency,
employee count, industry, website, address, active flag). The same operations are served over GraphQL at /graphql.

Every request needs \`Authorization: Bearer <JWT>\`. Every response carries \`x-request-id\`.`;

/**
 * The OpenAPI 3.1 document of the REST API, built by @fastify/swagger from the routes' own schemas (only routes with
 * tags are documented), at GET /openapi.json; and Swagger UI at GET /docs, served from the installed package (no CDN).
 * Register before the REST routes: @fastify/swagger collects routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance, schemas: JSONSchema[]): Promise<void> {
  for (const schema of [...ERROR_SCHEMAS, ...schemas]) app.addSchema(schema);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Customer Details API", version: "1.0.0", description: DESCRIPTION },
      tags: [{ name: "Customer details", description: "PUT replaces, PATCH merges, GET reads; the change history." }],
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "A JWT whose `sub` is the user's id." },
        },
      },
    },
    hideUntagged: true,
    // components.schemas keyed by the shared schemas' $id (CustomerDetails, Error...), not def-0, def-1...
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === "string" ? json.$id : `def-${i}`) },
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type("application/json; charset=utf-8").header("cache-control", "no-cache").send(JSON.stringify(app.swagger())),
  );
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PATH,
    uiConfig: { deepLinking: true, tryItOutEnabled: false, persistAuthorization: false },
    // Swagger UI's own Content-Security-Policy (hashes of its inline code), without what it would fetch from
    // elsewhere: no https: sources, no validator.swagger.io, no upgrade of requests to https on a plain-http service.
    staticCSP: true,
    transformStaticCSP: (header: string) =>
      header
        .replace(/ https:/g, "")
        .replace(/ validator\.swagger\.io/g, "")
        .replace(/ upgrade-insecure-requests;/g, "")
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace("style-src 'self'", `style-src 'self' ${SWAGGER_UI_RUNTIME_STYLE}`),
  });
}

import type { FastifyInstance } from "fastify";

/**
 * In this scope, route schemas document; they do not act. Fastify would otherwise validate (and coerce) params,
 * headers and bodies with Ajv, and serialise object replies with fast-json-stringify from the response schemas. The
 * REST door must not: the service validates bodies with Laravel's rules and messages (legacy scalars such as
 * "2000000" included), and money is written by hand as exact decimals (details.json.ts). So every validator accepts
 * the value untouched, and replies that are objects (error bodies) are written with JSON.stringify. Drift between
 * these schemas and the real bytes is caught by tests/e2e/openapi.test.ts, which checks real responses against them.
 */
export function useDocumentationOnlySchemas(scope: FastifyInstance): void {
  scope.setValidatorCompiler(() => acceptAnything);
  scope.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
}

function acceptAnything(): true {
  return true;
}

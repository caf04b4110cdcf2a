import Fastify, { type FastifyInstance } from "fastify";
import { buildSchema, graphql } from "graphql";
import { landingPageHtml, registerPlaygroundAssets, sendPlayground, wantsPlayground, playgroundHtml } from "../../src/playground";

/** Only for the playground's own browser test: the real schema and Apollo are tested end to end elsewhere. */
const STUB_SCHEMA = buildSchema(`
  type CustomerDetails {
    customerUuid: ID
    annualRevenue: Float
    annualRevenueCurrency: String
    annualRevenueConverted: Float
    annualRevenueCurrencyConverted: String
  }
  input CustomerDetailsPatchInput {
    annualRevenue: Float
    annualRevenueCurrency: String
  }
  type Query {
    customerDetails(uuid: ID!): CustomerDetails
  }
  type Mutation {
    patchCustomerDetails(uuid: ID!, input: CustomerDetailsPatchInput!): CustomerDetails!
  }
`);

const STUB_ROOT = {
  customerDetails: () => null,
  patchCustomerDetails: (args: { uuid: string }) => ({
    customerUuid: args.uuid,
    annualRevenueConverted: 60000000,
    annualRevenueCurrencyConverted: "TRY",
  }),
};

/** One POST the stub received. */
export interface ReceivedGraphQLRequest {
  operationName: string | null;
  query: string;
  authorization: string | undefined;
  contentType: string | undefined;
}

interface GraphQLBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

export interface StubServer {
  app: FastifyInstance;
  baseUrl: string;
  received: ReceivedGraphQLRequest[];
}

export async function startStubServer(): Promise<StubServer> {
  const app = Fastify({ logger: false });
  const received: ReceivedGraphQLRequest[] = [];
  const html = playgroundHtml({ graphqlPath: "/graphql", assetsPath: "/playground/assets" });

  await registerPlaygroundAssets(app, { assetsPath: "/playground/assets" });
  app.get("/", (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(landingPageHtml({ graphqlPath: "/graphql", restDocsPath: "/docs/rest" })),
  );
  app.get("/graphql", (request, reply) =>
    wantsPlayground(request) ? sendPlayground(reply, html) : reply.code(405).send({ message: "POST only" }),
  );
  app.post("/graphql", async (request) => {
    const body = (request.body ?? {}) as GraphQLBody;
    const query = typeof body.query === "string" ? body.query : "";
    received.push({
      operationName: typeof body.operationName === "string" ? body.operationName : null,
      query,
      authorization: request.headers.authorization,
      contentType: request.headers["content-type"],
    });
    return graphql({
      schema: STUB_SCHEMA,
      source: query,
      rootValue: STUB_ROOT,
      variableValues: isRecord(body.variables) ? body.variables : null,
      operationName: typeof body.operationName === "string" ? body.operationName : null,
    });
  });

  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  return { app, baseUrl: address, received };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

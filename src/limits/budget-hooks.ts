import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Authenticator } from "../auth/authenticator";
import { AppError, AppErrorCode } from "../errors";
import { appErrorBody, sendAppError } from "../http/error-handler";
import { requestPrincipal } from "../http/request-principal";
import { wantsPlayground } from "../playground/playground.request";
import type { BudgetDecision, BudgetIdentity, Budgets } from "./budgets";
import { rateLimitFields } from "./ratelimit-fields";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * What a request to this route costs against its caller's budget, known once its body is parsed and validated
     * (e.g. one unit per item of a batch: `costOfItems`). Without it a request costs 1, charged on arrival.
     */
    budgetCost?: (request: FastifyRequest) => number;
  }
}

/** A counted request: whose budget it spends, and the decision once charged (each request is charged once). */
interface Meter {
  budgets: Budgets;
  graphql: boolean;
  identity: () => Promise<BudgetIdentity>;
  decision: BudgetDecision | null;
}

const meters = new WeakMap<FastifyRequest, Meter>();

/** One unit per element of the body's `items` list (at least 1): the REST `budgetCost` of a batch route. */
export function costOfItems(request: FastifyRequest): number {
  const body = request.body;
  const items = typeof body === "object" && body !== null ? (body as Record<string, unknown>).items : undefined;
  return Array.isArray(items) ? Math.max(1, items.length) : 1;
}

/**
 * The budgets of docs/behaviour.md section 14 on the HTTP doors. Counted: every request to a route of a scope given to
 * `countRoutes` (the REST API), and every GraphQL request (POST, and GET but for the playground page); never a
 * preflight (OPTIONS), health, readiness, metrics, the docs, the OpenAPI document or the playground's assets. Each is
 * charged once, before anything runs:
 * - a REST request on arrival (1 unit), or, for a route with a `budgetCost`, once its body is validated;
 * - a GraphQL request once its operation is parsed and chosen (operationPrice: 1 per root field), by the GraphQL door
 *   through `requestBudget`;
 * - a request answered before its charge (a body that is not JSON, a GraphQL syntax error, a database that is not
 *   there) is charged 1 as its answer goes out, and over the budget that answer becomes the 429.
 * Every counted response carries RateLimit-Policy and RateLimit; a refused one is 429 with Retry-After, REST
 * `{"message": "Too Many Requests"}`, GraphQL an error with `extensions.code` RATE_LIMITED.
 */
export function registerBudgetHooks(
  app: FastifyInstance,
  budgets: Budgets,
  options: { authenticator: Pick<Authenticator, "authenticate">; graphqlPath: string; log: FastifyBaseLogger },
): { countRoutes(scope: FastifyInstance): void } {
  const identityOf = async (request: FastifyRequest): Promise<BudgetIdentity> => {
    // A token that does not authenticate (or cannot be checked now) spends the client address's budget.
    const principal = await requestPrincipal(request, options.authenticator).catch(() => null);
    return principal ? { userId: principal.id } : { address: request.ip };
  };
  const meter = (request: FastifyRequest, graphql: boolean): Meter => {
    const created: Meter = { budgets, graphql, identity: () => identityOf(request), decision: null };
    meters.set(request, created);
    return created;
  };

  budgets.store?.onChange(({ available, error }) => {
    if (available) options.log.info("rate limits: Redis reachable, budgets shared by every instance");
    else options.log.warn({ err: error }, "rate limits: Redis unreachable, budgets fall back to this instance's memory until it returns");
  });
  app.addHook("onClose", async () => budgets.close());

  app.addHook("onRequest", async (request) => {
    if (request.url.split("?")[0] !== options.graphqlPath) return;
    const operation = request.method === "POST" || ((request.method === "GET" || request.method === "HEAD") && !wantsPlayground(request));
    if (operation) meter(request, true);
  });

  // The fallback: a counted request answered before it was charged is charged 1 now.
  app.addHook("onSend", async (request, reply, payload) => {
    const pending = meters.get(request);
    if (!pending || pending.decision) return payload;
    const decision = await charge(pending, reply, 1);
    if (decision.allowed) return payload;
    reply.code(429).type("application/json; charset=utf-8");
    return JSON.stringify(appErrorBody(new AppError(AppErrorCode.RateLimited), pending.graphql));
  });

  return {
    countRoutes(scope) {
      scope.addHook("onRequest", async (request, reply) => {
        if (request.method === "OPTIONS") return;
        const counted = meter(request, false);
        if (request.routeOptions.config.budgetCost) return;
        const decision = await charge(counted, reply, 1);
        if (!decision.allowed) return refuse(reply);
      });
      scope.addHook("preHandler", async (request, reply) => {
        const counted = meters.get(request);
        const cost = request.routeOptions.config.budgetCost;
        if (!counted || counted.decision || !cost) return;
        const decision = await charge(counted, reply, cost(request));
        if (!decision.allowed) return refuse(reply);
      });
    },
  };
}

/**
 * The GraphQL door's charge for one HTTP request: spends `cost` units and returns the decision (its header fields are
 * for the caller to set); null when the request is not counted (budgets off, or a page rather than an operation).
 */
export function requestBudget(request: FastifyRequest): ((cost: number) => Promise<BudgetDecision>) | null {
  const counted = meters.get(request);
  return counted ? (cost) => spend(counted, cost) : null;
}

async function spend(counted: Meter, cost: number): Promise<BudgetDecision> {
  const decision = await counted.budgets.charge(await counted.identity(), cost);
  counted.decision = decision;
  return decision;
}

/** Spends and puts the RateLimit fields (and Retry-After on a refusal) on the reply. */
async function charge(counted: Meter, reply: FastifyReply, cost: number): Promise<BudgetDecision> {
  const decision = await spend(counted, cost);
  reply.headers(rateLimitFields(decision));
  return decision;
}

function refuse(reply: FastifyReply): FastifyReply {
  return sendAppError(reply, new AppError(AppErrorCode.RateLimited));
}

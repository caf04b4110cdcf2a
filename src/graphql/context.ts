import type { FastifyBaseLogger } from "fastify";
import type { Principal } from "../auth/principal";
import type { RequestMemo } from "../shared/request-memo";
import type { CustomerHistoryService } from "../customers/history/history.service";
import type { BudgetDecision } from "../limits/budgets";

/** What a subscription over WebSocket needs besides the principal (absent over HTTP). */
export interface LiveSession {
  history: CustomerHistoryService;
  /** Loads the connection's principal again (token re-verified, user and permissions re-read) and keeps it. */
  reauthenticate(): Promise<Principal | null>;
}

/** Per request: the principal, verified and loaded once (token checked, permissions read), never per field. */
export interface GraphQLContext {
  principal: Principal | null;
  /** The customers this request read: shield's ownership rule and the resolver share one read (absent: no sharing). */
  snapshots?: RequestMemo;
  /** The HTTP request's logger (its lines carry the request id); absent outside an HTTP request. */
  log?: FastifyBaseLogger;
  /** Spends the HTTP request's budget once its operation is known (absent: not counted; src/limits). */
  budget?: (cost: number) => Promise<BudgetDecision>;
  /** Set for operations over the WebSocket transport only. */
  live?: LiveSession;
}

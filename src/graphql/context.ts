import type { FastifyBaseLogger } from "fastify";
import type { Principal } from "../auth/principal";
import type { SnapshotMemo } from "../customers/details/snapshot-memo";

/** Per request: the principal, verified and loaded once (token checked, permissions read), never per field. */
export interface GraphQLContext {
  principal: Principal | null;
  /** The customers this request read: shield's ownership rule and the resolver share one read (absent: no sharing). */
  snapshots?: SnapshotMemo;
  /** The HTTP request's logger (its lines carry the request id); absent outside an HTTP request. */
  log?: FastifyBaseLogger;
}

/**
 * If-Match (REST) or expectedVersion (GraphQL): the write happens only if the stored details are
 * one of these versions (`anyVersion`: exist at all).
 */
export interface Precondition {
  anyVersion: boolean;
  versions: number[];
}

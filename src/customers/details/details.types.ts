import type { Conversion } from "../../currency/conversion.types";
import type { DetailsFields } from "./details.fields";

/** Which door a request came through, recorded in the change history. */
export type Door = "REST" | "GRAPHQL";

/** PUT replaces the record; PATCH merges into it. */
export type WriteMode = "PUT" | "PATCH";

/**
 * If-Match (REST) or expectedVersion (GraphQL): the write happens only if the stored details are
 * one of these versions (`anyVersion`: exist at all).
 */
export interface Precondition {
  anyVersion: boolean;
  versions: number[];
}

/** A customer's details as the service returns them to either door. */
export interface CustomerDetailsView extends DetailsFields {
  id: number;
  customerId: number;
  customerUuid: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** The revenue in the requesting user's currency; null without revenue or without a rate. */
  conversion: Conversion | null;
}

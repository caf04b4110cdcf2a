import type { Conversion } from "../../currency/conversion.types";
import type { DetailsFields } from "./details.fields";

/** Which door a request came through, recorded in the change history. */
export type Door = "REST" | "GRAPHQL";

/** PUT replaces the record; PATCH merges into it. */
export type WriteMode = "PUT" | "PATCH";

export type { Precondition } from "../../shared/precondition";

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

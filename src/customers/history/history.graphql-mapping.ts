import { DETAILS_FIELDS, graphqlName } from "../details/details.fields";
import { ChangeDoor, ChangeMethod, type CustomerDetailsChange } from "./history.object-type";
import type { AuditValue, HistoryEntry } from "./history.types";

const GRAPHQL_NAME = new Map<string, string>(DETAILS_FIELDS.map((field) => [field, graphqlName(field)]));

/** A history entry as the GraphQL node (shared by the history query and the subscription). */
export function changeNode(entry: HistoryEntry): CustomerDetailsChange {
  return {
    id: entry.id.toString(),
    customerId: entry.customerId,
    customerUuid: entry.customerUuid,
    userId: entry.userId,
    door: entry.door === "REST" ? ChangeDoor.REST : ChangeDoor.GRAPHQL,
    method: entry.method === "PUT" ? ChangeMethod.PUT : ChangeMethod.PATCH,
    created: entry.created,
    changes: Object.entries(entry.changes).map(([key, change]) => ({
      field: GRAPHQL_NAME.get(key) ?? key,
      old: text(change.old),
      new: text(change.new),
    })),
    createdAt: entry.createdAt,
  };
}

function text(value: AuditValue): string | null {
  return value === null ? null : String(value);
}

import { laravelTimestamp } from "../details/details.json";
import type { HistoryEntry, HistoryPage } from "./history.types";

/** One entry as docs/behaviour.md §10 shows it (snake_case keys, money as exact strings in `changes`). */
export function historyEntryJson(entry: HistoryEntry) {
  return {
    id: Number(entry.id),
    customer_id: entry.customerId,
    user_id: entry.userId,
    door: entry.door,
    method: entry.method,
    created: entry.created,
    changes: entry.changes,
    created_at: laravelTimestamp(entry.createdAt),
  };
}

/** Laravel's cursor paginator as JSON: data, path, per_page, next_cursor, next_page_url, prev_cursor, prev_page_url. */
export function historyPageJson(page: HistoryPage, path: string, query: Record<string, string>) {
  const pageUrl = (cursor: string | null): string | null =>
    cursor === null ? null : `${path}?${new URLSearchParams({ ...query, cursor }).toString()}`;
  return {
    data: page.entries.map(historyEntryJson),
    path,
    per_page: page.perPage,
    next_cursor: page.nextCursor,
    next_page_url: pageUrl(page.nextCursor),
    prev_cursor: page.prevCursor,
    prev_page_url: pageUrl(page.prevCursor),
  };
}

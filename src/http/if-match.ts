import type { Precondition } from "../shared/precondition";

/**
 * Parses an If-Match header into a precondition. If-Match uses strong comparison, so weak tags
 * (W/"...") and tags this service never issued match nothing (412).
 */
export function parseIfMatch(header: string | undefined): Precondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === "*") return { anyVersion: true, versions: [] };
  const versions: number[] = [];
  for (const tag of header.split(",").map((part) => part.trim())) {
    const match = /^"v(\d{1,9})"$/.exec(tag);
    if (match?.[1]) versions.push(Number(match[1]));
  }
  return { anyVersion: false, versions };
}

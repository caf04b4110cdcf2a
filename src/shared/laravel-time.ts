/** UTC with six fractional digits, as Laravel serialises dates: 2025-11-20T12:00:00.000000Z. */
export function laravelTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

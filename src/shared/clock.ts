/** The service's notion of time, injectable so that tests can pin "today". */
export interface Clock {
  now(): Date;
  /** Today's date in UTC, YYYY-MM-DD. */
  today(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => new Date().toISOString().slice(0, 10),
};

/** A clock whose date is fixed (for tests and tools); the time of day still moves. */
export function clockAt(day: string): Clock {
  return { now: () => new Date(), today: () => day };
}

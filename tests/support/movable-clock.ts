import type { Clock } from "../../src/shared/clock";

/**
 * A clock that stands still until the test moves it forward (for time-based caches and bounds: the test decides what
 * time it is, exactly, without waiting and without the real time that passes between two steps).
 */
export class MovableClock implements Clock {
  private instant = Date.now();

  now(): Date {
    return new Date(this.instant);
  }

  today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  advance(ms: number): void {
    this.instant += ms;
  }
}

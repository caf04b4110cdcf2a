import { Duplex } from "node:stream";

/**
 * A stream that pg's Connection can be given in place of a socket (its `stream` option): besides reading and
 * writing, pg calls `connect`, `setNoDelay`, `setKeepAlive`, `ref` and `unref` on it. There is nothing to reach,
 * so it is connected at once. Like a socket without half-open support, a stream that has read its peer's end ends
 * too.
 */
export abstract class PgStream extends Duplex {
  protected constructor() {
    super({ allowHalfOpen: false });
  }

  connect(): this {
    process.nextTick(() => this.emit("connect"));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  override _read(): void {
    // Data is pushed as it arrives from the other side.
  }
}

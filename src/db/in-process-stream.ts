import { Duplex } from "node:stream";

/**
 * One end of an in-memory connection: what is written to it is read from its peer. Used between the embedded
 * database's wire server and the pg clients of the process that serves it, in place of its Unix socket: the
 * protocol is the same, without two system calls and a kernel copy per message in each direction.
 *
 * It also answers the few socket methods pg's Connection calls on the stream it is given (`connect`, `setNoDelay`,
 * `setKeepAlive`, `ref`, `unref`). Like a socket without half-open support, an end that has read its peer's end
 * ends too, and destroying one end closes the other.
 */
export class InProcessStream extends Duplex {
  private peer: InProcessStream | null = null;

  private constructor() {
    super({ allowHalfOpen: false });
  }

  /** Two connected ends. */
  static pair(): [InProcessStream, InProcessStream] {
    const a = new InProcessStream();
    const b = new InProcessStream();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  /** pg connects the stream it was given: there is nothing to reach, so it is connected at once. */
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
    // Data is pushed by the peer as it is written.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.peer?.push(chunk);
    callback();
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.peer?.push(chunks.length === 1 ? chunks[0]?.chunk : Buffer.concat(chunks.map(({ chunk }) => chunk)));
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer?.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    this.peer = null;
    if (peer && !peer.destroyed) {
      peer.peer = null;
      // The other end sees its connection go away, as a socket whose peer vanished does.
      peer.push(null);
      peer.destroy();
    }
    callback(error);
  }
}

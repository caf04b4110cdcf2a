import { PgStream } from "./pg-stream";

/**
 * One end of an in-memory connection: what is written to it is read from its peer. Used between the embedded
 * database's wire server and the pg clients of the process that serves it, in place of its Unix socket: the
 * protocol is the same, without two system calls and a kernel copy per message in each direction.
 *
 * Destroying one end closes the other.
 */
export class InProcessStream extends PgStream {
  private peer: InProcessStream | null = null;

  private constructor() {
    super();
  }

  /** Two connected ends. */
  static pair(): [InProcessStream, InProcessStream] {
    const a = new InProcessStream();
    const b = new InProcessStream();
    a.peer = b;
    b.peer = a;
    return [a, b];
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

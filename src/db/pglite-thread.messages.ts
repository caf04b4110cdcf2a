/** What the embedded database's thread and the process that started it say to each other. */

/** Starting the thread: where the data lives and where to serve it. */
export interface PGliteThreadData {
  dataDir: string;
  socketPath: string;
}

/** From the process to the thread. */
export type ToThread =
  | { type: "open"; id: number }
  | { type: "data"; id: number; chunk: Uint8Array }
  | { type: "end"; id: number }
  | { type: "destroy"; id: number }
  | { type: "close" };

/** A failure described in plain data (an Error does not cross threads with its class). */
export interface ThreadError {
  message: string;
  stack?: string;
}

/** From the thread to the process. */
export type FromThread =
  | { type: "ready" }
  | { type: "failed"; error: ThreadError }
  | { type: "error"; error: ThreadError }
  | { type: "data"; id: number; chunk: Uint8Array }
  | { type: "end"; id: number }
  | { type: "close"; id: number }
  | { type: "closed" };

export function threadError(error: unknown): ThreadError {
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}

export function errorOf(error: ThreadError): Error {
  const result = new Error(error.message);
  if (error.stack) result.stack = error.stack;
  return result;
}

/**
 * The data message for a connection's bytes (either direction), and what to transfer with it: the chunks copied
 * once into an ArrayBuffer of their own, which moves to the other thread instead of being cloned.
 */
export function dataMessage(id: number, chunks: readonly Uint8Array[]): { message: { type: "data"; id: number; chunk: Uint8Array }; transfer: ArrayBuffer[] } {
  const chunk = new Uint8Array(chunks.reduce((total, part) => total + part.byteLength, 0));
  let offset = 0;
  for (const part of chunks) {
    chunk.set(part, offset);
    offset += part.byteLength;
  }
  return { message: { type: "data", id, chunk }, transfer: [chunk.buffer] };
}

/** The bytes a data message carried, as a Buffer (no copy). */
export function bytesOf(chunk: Uint8Array): Buffer {
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

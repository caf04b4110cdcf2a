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

/** A copy of the bytes in an ArrayBuffer of their own, which can be transferred instead of cloned. */
export function transferable(chunk: Uint8Array): Uint8Array {
  return new Uint8Array(chunk);
}

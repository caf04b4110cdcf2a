import { signedHeaders } from "./webhook-signature";

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface SendOptions {
  timeoutMs: number;
  /** At most this much of a response body is read; the rest is discarded. */
  maxResponseBytes: number;
  /** Aborts the request (shutdown). */
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * POSTs one signed message. A 2xx is success; anything else (another status, a redirect, a timeout, a refused
 * connection) is a failure to retry. Redirects are not followed, and no more than `maxResponseBytes` of the answer
 * is read.
 */
export async function sendWebhook(
  message: { url: string; secret: string; id: string; body: string },
  options: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const elapsed = () => performance.now() - started;
  try {
    const response = await fetch(message.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "customer-details-api-webhooks/1",
        ...signedHeaders(message.secret, message.id, timestamp, message.body),
      },
      body: message.body,
      redirect: "manual",
      signal,
    });
    await drain(response, options.maxResponseBytes);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, error: ok ? null : `HTTP ${response.status}`, durationMs: elapsed() };
  } catch (error) {
    const reason = timeout.aborted
      ? `timed out after ${options.timeoutMs} ms`
      : options.signal?.aborted
        ? "aborted: the service is shutting down"
        : describe(error);
    return { ok: false, statusCode: null, error: reason, durationMs: elapsed() };
  }
}

/** Reads at most `limit` bytes of the body, then lets the connection go. */
async function drain(response: Response, limit: number): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  let read = 0;
  try {
    while (read <= limit) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The status decides the outcome; a body cut short does not.
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message}` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

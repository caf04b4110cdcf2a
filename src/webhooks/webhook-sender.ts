import { Agent } from "undici";
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

/** Keep-alive connections to the receivers: at most `connectionsPerEndpoint` open to each origin, reused. */
export function webhookAgent(connectionsPerEndpoint: number): Agent {
  return new Agent({ connections: connectionsPerEndpoint, pipelining: 1, keepAliveTimeout: 10_000 });
}

/**
 * POSTs one signed message through `agent`. A 2xx is success; anything else (another status, a redirect, a timeout,
 * a refused connection) is a failure to retry. Redirects are not followed, and no more than `maxResponseBytes` of
 * the answer is read.
 */
export async function sendWebhook(
  agent: Agent,
  message: { url: string; secret: string; id: string; body: string },
  options: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const elapsed = () => performance.now() - started;
  try {
    const url = new URL(message.url);
    const response = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "customer-details-api-webhooks/1",
        ...signedHeaders(message.secret, message.id, timestamp, message.body),
      },
      body: message.body,
      signal,
    });
    // The status decides the outcome; a body cut short (or larger than the limit) does not.
    await response.body.dump({ limit: options.maxResponseBytes, signal }).catch(() => undefined);
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return { ok, statusCode: response.statusCode, error: ok ? null : `HTTP ${response.statusCode}`, durationMs: elapsed() };
  } catch (error) {
    const reason = timeout.aborted
      ? `timed out after ${options.timeoutMs} ms`
      : options.signal?.aborted
        ? "aborted: the service is shutting down"
        : describe(error);
    return { ok: false, statusCode: null, error: reason, durationMs: elapsed() };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const cause = error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message}` : code ? `: ${code}` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

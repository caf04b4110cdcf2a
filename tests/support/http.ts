/** A small client for real HTTP on loopback. */
export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** The parsed JSON body (null when the body is empty or not JSON). */
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** A raw body sent as it is (for malformed JSON and other content types). */
  raw?: string;
}

export async function http<T = Record<string, unknown>>(
  method: string,
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined = options.raw;
  if (payload === undefined && body !== undefined) {
    payload = JSON.stringify(body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(url, { method, headers, body: payload });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

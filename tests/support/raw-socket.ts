import { connect } from "node:net";

export interface RawSocketResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server wrote before closing (or before the timeout). */
  raw: string;
}

/**
 * Writes `request` bytes as they are to the server's socket and reads what comes back until the server closes the
 * connection (or `timeoutMs` passes): for requests fetch cannot send (CONNECT, unknown methods, repeated headers,
 * bytes that are not UTF-8).
 */
export function rawRequest(baseUrl: string, request: string | Buffer, timeoutMs = 10_000): Promise<RawSocketResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on("connect", () => socket.write(request));
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      // A complete response with a content-length: stop reading (keep-alive would hold the socket open).
      const parsed = parse(Buffer.concat(chunks).toString("utf8"));
      if (parsed && Buffer.byteLength(parsed.body) >= Number(parsed.headers["content-length"] ?? Infinity)) socket.destroy();
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      if (chunks.length === 0) reject(error);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString("utf8");
      resolve(parse(raw) ?? { status: 0, headers: {}, body: "", raw });
    });
  });
}

function parse(raw: string): RawSocketResponse | null {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine = "", ...lines] = raw.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1] ?? 0), headers, body: raw.slice(end + 4), raw };
}

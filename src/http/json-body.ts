import type { FastifyInstance } from "fastify";
import { parse } from "lossless-json";
import { JsonNumber } from "../shared/json-number";
import { AppError, AppErrorCode } from "../errors";

/** Bodies above this size are refused with 413 before anything else happens. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** Throws on the first byte sequence that is not UTF-8 (rather than storing U+FFFD in its place). */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The charset parameter of a Content-Type header, lower-cased, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? "")?.[1]?.toLowerCase();
}

/**
 * JSON bodies are parsed losslessly: numbers keep the digits the client wrote (JsonNumber), so that
 * money is validated and stored exactly. Keys such as `__proto__` stay plain own keys. A body declared in
 * another charset than UTF-8 is refused (415), and so are bytes that are not UTF-8 (400): nothing is stored.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json(\s*;.*)?$/i, { parseAs: "buffer", bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    const charset = charsetOf(request.headers["content-type"]);
    if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
      done(new AppError(AppErrorCode.UnsupportedCharset), undefined);
      return;
    }
    let text: string;
    try {
      text = typeof body === "string" ? body : UTF8.decode(body);
    } catch {
      done(new AppError(AppErrorCode.InvalidEncoding), undefined);
      return;
    }
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    try {
      done(null, parse(text, null, (digits) => new JsonNumber(digits)));
    } catch {
      done(new AppError(AppErrorCode.MalformedBody), undefined);
    }
  });
}

import type { FastifyInstance } from "fastify";
import { parse } from "lossless-json";
import { JsonNumber } from "../customers/details/details.validation";
import { AppError, AppErrorCode } from "../errors";

/** Bodies above this size are refused with 413 before anything else happens. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * JSON bodies are parsed losslessly: numbers keep the digits the client wrote (JsonNumber), so that
 * money is validated and stored exactly. Keys such as `__proto__` stay plain own keys.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json(\s*;.*)?$/i, { parseAs: "string", bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
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


import { createRestClient, type RestCustomerDetailsInput } from "../../src/client";
import type { HttpResult } from "./http";

const DETAILS = "/api/v1/customers/{uuid}/details";

/**
 * GET, PUT or PATCH /api/v1/customers/{uuid}/details through the package's typed REST client
 * (`customer-details-api/client`), so that a drift between the client (generated from the OpenAPI document) and the
 * routes fails the tests. Returns what tests/support/http.ts returns: status, headers, parsed body, raw text.
 */
export async function detailsThroughClient(
  baseUrl: string,
  method: "GET" | "PUT" | "PATCH",
  uuid: string,
  body: Record<string, unknown> | undefined,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const client = createRestClient({ baseUrl, ...(options.token === undefined ? {} : { token: options.token }) });
  const init = { params: { path: { uuid } }, headers: options.headers ?? {}, parseAs: "text" as const };
  const input = body as RestCustomerDetailsInput;
  const { response, data, error } =
    method === "GET"
      ? await client.GET(DETAILS, init)
      : method === "PUT"
        ? await client.PUT(DETAILS, { ...init, body: input })
        : await client.PATCH(DETAILS, { ...init, body: input });
  // openapi-fetch hands a 2xx body over as asked (text); an error body it parses as JSON itself when it can.
  const text = typeof data === "string" ? data : typeof error === "string" ? error : error === undefined ? "" : JSON.stringify(error);
  return { status: response.status, headers: response.headers, body: parseJson(text) as Record<string, unknown>, text };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./rest.schema";

export type { components, paths };
export type RestClient = Client<paths>;
/** A customer's details as the REST API returns them (snake_case). */
export type RestCustomerDetails = components["schemas"]["CustomerDetails"];
/** The REST body's writable fields (PUT replaces, PATCH merges). */
export type RestCustomerDetailsInput = components["schemas"]["CustomerDetailsInput"];
/** A batch body: 1..100 items (uuid, optional if_match, the writable fields), and all_or_none. */
export type RestCustomerDetailsBatchRequest = components["schemas"]["CustomerDetailsBatchRequest"];
/** A batch's answer: each item's outcome (status, details and ETag, or message and errors), in the items' order. */
export type RestCustomerDetailsBatchResponse = components["schemas"]["CustomerDetailsBatchResponse"];

export interface RestClientOptions {
  /** The service's origin, e.g. "http://127.0.0.1:4000". */
  baseUrl: string;
  /** A JWT: sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** More headers for every request (e.g. x-request-id). */
  headers?: Record<string, string>;
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof globalThis.fetch;
}

/**
 * A REST client typed from the service's OpenAPI document (openapi-fetch over openapi-typescript's types): paths,
 * parameters, bodies and each status's response are checked at compile time.
 *
 *     const api = createRestClient({ baseUrl: "http://127.0.0.1:4000", token });
 *     const { data, error, response } = await api.PATCH("/api/v1/customers/{uuid}/details", {
 *       params: { path: { uuid } },
 *       body: { annual_revenue: 2000000, annual_revenue_currency: "USD" },
 *     });
 */
export function createRestClient(options: RestClientOptions): RestClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { ...options.headers, ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

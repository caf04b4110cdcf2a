/**
 * `customer-details-api/client`: typed clients for the service.
 * - REST: createRestClient, typed from the OpenAPI document (openapi-fetch).
 * - GraphQL: the operations as typed documents, and createGraphQLClient to run them.
 */
export * from "./rest";
export * from "./graphql";

import type autocannon from "autocannon";

export type Operation = "PATCH" | "GraphQL patch" | "GET" | "PATCH batch";

/** Customers per request of the "PATCH batch" operation (the most a batch carries). */
export const BATCH_SIZE = 100;

/** What one load run sends: a request factory that varies the customer and the value each time. */
export function requestFactory(operation: Operation, uuids: string[]): () => autocannon.Request {
  let counter = Math.floor(Math.random() * 1_000_000);
  const next = () => {
    counter += 1;
    return uuids[counter % uuids.length] as string;
  };
  switch (operation) {
    case "GET":
      return () => ({ method: "GET", path: `/api/v1/customers/${next()}/details` });
    case "PATCH":
      // Every request changes the record (a write and a history row), as the issue measures.
      return () => {
        const uuid = next();
        return { method: "PATCH", path: `/api/v1/customers/${uuid}/details`, body: `{"employee_count":${2 + (counter % 100_000)}}` };
      };
    case "PATCH batch":
      // A hundred customers per request, each changed as by a single PATCH.
      return () => {
        const items = Array.from({ length: BATCH_SIZE }, () => `{"uuid":"${next()}","employee_count":${2 + (counter % 100_000)}}`);
        return { method: "PATCH", path: "/api/v1/customers/details", body: `{"items":[${items.join(",")}]}` };
      };
    case "GraphQL patch":
      return () => {
        const uuid = next();
        return {
          method: "POST",
          path: "/graphql",
          body: JSON.stringify({
            query:
              "mutation($u: ID!, $n: Int) { patchCustomerDetails(uuid: $u, input: {employeeCount: $n}) { id customerId annualRevenue annualRevenueCurrency annualRevenueConverted annualRevenueCurrencyConverted employeeCount industry website address isActive createdAt updatedAt } }",
            variables: { u: uuid, n: 2 + (counter % 100_000) },
          }),
        };
      };
  }
}

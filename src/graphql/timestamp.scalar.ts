import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { laravelTimestamp } from "../shared/laravel-time";

/** UTC date-time with six fractional digits, the same text the REST door prints. Output only. */
export const TimestampScalar = new GraphQLScalarType<Date, string>({
  name: "Timestamp",
  description: "A UTC date-time as YYYY-MM-DDTHH:MM:SS.ffffffZ (six fractional digits, as in the REST responses).",
  serialize(value) {
    if (value instanceof Date) return laravelTimestamp(value);
    throw new GraphQLError("Timestamp can only serialize Date values.");
  },
  parseValue(value) {
    if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value);
    throw new GraphQLError("Timestamp must be an ISO 8601 date-time string.");
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && !Number.isNaN(Date.parse(ast.value))) return new Date(ast.value);
    throw new GraphQLError("Timestamp must be an ISO 8601 date-time string.");
  },
});

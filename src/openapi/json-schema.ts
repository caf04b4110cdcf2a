/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) or an OpenAPI object built from them, as plain data. */
export type JSONSchema = { [key: string]: JSONValue };
type JSONValue = string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };

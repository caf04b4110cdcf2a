/**
 * The kinds a details field can be, and one builder per kind. A builder turns a field's few facts (its limits, an
 * example) into a full entry of the registry (details.fields.ts): nullability, the PUT reset value, the legacy
 * scalars REST accepts, and the sentences that describe it in OpenAPI and GraphQL. Everything else about a field
 * (its SQL, its validation and messages, its JSON, its GraphQL type, its JSON Schema) is derived from the kind and
 * these facts in the module that needs it, by a switch over the kinds.
 */
export type FieldKind = "money" | "currency" | "integer" | "text" | "url" | "boolean";

/** A JSON Schema type name. */
export type JsonType = "number" | "integer" | "string" | "boolean" | "null";

/** A JSON value, as an example is written in the OpenAPI document. */
export type Example = string | number | boolean | null;

export interface FieldDocs {
  /** The description of the field in the REST response schema (none: no description). */
  rest?: string;
  /** The description of the field in the REST body schema. */
  restInput: string;
  /** The description of the GraphQL input field. */
  graphqlInput: string;
}

interface FieldSpecBase<K extends FieldKind, N extends boolean> {
  kind: K;
  /** False: null is refused (and PUT resets the field to `reset`). */
  nullable: N;
  /** JSON types the REST door accepts besides the kind's own, as Laravel accepted them from legacy callers. */
  legacy: JsonType[];
  /** The value of the documented examples (the request example sends the fields that differ from their reset). */
  example: Example;
  docs: FieldDocs;
}

export interface MoneySpec extends FieldSpecBase<"money", true> {
  reset: null;
  /** At most this many decimal places and significant digits (the column is numeric(19, 4)). */
  decimals: number;
  digits: number;
}

export interface CurrencySpec extends FieldSpecBase<"currency", true> {
  reset: null;
  /** The money field this is the currency of: required whenever that one has a value. */
  of: string;
}

export interface IntegerSpec extends FieldSpecBase<"integer", true> {
  reset: null;
  min: number;
  max: number;
}

export interface TextSpec extends FieldSpecBase<"text", true> {
  reset: null;
  /** In characters (code points), after trimming. */
  maxLength: number;
}

export interface UrlSpec extends FieldSpecBase<"url", true> {
  reset: null;
  /** In characters, after https:// is put in front of a bare host. */
  maxLength: number;
}

export interface BooleanSpec extends FieldSpecBase<"boolean", false> {
  reset: boolean;
}

export type FieldSpec = MoneySpec | CurrencySpec | IntegerSpec | TextSpec | UrlSpec | BooleanSpec;

const thousands = (value: number): string => value.toLocaleString("en-US");

/** An amount of money: ≥ 0, exact decimal (never a float), a numeric string accepted by REST. */
export function money(facts: { decimals: number; digits: number; example: number; docs?: Partial<FieldDocs> }): MoneySpec {
  const { decimals, digits, example } = facts;
  const limits = `at most ${decimals} decimal places and ${digits} significant digits`;
  return {
    kind: "money",
    nullable: true,
    reset: null,
    legacy: ["string"],
    example,
    decimals,
    digits,
    docs: {
      rest: `${limits[0]?.toUpperCase()}${limits.slice(1)}, exactly as stored.`,
      restInput: `≥ 0, ${limits}; stored exactly. A numeric string (${JSON.stringify(String(example))}) is accepted.`,
      graphqlInput: `≥ 0, ${limits}.`,
      ...facts.docs,
    },
  };
}

/** An ISO 4217 code, case-insensitive, stored upper-case; `of` names the money field it belongs to. */
export function currency(facts: { of: string; ofWhat: string; example: string; docs?: Partial<FieldDocs> }): CurrencySpec {
  return {
    kind: "currency",
    nullable: true,
    reset: null,
    legacy: [],
    example: facts.example,
    of: facts.of,
    docs: {
      rest: `ISO 4217 code of ${facts.of}.`,
      restInput: `ISO 4217 alphabetic code, case-insensitive (stored upper-case); required whenever the record would have ${facts.ofWhat}.`,
      graphqlInput: `ISO 4217 code, case-insensitive; required whenever there is ${facts.ofWhat}.`,
      ...facts.docs,
    },
  };
}

/** A whole number within [min, max]; an integer string accepted by REST. */
export function integer(facts: { min: number; max: number; example: number; docs?: Partial<FieldDocs> }): IntegerSpec {
  const range = `${thousands(facts.min)} to ${thousands(facts.max)}.`;
  return {
    kind: "integer",
    nullable: true,
    reset: null,
    legacy: ["string"],
    example: facts.example,
    min: facts.min,
    max: facts.max,
    docs: { restInput: `${range} A numeric string is accepted.`, graphqlInput: range, ...facts.docs },
  };
}

/** Free text, trimmed; empty clears it. */
export function text(facts: { maxLength: number; example: string | null; docs?: Partial<FieldDocs> }): TextSpec {
  const limit = `Trimmed, at most ${facts.maxLength} characters`;
  return {
    kind: "text",
    nullable: true,
    reset: null,
    legacy: [],
    example: facts.example,
    maxLength: facts.maxLength,
    docs: { restInput: `${limit}; empty becomes null.`, graphqlInput: `${limit}; empty clears it.`, ...facts.docs },
  };
}

/** An absolute http(s) URL; a bare host gets https:// in front; empty clears it. */
export function url(facts: { maxLength: number; example: string | null; docs?: Partial<FieldDocs> }): UrlSpec {
  return {
    kind: "url",
    nullable: true,
    reset: null,
    legacy: [],
    example: facts.example,
    maxLength: facts.maxLength,
    docs: {
      restInput: `Absolute http(s) URL of at most ${facts.maxLength} characters; a bare host name (example.com) is stored as https://example.com.`,
      graphqlInput: `Absolute http(s) URL (a bare host gets https://), at most ${facts.maxLength} characters.`,
      ...facts.docs,
    },
  };
}

/** A flag that is never null; REST also accepts 1, 0, "1", "0", "true", "false". */
export function boolean(facts: { reset: boolean; example: boolean; docs?: Partial<FieldDocs> }): BooleanSpec {
  return {
    kind: "boolean",
    nullable: false,
    reset: facts.reset,
    legacy: ["integer", "string"],
    example: facts.example,
    docs: {
      restInput: 'Not nullable. Also 1, 0, "1", "0", "true", "false".',
      graphqlInput: "Not nullable in storage: null is refused.",
      ...facts.docs,
    },
  };
}

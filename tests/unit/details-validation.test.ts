import { JsonNumber, resultingRecordErrors, validateDetailsBody, throwIfInvalid } from "../../src/customers/details/details.validation";
import { DEFAULT_DETAILS } from "../../src/customers/details/details.fields";
import { Decimal } from "../../src/currency/decimal";
import { AppError } from "../../src/errors";

const rest = { lenient: true };
const strict = { lenient: false };

describe("validateDetailsBody", () => {
  it("normalises every field of a valid body", () => {
    const { changes, errors } = validateDetailsBody(
      {
        annual_revenue: new JsonNumber("2000000.50"),
        annual_revenue_currency: " usd ",
        employee_count: new JsonNumber("100"),
        industry: "  Technology ",
        website: "example.com",
        address: "   ",
        is_active: false,
      },
      rest,
    );
    expect(errors).toEqual({});
    expect(changes.annual_revenue?.toFixed()).toBe("2000000.5");
    expect(changes).toMatchObject({
      annual_revenue_currency: "USD",
      employee_count: 100,
      industry: "Technology",
      website: "https://example.com",
      address: null,
      is_active: false,
    });
  });

  it.each([
    ["annual_revenue", "The annual revenue field must be at least 0.", { annual_revenue: new JsonNumber("-1") }],
    ["annual_revenue", "The annual revenue field must have at most 4 decimal places.", { annual_revenue: new JsonNumber("1.12345") }],
    ["annual_revenue", "The annual revenue field must have at most 15 significant digits.", { annual_revenue: new JsonNumber("1234567890123456") }],
    ["annual_revenue", "The annual revenue field must have at most 4 decimal places.", { annual_revenue: new JsonNumber("1999999.99999999999") }],
    ["annual_revenue", "The annual revenue field must be a number.", { annual_revenue: "abc" }],
    ["annual_revenue", "The annual revenue field must be a number.", { annual_revenue: true }],
    ["annual_revenue_currency", "The selected annual revenue currency is invalid.", { annual_revenue_currency: "XYZ" }],
    ["annual_revenue_currency", "The annual revenue currency field must be a string.", { annual_revenue_currency: 12 }],
    ["employee_count", "The employee count field must be an integer.", { employee_count: new JsonNumber("1.5") }],
    ["employee_count", "The employee count field must be an integer.", { employee_count: "12a" }],
    ["employee_count", "The employee count field must be between 0 and 10000000.", { employee_count: new JsonNumber("10000001") }],
    ["employee_count", "The employee count field must be between 0 and 10000000.", { employee_count: new JsonNumber("-1") }],
    ["industry", "The industry field must not be greater than 255 characters.", { industry: "x".repeat(256) }],
    ["industry", "The industry field must be a string.", { industry: 5 }],
    ["website", "The website field must be a valid URL.", { website: "not a url" }],
    ["website", "The website field must be a valid URL.", { website: "javascript:alert(1)" }],
    ["website", "The website field must be a valid URL.", { website: "ftp://example.com" }],
    ["website", "The website field must not be greater than 2048 characters.", { website: `https://example.com/${"a".repeat(2040)}` }],
    ["address", "The address field must not be greater than 1000 characters.", { address: "a".repeat(1001) }],
    ["is_active", "The is active field must be true or false.", { is_active: null }],
    ["is_active", "The is active field must be true or false.", { is_active: "yes" }],
    ["foo", "The foo field is not allowed.", { foo: 1 }],
    ["__proto__x", "The __proto__x field is not allowed.", { __proto__x: 1 }],
  ] as const)("refuses a bad %s: %s", (field, message, body) => {
    const { errors } = validateDetailsBody(body, rest);
    expect(errors).toEqual({ [field]: [message] });
  });

  it("accepts Laravel's legacy scalars through REST only", () => {
    const legacy = { annual_revenue: "2000000", employee_count: "100", is_active: "0" };
    const lenient = validateDetailsBody(legacy, rest);
    expect(lenient.errors).toEqual({});
    expect(lenient.changes).toMatchObject({ employee_count: 100, is_active: false });
    for (const truthy of [1, "1", "true", new JsonNumber("1")]) {
      expect(validateDetailsBody({ is_active: truthy }, rest).changes.is_active).toBe(true);
    }
    expect(Object.keys(validateDetailsBody(legacy, strict).errors).sort()).toEqual(["annual_revenue", "employee_count", "is_active"]);
  });

  it("ignores the read-only keys of the response (GET-modify-PUT)", () => {
    const { changes, errors } = validateDetailsBody(
      { id: 1, customer_id: 1, annual_revenue_converted: 1, annual_revenue_currency_converted: "TRY", created_at: "x", updated_at: "y", industry: "A" },
      rest,
    );
    expect(errors).toEqual({});
    expect(changes).toEqual({ industry: "A" });
  });

  it("keeps an explicit null apart from an absent key", () => {
    expect(validateDetailsBody({ industry: null }, rest).changes).toEqual({ industry: null });
    expect(validateDetailsBody({}, rest).changes).toEqual({});
  });

  it("refuses a body that is not an object", () => {
    for (const body of [[], "x", new JsonNumber("1"), null]) {
      expect(validateDetailsBody(body, rest).errors).toEqual({ body: ["The body must be a JSON object."] });
    }
  });
});

describe("website: bare hosts with a port", () => {
  it.each([
    ["example.com:8080", "https://example.com:8080"],
    ["localhost:3000", "https://localhost:3000"],
    ["localhost:3000/path?q=1", "https://localhost:3000/path?q=1"],
    ["shop.example.co.uk:443/", "https://shop.example.co.uk:443/"],
    ["http://example.com:8080", "http://example.com:8080"],
  ])("accepts %s as %s", (website, stored) => {
    expect(validateDetailsBody({ website }, rest)).toEqual({ changes: { website: stored }, errors: {} });
  });

  it.each(["javascript:alert(1)", "mailto:a@example.com", "example.com:http", "localhost:99999999999", "data:text/html,x"])("still refuses %s", (website) => {
    expect(validateDetailsBody({ website }, rest).errors).toEqual({ website: ["The website field must be a valid URL."] });
  });
});

describe("record rules and the 422 message", () => {
  it("requires a currency whenever the record has a revenue", () => {
    expect(resultingRecordErrors({ ...DEFAULT_DETAILS, annual_revenue: new Decimal(1) })).toEqual({
      annual_revenue_currency: ["The annual revenue currency field is required when annual revenue is present."],
    });
    expect(resultingRecordErrors({ ...DEFAULT_DETAILS, annual_revenue: new Decimal(1), annual_revenue_currency: "USD" })).toEqual({});
  });

  it("reports all failing fields in documented order with Laravel's summary message", () => {
    const { errors } = validateDetailsBody({ website: "x y", employee_count: "a", zzz: 1 }, rest);
    let thrown: unknown;
    try {
      throwIfInvalid(errors);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const appError = thrown as AppError;
    expect(appError.message).toBe("The employee count field must be an integer. (and 2 more errors)");
    expect(Object.keys(appError.fieldErrors ?? {})).toEqual(["employee_count", "website", "zzz"]);
  });
});

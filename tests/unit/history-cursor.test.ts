import { CursorCodec } from "../../src/customers/history/cursor";

describe("history page cursors", () => {
  const codec = new CursorCodec("a-secret-for-the-cursor-tests");
  const cursor = { customerId: 7, id: 123456789012345n, pointsToNext: true };

  it("round-trips a cursor for its own customer", () => {
    const text = codec.encode(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(codec.decode(text, 7)).toEqual(cursor);
    expect(codec.decode(codec.encode({ ...cursor, pointsToNext: false }), 7)).toEqual({ ...cursor, pointsToNext: false });
  });

  it("refuses a cursor for another customer, from another key, edited, truncated or made up", () => {
    const text = codec.encode(cursor);
    const [body = "", signature = ""] = text.split(".");
    const edited = `${Buffer.from(JSON.stringify({ c: 7, id: "1", n: true })).toString("base64url")}.${signature}`;
    expect(codec.decode(text, 8)).toBeNull();
    expect(new CursorCodec("another-secret-entirely").decode(text, 7)).toBeNull();
    expect(codec.decode(edited, 7)).toBeNull();
    expect(codec.decode(`${body}.${signature.slice(0, -1)}`, 7)).toBeNull();
    expect(codec.decode(`${body}x.${signature}`, 7)).toBeNull();
    expect(codec.decode("", 7)).toBeNull();
    expect(codec.decode("eyJpZCI6MSwiX3BvaW50c1RvTmV4dEl0ZW1zIjp0cnVlfQ", 7)).toBeNull();
  });
});

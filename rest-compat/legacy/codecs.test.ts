// The legacy dialect's value codecs (rest-compat/legacy/codecs.ts): decimal money from integer cents and
// back, date objects and texts in UTC, lower-case enums, form booleans and days.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { centsFromDecimal, dateObject, dateText, dayStart, decimalFromCents, formBoolean, lowerEnum, upperEnum } from "./codecs.js";

describe("money", () => {
  it("writes cents as a decimal of the currency's units", () => {
    expect(decimalFromCents(282)).toBe(2.82);
    expect(decimalFromCents(0)).toBe(0);
    expect(decimalFromCents(5)).toBe(0.05);
    expect(decimalFromCents(-1999)).toBe(-19.99);
    expect(decimalFromCents(123_456)).toBe(1234.56);
    expect(() => decimalFromCents(1.5)).toThrow(RangeError);
  });

  it("reads a decimal back to the same cents, for any amount up to 10^12 units", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e14, max: 1e14 }), (cents) => {
        expect(centsFromDecimal(decimalFromCents(cents))).toBe(cents);
        expect(centsFromDecimal(String(decimalFromCents(cents)))).toBe(cents);
      }),
    );
    expect(centsFromDecimal("2.8")).toBe(280);
    expect(centsFromDecimal(" 30 ")).toBe(3000);
    for (const bad of ["", "2.822", "1e3", "abc", "2,82", null, undefined, {}]) expect(centsFromDecimal(bad), String(bad)).toBeUndefined();
  });

  it("reads the edge cases exactly: float sums, 19.99, exponents, padding, bare points, negative zero, too many digits", () => {
    expect(centsFromDecimal(19.99)).toBe(1999);
    expect(centsFromDecimal("19.99")).toBe(1999);
    expect(centsFromDecimal(1e2)).toBe(10_000);
    expect(centsFromDecimal(" 5 ")).toBe(500);
    expect(centsFromDecimal("9999999999999.99")).toBe(999_999_999_999_999);
    // Negative zero is plain 0 (Object.is tells them apart).
    for (const zero of ["-0", "-0.00", -0, "0"]) expect(Object.is(centsFromDecimal(zero), 0), String(zero)).toBe(true);
    expect(centsFromDecimal("-0.01")).toBe(-1);
    for (const bad of [0.1 + 0.2, "1e2", "5.", ".5", "10000000000000", 1e21, Number.NaN, Infinity]) expect(centsFromDecimal(bad), String(bad)).toBeUndefined();
  });
});

describe("dates", () => {
  it("writes a date-time as its UTC parts, and as text", () => {
    expect(dateObject("2024-08-31T23:59:59Z")).toEqual({ year: 2024, month: 8, day: 31, hour: 23, minute: 59, second: 59 });
    expect(dateObject("2024-09-01T01:30:00+02:00")).toEqual({ year: 2024, month: 8, day: 31, hour: 23, minute: 30, second: 0 });
    expect(dateObject(null)).toBeNull();
    expect(dateText("2024-08-31T23:59:59Z")).toBe("August 31, 2024 - 23:59:59");
    expect(dateText("2025-01-05T04:03:02.999Z")).toBe("January 5, 2025 - 04:03:02");
    expect(() => dateObject("yesterday")).toThrow(RangeError);
  });

  it("reads a YYYY-MM-DD day as its start in UTC, or the next day's start for an inclusive end", () => {
    expect(dayStart("2024-02-29")).toBe("2024-02-29T00:00:00.000Z");
    expect(dayStart("2024-12-31", true)).toBe("2025-01-01T00:00:00.000Z");
    for (const bad of ["2023-02-29", "2024-13-01", "2024-1-1", "01/02/2024", ""]) expect(dayStart(bad), bad).toBeUndefined();
  });
});

describe("enums and booleans", () => {
  it("writes enum values in lower case without their prefix, and reads them back", () => {
    expect(lowerEnum("INSTAGRAM")).toBe("instagram");
    expect(lowerEnum("CAMPAIGN_ACTIVE", "CAMPAIGN_")).toBe("active");
    expect(lowerEnum("PARTICIPATION_STATUS_CONTENT_SUBMITTED", "PARTICIPATION_STATUS_")).toBe("content_submitted");
    expect(upperEnum("active", "CAMPAIGN_")).toBe("CAMPAIGN_ACTIVE");
  });

  it("reads form booleans", () => {
    for (const yes of [true, "true", "1", 1]) expect(formBoolean(yes)).toBe(true);
    for (const no of [false, "false", "0", 0]) expect(formBoolean(no)).toBe(false);
    for (const neither of ["yes", "", "TRUE", null, undefined, 2]) expect(formBoolean(neither)).toBeUndefined();
  });
});

// Hashtags and mentions (src/shared/tags.ts): stored with their sign, matched ignoring case and the sign.
import { describe, expect, it } from "vitest";
import { missingTags, normalizeTag, normalizeTags, tagKey } from "./tags.js";

describe("normalizeTag", () => {
  const VALID: [raw: string, sign: "#" | "@", expected: string][] = [
    ["summer", "#", "#summer"],
    ["#Summer", "#", "#Summer"],
    ["##summer", "#", "#summer"],
    ["  #summer  ", "#", "#summer"],
    ["@brand", "#", "#brand"],
    ["brand", "@", "@brand"],
    ["@Brand.Official_1", "@", "@Brand.Official_1"],
    ["#été", "#", "#été"],
    ["#日本旅行", "#", "#日本旅行"],
    ["#2024", "#", "#2024"],
    ["#मेरा_भारत", "#", "#मेरा_भारत"],
    ["#สวัสดี", "#", "#สวัสดี"],
    ["x".repeat(100), "#", `#${"x".repeat(100)}`],
  ];
  it.each(VALID)("%j with %s → %j", (raw, sign, expected) => {
    expect(normalizeTag(raw, sign)).toBe(expected);
  });

  it("stores one form of a tag whichever Unicode form it was typed in", () => {
    const composed = "#caf\u00e9"; // é as one code point
    const decomposed = "#cafe\u0301"; // e + combining acute, as some keyboards send it
    expect(normalizeTag(decomposed, "#")).toBe(composed);
    expect(tagKey(normalizeTag(decomposed, "#")!)).toBe(tagKey(normalizeTag(composed, "#")!));
  });

  const INVALID: [raw: string, why: string][] = [
    ["", "empty"],
    ["#", "a sign alone"],
    ["  ", "blank"],
    ["two words", "a space"],
    ["#sum-mer", "a hyphen"],
    ["#summer!", "punctuation"],
    ["#fire🔥", "an emoji"],
    ["#a#b", "a second sign inside"],
    ["x".repeat(101), "over 100 characters"],
    ["#\u0301accent", "a combining mark with nothing to combine with"],
  ];
  it.each(INVALID)("refuses %j (%s)", (raw) => {
    expect(normalizeTag(raw, "#")).toBeUndefined();
    expect(normalizeTag(raw, "@")).toBeUndefined();
  });
});

describe("normalizeTags", () => {
  it("normalizes, keeps order and drops case-insensitive duplicates", () => {
    const errors: Record<string, string> = {};
    expect(normalizeTags(["Summer", "#sale", "#SUMMER", "summer", "##Sale"], "#", "requiredHashtags", errors)).toEqual(["#Summer", "#sale"]);
    expect(errors).toEqual({});
  });

  it("reports the first malformed entry under the given field", () => {
    const errors: Record<string, string> = {};
    normalizeTags(["ok", "not ok", "also bad!"], "@", "declaredMentions", errors);
    expect(Object.keys(errors)).toEqual(["declaredMentions"]);
    expect(errors.declaredMentions).toContain("not ok");
    expect(errors.declaredMentions).toContain("mention");
  });

  it("allows at most 50 distinct entries", () => {
    const errors: Record<string, string> = {};
    const fifty = Array.from({ length: 50 }, (_, i) => `tag${i}`);
    expect(normalizeTags(fifty, "#", "h", errors)).toHaveLength(50);
    expect(errors).toEqual({});
    normalizeTags([...fifty, "tag50"], "#", "h", errors);
    expect(errors.h).toMatch(/50/);
    // Duplicates do not count towards the limit.
    const again: Record<string, string> = {};
    normalizeTags([...fifty, "TAG0", "#tag1"], "#", "h", again);
    expect(again).toEqual({});
  });

  it("an empty list is fine", () => {
    const errors: Record<string, string> = {};
    expect(normalizeTags([], "#", "h", errors)).toEqual([]);
    expect(errors).toEqual({});
  });
});

describe("tagKey and missingTags", () => {
  it("keys ignore case and the sign", () => {
    expect(tagKey("#Summer")).toBe("summer");
    expect(tagKey("@Brand")).toBe("brand");
    expect(tagKey("##X")).toBe("x");
    expect(tagKey("#ÉTÉ")).toBe(tagKey("#été"));
  });

  const CASES: [required: string[], declared: string[], missing: string[]][] = [
    [[], [], []],
    [[], ["#anything"], []],
    [["#Summer"], ["#summer"], []],
    [["#summer"], ["#SUMMER", "#other"], []],
    [["#Summer", "#Sale"], ["#summer"], ["#Sale"]],
    [["#Summer", "#Sale"], [], ["#Summer", "#Sale"]],
    [["@Brand"], ["@brand"], []],
    [["#ad", "#sponsored"], ["#sponsored", "#ad"], []],
    [["#ad"], ["#adv"], ["#ad"]],
  ];
  it.each(CASES)("required %j, declared %j → missing %j", (required, declared, missing) => {
    expect(missingTags(required, declared)).toEqual(missing);
  });
});

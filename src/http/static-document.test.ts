import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ifNoneMatchHits, negotiateContentCoding, StaticDocument } from "./static-document.js";

describe("negotiateContentCoding", () => {
  it.each([
    [undefined, "identity"],
    ["", "identity"],
    ["gzip, deflate, br", "br"],
    ["GZIP", "gzip"],
    ["br;q=0.2, gzip;q=0.8", "gzip"],
    ["br;q=1.0, gzip;q=1.0", "br"],
    ["gzip;q=0, br;q=0", "identity"],
    ["*", "br"],
    ["*;q=0.5, br;q=0", "gzip"],
    ["deflate, identity", "identity"],
    ["x-gzip", "gzip"],
    ["br;q=abc", "identity"],
    [" , ;q=1, br", "br"],
  ])("Accept-Encoding %j → %s", (header, coding) => {
    expect(negotiateContentCoding(header)).toBe(coding);
  });
});

describe("ifNoneMatchHits", () => {
  const etag = '"abc"';
  it.each([
    [undefined, false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ["*", true],
    ['"abcd"', false],
    ["abc", false],
  ])("If-None-Match %j → %s", (header, hits) => {
    expect(ifNoneMatchHits(header, etag)).toBe(hits);
  });
});

describe("StaticDocument", () => {
  it("has a strong tag per coding that changes with the content, and compresses to the same bytes", async () => {
    const document = new StaticDocument("x".repeat(5_000), { contentType: "text/plain", cacheControl: "no-cache" });
    expect(new Set([document.etagFor("identity"), document.etagFor("br"), document.etagFor("gzip")]).size).toBe(3);
    expect(document.etagFor("br")).toMatch(/^"[\w-]+-br"$/);
    expect(new StaticDocument("y".repeat(5_000), document.options).etag).not.toBe(document.etag);
    expect(brotliDecompressSync(await document.bodyIn("br")).toString()).toBe("x".repeat(5_000));
    expect(gunzipSync(await document.bodyIn("gzip")).toString()).toBe("x".repeat(5_000));
    expect(document.bodyIn("br")).toBe(document.bodyIn("br"));
  });
});

// The pure rules of src/webhooks/: which addresses the SSRF policy refuses, the signature scheme as
// docs/webhooks.md states it, and the retry schedule.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AddressPolicy, webhookUrlProblem } from "./url-policy.js";
import { signatureHeader, verifySignature } from "./signature.js";
import { retryDelayMs } from "./dispatcher.js";

const strict = new AddressPolicy({ allowPrivateUrls: false, allowedPrivateNetworks: [] });

describe("AddressPolicy", () => {
  it.each([
    "127.0.0.1", "127.255.0.1", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.0.1", "100.64.0.1", "100.127.255.255",
    "169.254.169.254", "169.254.1.1", "0.0.0.0", "224.0.0.1", "255.255.255.255",
    "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:a00:1",
    "::7f00:1", "::a9fe:a9fe", "::ffff:0:7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "64:ff9b:1::a00:1", "2002:7f00:1::1",
  ])("refuses %s", (address) => {
    expect(strict.refusal(address)).toMatch(/loopback, link-local or private/);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("accepts %s", (address) => {
    expect(strict.refusal(address)).toBeUndefined();
  });

  it("accepts private addresses when allowed, wholly or by network", () => {
    expect(new AddressPolicy({ allowPrivateUrls: true, allowedPrivateNetworks: [] }).refusal("127.0.0.1")).toBeUndefined();
    const some = new AddressPolicy({ allowPrivateUrls: false, allowedPrivateNetworks: ["10.1.0.0/16", "fd00::/8"] });
    expect(some.refusal("10.1.2.3")).toBeUndefined();
    expect(some.refusal("fd00::5")).toBeUndefined();
    expect(some.refusal("10.2.0.1")).toBeDefined();
    expect(some.refusal("127.0.0.1")).toBeDefined();
  });
});

describe("webhookUrlProblem", () => {
  it.each([
    ["ftp://example.com/", "must be an http or https URL"],
    ["javascript:alert(1)", "must be an http or https URL"],
    ["nope", "is not a URL"],
    ["https://user:secret@example.com/", "must not carry credentials"],
    ["http://127.0.0.1/", /loopback/],
    ["http://0x7f000001/", /loopback/],
    ["http://[::1]:8080/", /loopback/],
    ["http://[::127.0.0.1]/", /loopback/],
    ["http://[64:ff9b::169.254.169.254]/", /link-local/],
    ["http://169.254.169.254/latest/meta-data/", /link-local/],
    [`https://example.com/${"a".repeat(2048)}`, "at most 2048 characters"],
  ])("%s: %s", async (url, problem) => {
    expect(await webhookUrlProblem(url, strict)).toMatch(problem);
  });

  it("accepts a public address literal", async () => {
    expect(await webhookUrlProblem("https://93.184.215.14/hooks?x=1", strict)).toBeUndefined();
  });
});

describe("signatures", () => {
  const body = '{"id":"evt_1","type":"PAYOUT","createdAt":"2026-01-01T00:00:00.000Z","data":{}}';
  it("is t=<seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>", () => {
    const expected = createHmac("sha256", "whsec_x").update(`1700000000.${body}`).digest("hex");
    expect(signatureHeader("whsec_x", 1700000000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it("verifies within the tolerance, and refuses another secret, body or an old timestamp", () => {
    const header = signatureHeader("whsec_x", 1700000000, body);
    expect(verifySignature("whsec_x", header, body, 300, 1700000100)).toBe(true);
    expect(verifySignature("whsec_y", header, body, 300, 1700000100)).toBe(false);
    expect(verifySignature("whsec_x", header, `${body} `, 300, 1700000100)).toBe(false);
    expect(verifySignature("whsec_x", header, body, 300, 1700000301)).toBe(false);
    expect(verifySignature("whsec_x", "t=1700000000,v1=zz", body, 300, 1700000000)).toBe(false);
  });
});

describe("retryDelayMs", () => {
  const settings = { retryBaseDelayMs: 30_000, retryMaxDelayMs: 3_600_000 };
  it("doubles from the base, with up to half taken off at random, and stops at the cap", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(settings, attempt, 1))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(settings, 1, 0)).toBe(15_000);
    expect(retryDelayMs(settings, 20, 1)).toBe(3_600_000);
    expect(retryDelayMs(settings, 20, 0)).toBe(1_800_000);
  });
});

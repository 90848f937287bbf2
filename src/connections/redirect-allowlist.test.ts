import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { isAllowedRedirect } from "./connection.service.js";

describe("isAllowedRedirect", () => {
  const list = ["https://app.example.com", "https://partner.example.com/connect", "http://localhost", "http://127.0.0.1:8080/"];
  it.each([
    ["https://app.example.com/settings/accounts?tab=1", true],
    ["https://app.example.com", true],
    ["http://app.example.com/settings", false], // scheme
    ["https://app.example.com:8443/settings", false], // port
    ["https://app.example.com.evil.example/", false],
    ["https://partner.example.com/connect", true],
    ["https://partner.example.com/connect/done", true],
    ["https://partner.example.com/connected", false],
    ["https://partner.example.com/connect/../admin", false],
    ["https://partner.example.com/", false],
    ["http://localhost:5173/connected", true], // a loopback entry without a port: any port
    ["http://localhost/connected", true],
    ["https://localhost:5173/connected", false],
    ["http://127.0.0.1:8080/x", true],
    ["http://127.0.0.1:8081/x", false], // a loopback entry with a port: that port
    ["https://app.example.com/#/settings", false],
    ["https://user@app.example.com/", false],
    ["javascript://app.example.com/%0aalert(1)", false],
    ["//app.example.com/settings", false],
    [`https://app.example.com/${"a".repeat(2100)}`, false],
  ])("%s → %s", (uri, allowed) => {
    expect(isAllowedRedirect(uri, list)).toBe(allowed);
  });

  it("the default list: the CORS origins, plus loopback outside production", () => {
    expect(loadConfig({ CORS_ORIGINS: "https://app.example.com" }).connectRedirectAllowlist).toEqual(["https://app.example.com", "http://localhost", "http://127.0.0.1"]);
    expect(loadConfig({ CORS_ORIGINS: "https://app.example.com", NODE_ENV: "production", ENCRYPTION_KEY: "x" }).connectRedirectAllowlist).toEqual(["https://app.example.com"]);
    expect(loadConfig({ CORS_ORIGINS: "*", NODE_ENV: "production" }).connectRedirectAllowlist).toEqual([]);
    expect(loadConfig({ CONNECT_REDIRECT_ALLOWLIST: "https://a.example.com/x, https://b.example.com" }).connectRedirectAllowlist).toEqual(["https://a.example.com/x", "https://b.example.com"]);
    expect(() => loadConfig({ CONNECT_REDIRECT_ALLOWLIST: "app.example.com" })).toThrow(/CONNECT_REDIRECT_ALLOWLIST/);
    expect(() => loadConfig({ CONNECT_REDIRECT_ALLOWLIST: "https://a.example.com/?x=1" })).toThrow(/CONNECT_REDIRECT_ALLOWLIST/);
  });
});

// Failure classification (docs/decisions.md, "Platforms, metrics, failure reasons"): the platform's error body first, then the HTTP status. Unit tables
// over src/metrics/providers/classify.ts, plus the HTTP helper's timeout and network-failure handling.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyGoogle, classifyGraph, classifyTikTok, failure } from "../../../src/metrics/providers/classify.js";
import { platformRequest, type PlatformResponse } from "../../../src/metrics/providers/http.js";
import { PlatformError, count, type FailureReason } from "../../../src/metrics/providers/provider.js";
import { platformErrors, type CannedResponse } from "../../support/fake-platforms.js";

/** A response as the providers see it: the canned one, or a bare status with a body. */
function response(canned: CannedResponse): PlatformResponse {
  return { status: canned.status, headers: new Headers(canned.headers ?? {}), body: canned.body };
}
const bare = (status: number, body: unknown = null, headers: Record<string, string> = {}): PlatformResponse => ({ status, headers: new Headers(headers), body });

type Row = [name: string, reason: FailureReason, response: PlatformResponse];

const GRAPH: Row[] = [
  ["code 4 (application request limit)", "RATE_LIMIT", response(platformErrors.graph(4))],
  ["code 17 (user request limit)", "RATE_LIMIT", response(platformErrors.graph(17))],
  ["code 32 (page request limit)", "RATE_LIMIT", response(platformErrors.graph(32))],
  ["code 613 (custom rate limit)", "RATE_LIMIT", response(platformErrors.graph(613))],
  ["code 80001 (page BUC limit)", "RATE_LIMIT", response(platformErrors.graph(80001))],
  ["code 80002 (Instagram BUC limit)", "RATE_LIMIT", response(platformErrors.graph(80002))],
  ["code 80014 (last of the BUC range)", "RATE_LIMIT", response(platformErrors.graph(80014))],
  ["code 4 sent as a 403", "RATE_LIMIT", response(platformErrors.graph(4, { status: 403 }))],
  ["code 4 sent as a 500", "RATE_LIMIT", response(platformErrors.graph(4, { status: 500 }))],
  ["a bare 429", "RATE_LIMIT", response(platformErrors.tooManyRequests(60))],
  ["code 190 (expired token) as a 400", "PERMISSION", response(platformErrors.graph(190))],
  ["code 190 as a 401", "PERMISSION", response(platformErrors.graph(190, { status: 401 }))],
  ["code 190 subcode 460 (password changed)", "PERMISSION", response(platformErrors.graph(190, { subcode: 460 }))],
  ["code 102 (session key invalid)", "PERMISSION", response(platformErrors.graph(102))],
  ["code 10 (permission denied)", "PERMISSION", response(platformErrors.graph(10))],
  ["code 200 (permissions error)", "PERMISSION", response(platformErrors.graph(200))],
  ["a bare 401", "PERMISSION", bare(401, "Unauthorized")],
  ["a bare 403", "PERMISSION", bare(403, null)],
  ["code 100 subcode 33 (no such object)", "INVALID_MEDIA", response(platformErrors.graph(100))],
  ["code 803 (alias does not exist)", "INVALID_MEDIA", response(platformErrors.graph(803))],
  ["a bare 404", "INVALID_MEDIA", bare(404, "Not Found")],
  ["code 1 (unknown error)", "UNKNOWN", response(platformErrors.graph(1, { status: 500 }))],
  ["code 2 (service unavailable)", "UNKNOWN", response(platformErrors.graph(2, { status: 503 }))],
  ["code 80015 (outside the BUC range) as a 400", "UNKNOWN", response(platformErrors.graph(80015))],
  ["an HTML 502", "UNKNOWN", response(platformErrors.html(502))],
  ["a code that is a string", "UNKNOWN", bare(400, { error: { code: "4", message: "?" } })],
  ["an empty 500", "UNKNOWN", bare(500, null)],
];

const TIKTOK: Row[] = [
  ["rate_limit_exceeded (429)", "RATE_LIMIT", response(platformErrors.tiktok("rate_limit_exceeded"))],
  ["rate_limit_exceeded answered 200", "RATE_LIMIT", bare(200, { data: {}, error: { code: "rate_limit_exceeded", message: "", log_id: "x" } })],
  ["a bare 429", "RATE_LIMIT", response(platformErrors.tooManyRequests())],
  ["access_token_invalid (401)", "PERMISSION", response(platformErrors.tiktok("access_token_invalid"))],
  ["scope_not_authorized (401)", "PERMISSION", response(platformErrors.tiktok("scope_not_authorized"))],
  ["scope_permission_missed", "PERMISSION", bare(403, { data: {}, error: { code: "scope_permission_missed", message: "", log_id: "x" } })],
  ["OAuth invalid_grant (400)", "PERMISSION", bare(400, { error: "invalid_grant", error_description: "Refresh token is invalid or expired.", log_id: "x" })],
  ["OAuth invalid_client (401)", "PERMISSION", bare(401, { error: "invalid_client", error_description: "Client key or secret is incorrect." })],
  ["a bare 401", "PERMISSION", bare(401, "")],
  ["invalid_params (400)", "UNKNOWN", response(platformErrors.tiktok("invalid_params"))],
  ["internal_error (500)", "UNKNOWN", response(platformErrors.tiktok("internal_error"))],
  ["code ok on a 500", "UNKNOWN", bare(500, { data: {}, error: { code: "ok", message: "", log_id: "x" } })],
  ["an HTML 502", "UNKNOWN", response(platformErrors.html(502))],
];

const GOOGLE: Row[] = [
  // The body before the status: YouTube sends its quota errors as 403s.
  ["quotaExceeded as a 403", "RATE_LIMIT", response(platformErrors.google(403, "quotaExceeded"))],
  ["rateLimitExceeded as a 403", "RATE_LIMIT", response(platformErrors.google(403, "rateLimitExceeded", "usageLimits"))],
  ["userRateLimitExceeded as a 403", "RATE_LIMIT", response(platformErrors.google(403, "userRateLimitExceeded", "usageLimits"))],
  ["dailyLimitExceeded as a 403", "RATE_LIMIT", response(platformErrors.google(403, "dailyLimitExceeded", "usageLimits"))],
  ["rateLimitExceeded as a 429", "RATE_LIMIT", response(platformErrors.google(429, "rateLimitExceeded", "usageLimits"))],
  ["a bare 429", "RATE_LIMIT", response(platformErrors.tooManyRequests())],
  ["authError as a 401", "PERMISSION", response(platformErrors.google(401, "authError", "global"))],
  ["forbidden as a 403", "PERMISSION", response(platformErrors.google(403, "forbidden", "youtube.video"))],
  ["insufficientPermissions as a 403", "PERMISSION", response(platformErrors.google(403, "insufficientPermissions", "global"))],
  ["a 403 that names no reason", "PERMISSION", bare(403, { error: { code: 403, message: "Forbidden", errors: [] } })],
  ["OAuth invalid_grant", "PERMISSION", response(platformErrors.oauth())],
  ["videoNotFound as a 404", "INVALID_MEDIA", response(platformErrors.google(404, "videoNotFound", "youtube.video"))],
  ["notFound as a 404", "INVALID_MEDIA", response(platformErrors.google(404, "notFound", "global"))],
  ["backendError as a 503", "UNKNOWN", response(platformErrors.google(503, "backendError", "global"))],
  ["an HTML 502", "UNKNOWN", response(platformErrors.html(502))],
];

describe.each([
  ["Meta Graph (Instagram, Facebook)", classifyGraph, GRAPH],
  ["TikTok", classifyTikTok, TIKTOK],
  ["Google (YouTube)", classifyGoogle, GOOGLE],
] as const)("%s", (_name, classify, rows) => {
  it.each(rows)("%s → %s", (_case, reason, platformResponse) => {
    expect(classify(platformResponse)).toBe(reason);
  });
});

describe("failure()", () => {
  it("throws a PlatformError with the reason, the status and the body, and the Retry-After it was given", () => {
    let thrown: unknown;
    try {
      failure(response(platformErrors.tooManyRequests(90)), classifyGraph, "Instagram");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PlatformError);
    expect(thrown).toMatchObject({ reason: "RATE_LIMIT", retryAfterSeconds: 90 });
    expect((thrown as Error).message).toContain("Instagram answered 429");
    expect((thrown as Error).message).toContain("Too Many Requests");
  });

  it("keeps the message short whatever the body", () => {
    expect(() => failure(bare(500, "x".repeat(10_000)), classifyGoogle, "YouTube")).toThrow(/^YouTube answered 500: x{300}$/);
  });
});

describe("count()", () => {
  it.each([
    [123, 123],
    ["123", 123], // YouTube sends numeric strings
    [0, 0],
    ["0", 0],
    [-1, null],
    [1.5, null],
    ["1.5", null],
    ["12a", null],
    ["", null],
    [null, null],
    [undefined, null],
    [2 ** 60, null],
    ["99999999999999999999", null],
  ] as const)("%j → %j", (value, expected) => {
    expect(count(value)).toBe(expected);
  });
});

describe("platformRequest", () => {
  let http: Server;
  let base: string;
  beforeAll(async () => {
    http = createServer((request, res) => {
      if (request.url === "/slow-headers") return void setTimeout(() => res.end("late"), 2_000);
      if (request.url === "/slow-body") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"data": [');
        return void setTimeout(() => res.end("]}"), 2_000);
      }
      if (request.url === "/text") return void res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad Gateway</h1>");
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  it("parses JSON, and keeps a body that is not JSON as text", async () => {
    expect(await platformRequest(`${base}/json`, { method: "GET" }, 1_000)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await platformRequest(`${base}/text`, { method: "GET" }, 1_000)).toMatchObject({ status: 502, body: "<h1>Bad Gateway</h1>" });
  });

  it("no headers within the timeout: UNKNOWN", async () => {
    const started = Date.now();
    await expect(platformRequest(`${base}/slow-headers`, { method: "GET" }, 200)).rejects.toMatchObject({ reason: "UNKNOWN", message: expect.stringContaining("within 200 ms") });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("headers in time but the body stalls: still a classified UNKNOWN PlatformError", async () => {
    const error = await platformRequest(`${base}/slow-body`, { method: "GET" }, 200).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ reason: "UNKNOWN", message: expect.stringContaining("within 200 ms") });
  });

  it("nobody listening: UNKNOWN", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(platformRequest(`http://127.0.0.1:${port}/`, { method: "GET" }, 1_000)).rejects.toMatchObject({ reason: "UNKNOWN", message: expect.stringContaining("unreachable") });
  });
});

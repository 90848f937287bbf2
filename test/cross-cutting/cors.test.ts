// CORS_ORIGINS: pages on the listed origins may call every path (GraphQL, both REST dialects, health, the
// OpenAPI document); any other origin, and every origin when nothing is listed, gets no CORS headers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, CORS_PREFLIGHT_MAX_AGE_SECONDS } from "../../src/http/cors.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { joinedParticipation } from "../support/factories.js";

const DASHBOARD = "https://dashboard.example";
const OTHER = "https://evil.example";

/** Every kind of path: GraphQL, a Varmply REST path (with its own OPTIONS answer), a legacy one, health, OpenAPI. */
const PATHS = ["/graphql", "/participations/participation_x", "/submissions/submission_x/review", "/api/anything", "/health", "/openapi.json"];

const listOf = (header: string | null) => (header ?? "").split(",").map((value) => value.trim().toLowerCase()).filter(Boolean);

function preflight(server: TestServer, path: string, origin: string, method = "POST", headers = "authorization, content-type") {
  return server.http(path, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers },
  });
}

describe("with CORS_ORIGINS listing one origin", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ corsOrigins: [DASHBOARD] });
  });
  afterAll(() => server?.close());

  it("answers a preflight from that origin with 204 and the CORS headers, on every path", async () => {
    for (const path of PATHS) {
      const response = await preflight(server, path, DASHBOARD, "POST", CORS_ALLOWED_HEADERS.join(", "));
      expect(response.status, path).toBe(204);
      expect(response.headers.get("access-control-allow-origin"), path).toBe(DASHBOARD);
      expect(listOf(response.headers.get("access-control-allow-methods")), path).toEqual(expect.arrayContaining(["GET", "POST"].map((m) => m.toLowerCase())));
      expect(listOf(response.headers.get("access-control-allow-headers")), path).toEqual(expect.arrayContaining(CORS_ALLOWED_HEADERS));
      expect(response.headers.get("access-control-max-age"), path).toBe(String(CORS_PREFLIGHT_MAX_AGE_SECONDS));
      expect(response.headers.get("access-control-allow-credentials"), path).toBeNull();
      expect(listOf(response.headers.get("vary")), path).toContain("origin");
      expect(response.headers.get("x-request-id"), path).toMatch(/.+/);
    }
  });

  it("gives the answers themselves the origin and the exposed headers, errors included", async () => {
    const { influencer, participationId } = await joinedParticipation(server);
    const answers = {
      graphql: await server.http("/graphql", {
        method: "POST",
        headers: { origin: DASHBOARD, "content-type": "application/json", authorization: `Bearer ${influencer.token}` },
        body: JSON.stringify({ query: "{ viewer { id } }" }),
      }),
      rest: await server.http(`/participations/${participationId}`, { headers: { origin: DASHBOARD, authorization: `Bearer ${influencer.token}` } }),
      restWithoutToken: await server.http(`/participations/${participationId}`, { headers: { origin: DASHBOARD } }),
      legacyNotFound: await server.http("/api/anything", { method: "POST", headers: { origin: DASHBOARD } }),
      health: await server.http("/health", { headers: { origin: DASHBOARD } }),
      openapi: await server.http("/openapi.json", { headers: { origin: DASHBOARD } }),
    };
    expect(answers.graphql.status).toBe(200);
    expect(answers.rest.status).toBe(200);
    expect(answers.restWithoutToken.status).toBe(401);
    expect(answers.legacyNotFound.status).toBe(404);
    for (const [name, response] of Object.entries(answers)) {
      expect(response.headers.get("access-control-allow-origin"), name).toBe(DASHBOARD);
      expect(listOf(response.headers.get("access-control-expose-headers")), name).toEqual(CORS_EXPOSED_HEADERS);
      expect(response.headers.get("access-control-allow-credentials"), name).toBeNull();
    }
  });

  it("keeps CSRF prevention: a GET query needs apollo-require-preflight or x-apollo-operation-name", async () => {
    const url = `/graphql?query=${encodeURIComponent("{ __typename }")}`;
    const bare = await server.http(url, { headers: { origin: DASHBOARD } });
    expect(bare.status).toBe(400);
    expect(bare.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
    const csrfHeaders: Record<string, string>[] = [{ "apollo-require-preflight": "true" }, { "x-apollo-operation-name": "Typename" }];
    for (const header of csrfHeaders) {
      const response = await server.http(url, { headers: { origin: DASHBOARD, ...header } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { __typename: "Query" } });
    }
  });

  it("leaves an OPTIONS that is no preflight to the path's own answer", async () => {
    const response = await server.http("/participations/participation_x", { method: "OPTIONS", headers: { origin: DASHBOARD } });
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(response.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
  });

  it("answers an OPTIONS to an unknown URL without CORS in the body of the scope that owns the URL", async () => {
    const withoutCors: Record<string, string>[] = [{}, { origin: OTHER, "access-control-request-method": "POST" }];
    for (const headers of withoutCors) {
      const legacy = await server.http("/api/anything", { method: "OPTIONS", headers });
      expect(legacy.status).toBe(404);
      expect(await legacy.json()).toMatchObject({ status: "error", error: "NOT_FOUND" });
      const graphql = await server.http("/graphql/anything", { method: "OPTIONS", headers });
      expect(graphql.status).toBe(404);
      expect(await graphql.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
    }
  });

  it("gives another origin no CORS headers: its preflight and its requests are refused by the browser", async () => {
    for (const path of PATHS) {
      const response = await preflight(server, path, OTHER);
      expect(response.headers.get("access-control-allow-origin"), path).toBeNull();
      expect(response.headers.get("access-control-allow-headers"), path).toBeNull();
    }
    const health = await server.http("/health", { headers: { origin: OTHER } });
    expect(health.status).toBe(200);
    expect(health.headers.get("access-control-allow-origin")).toBeNull();
    // A look-alike is another origin.
    for (const origin of [`${DASHBOARD}:8443`, "http://dashboard.example", `${DASHBOARD}.evil.example`, "null"]) {
      expect((await server.http("/health", { headers: { origin } })).headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });
});

describe("a draining server", () => {
  it("answers its 503 with the CORS headers, so a page on an allowed origin reads it instead of a network error", async () => {
    const server = await startTestServer({ corsOrigins: [DASHBOARD] });
    // A server that has just answered keeps answering (503) while it drains, instead of closing at once.
    await server.http("/health");
    const closing = server.close();
    try {
      const response = await server.http("/graphql", {
        method: "POST",
        headers: { origin: DASHBOARD, "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
    } finally {
      await closing;
    }
  });
});

describe("without CORS_ORIGINS (the default)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it("sends no CORS headers to any origin: same origin only", async () => {
    for (const path of PATHS) {
      const response = await preflight(server, path, DASHBOARD);
      expect(response.status, path).not.toBe(500);
      expect(response.headers.get("access-control-allow-origin"), path).toBeNull();
    }
    expect((await server.http("/health", { headers: { origin: DASHBOARD } })).headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("with CORS_ORIGINS=*", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ corsOrigins: "*" });
  });
  afterAll(() => server?.close());

  it("allows every origin, never with credentials", async () => {
    const response = await preflight(server, "/graphql", OTHER);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    const health = await server.http("/health", { headers: { origin: OTHER } });
    expect(health.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("CORS_ORIGINS parsing", () => {
  it("takes a comma-separated list of origins, or * alone; nothing means none", () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: "" }).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: " https://app.example.com , http://localhost:5173" }).corsOrigins).toEqual([
      "https://app.example.com",
      "http://localhost:5173",
    ]);
    expect(loadConfig({ CORS_ORIGINS: "*" }).corsOrigins).toBe("*");
  });

  it("refuses entries a browser's Origin header can never equal, and * mixed with origins", () => {
    for (const value of ["https://app.example.com/", "https://app.example.com/path", "app.example.com", "https://app.example.com:443", "null", "*,https://app.example.com"]) {
      expect(() => loadConfig({ CORS_ORIGINS: value }), value).toThrow(/CORS_ORIGINS/);
    }
  });
});

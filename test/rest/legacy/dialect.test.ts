// The legacy dialect (rest-compat/legacy/) before it has endpoints of its own: a test-only route table,
// served through the same router as the real tables and running real GraphQL operations, shows its
// conventions end to end: POST only (405 with `Allow: POST`), the path with or without its trailing slash,
// form (with `a[b]=c` nesting) or JSON bodies, the auth kinds, value codecs in the shaping, and the legacy
// error body for every failure (401, 400 with details.fields, 404, 405, 413, 415, 429, framework errors).
// The real server's /api/ answers come last: its own legacy routes and, beside them, unknown paths in the legacy body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from "fastify";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call } from "../../support/rest.js";
import { joinedParticipation, signUp } from "../../support/factories.js";
import { loadConfig } from "../../../src/config.js";
import { registerRestCompat } from "../../../rest-compat/index.js";
import { ErrorScopes } from "../../../rest-compat/core/error-scopes.js";
import { found } from "../../../rest-compat/core/failure.js";
import { defineRoute } from "../../../rest-compat/core/route.js";
import { integer, object, requestObject, string } from "../../../rest-compat/core/json-schema.js";
import { legacy } from "../../../rest-compat/legacy/dialect.js";
import { RefreshParticipationMetricsDocument, RestParticipationDocument } from "../../../rest-compat/generated/operations.js";

const { dateObject, decimalFromCents, lowerEnum } = legacy.codecs;

/** A legacy-style lookup of a participation: form or JSON, legacy values out. */
const participationRoute = defineRoute({
  method: "POST",
  path: "/api/test/participation/",
  auth: "bearer",
  tag: "Legacy test",
  summary: "A participation, the legacy way",
  description: "Test only.",
  request: {
    body: requestObject(
      {
        participation_id: string("The participation"),
        settings: requestObject({ post_rate: integer("Posts per month", { minimum: 1 }) }, []),
      },
      ["participation_id"],
    ),
  },
  operation: RestParticipationDocument,
  variables: ({ body }) => ({ id: body.participation_id }),
  fieldNames: { id: "participation_id" },
  respond: (data) => {
    const participation = found(data.participation, "Participation");
    return {
      status: "success",
      participation: {
        status: lowerEnum(participation.participationStatus, "PARTICIPATION_STATUS_"),
        campaign_status: lowerEnum(participation.campaign.campaignLifeCycleStatus, "CAMPAIGN_"),
        networks: participation.campaign.allowedPlatforms.map((platform) => lowerEnum(platform)),
        created: dateObject(participation.createdAtTimestamp),
        budget: participation.campaign.targetBudgetCents === null ? null : decimalFromCents(participation.campaign.targetBudgetCents),
        currency: participation.campaign.currency,
      },
    };
  },
  success: { status: 200, response: { description: "The participation", schema: object({ status: string("success") }) } },
});

/** The same operation behind the other auth kinds: `app` (not issued yet: always 401) and `none`. */
const appRoute = defineRoute({ ...participationRoute, path: "/api/test/app-only/", auth: "app" });
const publicRoute = defineRoute({ ...participationRoute, path: "/api/test/public/", auth: "none" });

/** A rate-limited operation (one manual refresh per user per hour in this file's server). */
const refreshRoute = defineRoute({
  method: "POST",
  path: "/api/test/refresh/",
  auth: "bearer",
  tag: "Legacy test",
  summary: "Refresh a participation's metrics",
  description: "Test only.",
  request: { body: requestObject({ participation_id: string("The participation") }, ["participation_id"]) },
  operation: RefreshParticipationMetricsDocument,
  variables: ({ body }) => ({ id: body.participation_id }),
  respond: () => ({ status: "success", message: "Refreshed" }),
  success: { status: 200, response: { description: "Refreshed" } },
  errors: { 429: true },
});

const BODY_LIMIT = 4_096;
const MISSING_PARTICIPATION = "participation_0000000000000000000A";

let server: TestServer;
let scratch: FastifyInstance;

beforeAll(async () => {
  const defaults = loadConfig({}).rateLimits;
  server = await startTestServer({
    rateLimits: { ...defaults, signUpPerIp: { limit: 10_000, windowSeconds: 60 }, metricsRefreshPerUser: { limit: 1, windowSeconds: 3_600 } },
  });
  scratch = Fastify({ bodyLimit: BODY_LIMIT });
  await registerRestCompat(scratch, {
    app: server.server.app,
    apollo: server.server.apollo,
    tables: [{ dialect: legacy, routes: [participationRoute, appRoute, publicRoute, refreshRoute] }],
    errorScopes: new ErrorScopes(),
  });
});
afterAll(async () => {
  await scratch?.close();
  await server?.close();
});

interface Send {
  method?: "POST" | "GET" | "PUT" | "DELETE" | "OPTIONS";
  token?: string;
  form?: string;
  json?: unknown;
  raw?: { type: string; body: string };
}

function send(url: string, { method = "POST", token, form, json, raw }: Send = {}): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let payload: string | undefined;
  if (form !== undefined) [headers["content-type"], payload] = ["application/x-www-form-urlencoded", form];
  if (json !== undefined) [headers["content-type"], payload] = ["application/json", JSON.stringify(json)];
  if (raw) [headers["content-type"], payload] = [raw.type, raw.body];
  return scratch.inject({ method, url, headers, payload });
}

/** The legacy error body, with `code` and the request's id. */
function expectLegacyError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  expect(body).toMatchObject({ status: "error", error: code, message: expect.any(String), requestId: expect.any(String) });
  expect(Object.keys(body).sort()).toEqual(["error", "message", "requestId", "status", ...(body.details ? ["details"] : [])].sort());
  return body;
}

describe("a legacy route running a GraphQL operation", () => {
  it("takes form fields or JSON, with or without the trailing slash, and answers legacy values", async () => {
    const { influencer, participationId } = await joinedParticipation(server, { targetBudgetCents: 123_456, allowedPlatforms: ["INSTAGRAM", "TIKTOK"] });
    const answers = [
      await send("/api/test/participation/", { token: influencer.token, form: `participation_id=${participationId}&settings[post_rate]=30` }),
      await send("/api/test/participation", { token: influencer.token, json: { participation_id: participationId } }),
    ];
    for (const response of answers) {
      expect(response.statusCode, response.body).toBe(200);
      const { participation } = response.json();
      expect(participation).toMatchObject({ status: "pending", campaign_status: "active", networks: ["instagram", "tiktok"], budget: 1234.56, currency: "USD" });
      expect(Object.keys(participation.created)).toEqual(["year", "month", "day", "hour", "minute", "second"]);
      expect(participation.created.year).toBeGreaterThanOrEqual(2024);
    }
  });

  it("names nested form fields and missing fields in details.fields; an empty body counts as no fields", async () => {
    const { token } = await signUp(server, "INFLUENCER");
    const nested = expectLegacyError(await send("/api/test/participation/", { token, form: "participation_id=x&settings[post_rate]=many" }), 400, "VALIDATION_ERROR");
    expect(nested.details.fields).toEqual({ "settings.post_rate": "must be an integer" });
    const empty = expectLegacyError(await send("/api/test/participation/", { token }), 400, "VALIDATION_ERROR");
    expect(empty.details.fields).toEqual({ participation_id: "is required" });
    // A rule that lives in GraphQL (the id's format) comes back under the name the client sent.
    const malformed = expectLegacyError(await send("/api/test/participation/", { token, json: { participation_id: "not an id" } }), 400, "VALIDATION_ERROR");
    expect(Object.keys(malformed.details.fields)).toEqual(["participation_id"]);
  });

  it("answers the operation's errors in the legacy body: 404 for an unknown participation", async () => {
    const { token } = await signUp(server, "INFLUENCER");
    const body = expectLegacyError(await send("/api/test/participation/", { token, form: `participation_id=${MISSING_PARTICIPATION}` }), 404, "NOT_FOUND");
    expect(body.details).toBeUndefined();
  });

  it("is 401 without a token or with a bad one (bearer), always for `app`, and lets `none` through to the operation", async () => {
    const { token } = await signUp(server, "INFLUENCER");
    expectLegacyError(await send("/api/test/participation/", { form: `participation_id=${MISSING_PARTICIPATION}` }), 401, "UNAUTHORIZED");
    expectLegacyError(await send("/api/test/participation/", { token: "not-a-token", form: `participation_id=${MISSING_PARTICIPATION}` }), 401, "UNAUTHORIZED");
    expectLegacyError(await send("/api/test/app-only/", { token, form: `participation_id=${MISSING_PARTICIPATION}` }), 401, "UNAUTHORIZED");
    // `none` does not stop the caller; the operation itself then decides (it shows participations to signed-in users only).
    const open = await send("/api/test/public/", { form: `participation_id=${MISSING_PARTICIPATION}` });
    expect([401, 404]).toContain(open.statusCode);
    expectLegacyError(open, open.statusCode, open.statusCode === 401 ? "UNAUTHORIZED" : "NOT_FOUND");
    expectLegacyError(await send("/api/test/public/", { token, form: `participation_id=${MISSING_PARTICIPATION}` }), 404, "NOT_FOUND");
  });

  it("answers every other method 405 with Allow: POST, OPTIONS included, with or without the slash", async () => {
    for (const method of ["GET", "PUT", "DELETE", "OPTIONS"] as const) {
      for (const url of ["/api/test/participation/", "/api/test/participation"]) {
        const response = await send(url, { method });
        expectLegacyError(response, 405, "VALIDATION_ERROR");
        expect(response.headers.allow, `${method} ${url}`).toBe("POST");
      }
    }
  });

  it("is 415 for a body that is neither form fields nor JSON, 413 over the body limit, 400 for broken JSON", async () => {
    const { token } = await signUp(server, "INFLUENCER");
    expectLegacyError(await send("/api/test/participation/", { token, raw: { type: "text/plain", body: "participation_id=1" } }), 415, "VALIDATION_ERROR");
    expectLegacyError(await send("/api/test/participation/", { token, form: `participation_id=${"x".repeat(BODY_LIMIT)}` }), 413, "VALIDATION_ERROR");
    expectLegacyError(await send("/api/test/participation/", { token, raw: { type: "application/json", body: '{"participation_id":' } }), 400, "VALIDATION_ERROR");
  });

  it("is 429 with Retry-After once the operation's rate limit is spent", async () => {
    const { influencer, participationId } = await joinedParticipation(server);
    const first = await send("/api/test/refresh/", { token: influencer.token, form: `participation_id=${participationId}` });
    expect(first.statusCode).not.toBe(429);
    const limited = await send("/api/test/refresh", { token: influencer.token, form: `participation_id=${participationId}` });
    expectLegacyError(limited, 429, "RATE_LIMITED");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("is 404 in the legacy body for an unknown path under /api/", async () => {
    expectLegacyError(await send("/api/test/nothing-here/"), 404, "NOT_FOUND");
  });

  it("is documented: the dialect's error body, auth schemes and standard statuses in /openapi.json", async () => {
    const document = (await scratch.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(document.components.schemas.LegacyError.required).toEqual(["status", "error", "message", "requestId"]);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(["appAuth", "bearerAuth"]);
    const operation = document.paths["/api/test/participation/"].post;
    expect(Object.keys(operation.requestBody.content)).toEqual(["application/x-www-form-urlencoded", "application/json"]);
    expect(Object.keys(operation.responses).sort()).toEqual(["200", "401", "405", "413", "415", "default"]);
    expect(operation.responses["405"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/LegacyError" });
    expect(document.paths["/api/test/app-only/"].post.security).toEqual([{ appAuth: [] }]);
    expect(document.paths["/api/test/public/"].post.responses).not.toHaveProperty("401");
    expect(document.paths["/api/test/refresh/"].post.responses).toHaveProperty("429");
  });
});

describe("/api/ on the real server", () => {
  it("serves its legacy routes: the public campaign list answers without a token", async () => {
    const response = await call(server, "POST", "/api/get/public/campaigns/", { body: "filter=active", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ campaigns: expect.any(Array) });
  });

  it("answers an unknown path 404 in the legacy body, with the request id of the X-Request-ID header", async () => {
    for (const path of ["/api/get/public/nothing/", "/api", "/api/"]) {
      const response = await call(server, "POST", path, { body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(response.status, path).toBe(404);
      expect(response.body, path).toMatchObject({ status: "error", error: "NOT_FOUND", requestId: response.headers.get("x-request-id") });
    }
  });

  it("answers a URL the router cannot read (a broken %-escape) in the legacy body", async () => {
    const response = await call(server, "POST", "/api/get/%zz");
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: "error", error: "VALIDATION_ERROR", requestId: response.headers.get("x-request-id") });
  });

  it("leaves the other scopes their own bodies: Varmply outside /api/, GraphQL under /graphql", async () => {
    const varmplyPath = await call(server, "POST", "/apix/nothing");
    expect(varmplyPath.body).toMatchObject({ error: "NOT_FOUND", timestamp: expect.any(String) });
    const graphqlPath = await call(server, "GET", "/graphql/nothing");
    expect(graphqlPath.status).toBe(404);
    expect(graphqlPath.body.errors[0].extensions.code).toBe("NOT_FOUND");
  });
});

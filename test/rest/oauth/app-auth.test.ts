// The legacy dialect's `app` auth kind (rest-compat/legacy/dialect.ts, src/context.ts): only access tokens
// issued to an application that exists and is not revoked, checked on every request; the request then runs
// as the token's user. A test-only legacy route table (as in test/rest/legacy/dialect.test.ts) stands in for
// the app endpoints, so the rule is shown whichever of them exist; the real /api/ paths are checked too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from "fastify";
import { startTestServer, type TestServer } from "../../support/server.js";
import { joinedParticipation, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, adminToken, appToken, createApplication, legacyPost } from "../../support/legacy-app.js";
import { registerRestCompat } from "../../../rest-compat/index.js";
import { ErrorScopes } from "../../../rest-compat/core/error-scopes.js";
import { found } from "../../../rest-compat/core/failure.js";
import { defineRoute } from "../../../rest-compat/core/route.js";
import { object, requestObject, string } from "../../../rest-compat/core/json-schema.js";
import { legacy } from "../../../rest-compat/legacy/dialect.js";
import { RestParticipationDocument } from "../../../rest-compat/generated/operations.js";

const route = (path: string, auth: "app" | "bearer" | "none") =>
  defineRoute({
    method: "POST",
    path,
    auth,
    tag: "Legacy test",
    summary: "A participation",
    description: "Test only.",
    request: { body: requestObject({ participation_id: string("The participation") }, ["participation_id"]) },
    operation: RestParticipationDocument,
    variables: ({ body }) => ({ id: body.participation_id }),
    respond: (data) => ({ status: "success", participation_status: found(data.participation, "Participation").participationStatus }),
    success: {
      status: 200,
      response: { description: "The participation", schema: object({ status: string("success"), participation_status: string("Its status") }) },
    },
  });

let server: TestServer;
let scratch: FastifyInstance;
let influencer: Actor;
let participationId: string;

beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  scratch = Fastify();
  await registerRestCompat(scratch, {
    app: server.server.app,
    apollo: server.server.apollo,
    tables: [{ dialect: legacy, routes: [route("/api/test/app/", "app"), route("/api/test/backend/", "bearer"), route("/api/test/public/", "none")] }],
    errorScopes: new ErrorScopes(),
  });
  ({ influencer, participationId } = await joinedParticipation(server));
});
afterAll(async () => {
  await scratch?.close();
  await server?.close();
});

const send = (url: string, token?: string): Promise<LightMyRequestResponse> =>
  scratch.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/x-www-form-urlencoded", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: `participation_id=${participationId}`,
  });

function expectLegacy401(response: LightMyRequestResponse) {
  expect(response.statusCode, response.body).toBe(401);
  const body = response.json();
  expect(body).toMatchObject({ status: "error", error: "UNAUTHORIZED", message: expect.any(String), requestId: expect.any(String) });
  expect(Object.keys(body).sort()).toEqual(["error", "message", "requestId", "status"]);
}

describe("app endpoints", () => {
  it("run as the token's user with an application token", async () => {
    const response = await send("/api/test/app/", await appToken(server, influencer));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ status: "success", participation_status: "PARTICIPATION_STATUS_PENDING" });
  });

  it("refuse a missing token, a signIn token and a malformed one with 401 in the legacy shape", async () => {
    expectLegacy401(await send("/api/test/app/"));
    expectLegacy401(await send("/api/test/app/", influencer.token));
    expectLegacy401(await send("/api/test/app/", "not.a.token"));
  });

  it("refuse a revoked application's tokens from the next request on", async () => {
    const application = await createApplication(server, "Revoked on the way");
    const token = await appToken(server, influencer, application);
    expect((await send("/api/test/app/", token)).statusCode).toBe(200);
    const revoked = await server.gql(`mutation($id: ID!) { revokeApplication(id: $id) { application { id } } }`, { id: application.id }, await adminToken(server));
    expect(revoked.errors).toBeUndefined();
    expectLegacy401(await send("/api/test/app/", token));
  });

  it("check the application with one indexed lookup per request, beside the user's", async () => {
    const token = await appToken(server, influencer);
    // Warm both paths first (the signing key is read once per process).
    await send("/api/test/app/", token);
    await send("/api/test/backend/", influencer.token);
    const withApp = await server.countStatements(() => send("/api/test/app/", token));
    const withUser = await server.countStatements(() => send("/api/test/backend/", influencer.token));
    expect(withApp.result.statusCode).toBe(200);
    expect(withUser.result.statusCode).toBe(200);
    expect(withApp.statements).toBe(withUser.statements + 1);
  });
});

describe("other paths", () => {
  it("backend endpoints and /graphql refuse application tokens; public endpoints take them", async () => {
    const token = await appToken(server, influencer);
    expectLegacy401(await send("/api/test/backend/", token));
    expect((await send("/api/test/backend/", influencer.token)).statusCode).toBe(200);
    const graphql = await server.gql(`{ viewer { id } }`, {}, token);
    expect(graphql.errors?.[0]?.extensions.code).toBe("UNAUTHORIZED");
    expect((await send("/api/test/public/", token)).statusCode).toBe(200);
    expect((await send("/api/test/public/", influencer.token)).statusCode).toBe(200);
  });

  it("are documented with the OAuth 2 password flow of /oauth/token", async () => {
    const document = (await scratch.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(document.paths["/api/test/app/"].post.security).toEqual([{ appAuth: [] }]);
    expect(document.components.securitySchemes.appAuth).toMatchObject({ type: "oauth2", flows: { password: { tokenUrl: "/oauth/token" } } });
  });

  it("the real app paths, whether or not they exist yet, are not refused for an application token", async () => {
    const token = await appToken(server, influencer);
    const response = await legacyPost(server, "/api/get/leaderboard/", { token, form: { campaign_id: 1 } });
    expect(response.status, JSON.stringify(response.body)).not.toBe(401);
    if (response.status >= 400) expect(response.body).toMatchObject({ status: "error", requestId: response.headers.get("x-request-id") });
  });
});

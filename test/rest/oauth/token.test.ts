// POST /oauth/token (rest-compat/oauth/, docs/oauth.md): client authentication both ways, the password and
// refresh grants, RFC 6749 §5.1 answers and §5.2 errors, no caching, the `client_id` claim, rotated and
// revoked secrets. The tokens' use on /api/ is in app-auth.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { startTestServer, type TestServer } from "../../support/server.js";
import { signUp, type Actor } from "../../support/factories.js";
import { call, type RestResponse } from "../../support/rest.js";
import { LEGACY_ADMIN, PASSWORD, adminToken, createApplication, tokenRequest, type TestApplication } from "../../support/legacy-app.js";

let server: TestServer;
let influencer: Actor;
let application: TestApplication;

beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  influencer = await signUp(server, "INFLUENCER");
  application = await createApplication(server, "Token tests");
});
afterAll(() => server?.close());

const password = (extra: Record<string, string> = {}) => ({ grant_type: "password", username: influencer.email, password: PASSWORD, ...extra });
const post = (credentials: TestApplication) => ({ client_id: credentials.clientId, client_secret: credentials.clientSecret });

function expectNoStore(response: RestResponse) {
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("pragma")).toBe("no-cache");
}

function expectOAuthError(response: RestResponse, status: number, error: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error).toBe(error);
  expect(response.body.error_description).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/);
  expect(Object.keys(response.body).sort()).toEqual(["error", "error_description"]);
  expectNoStore(response);
}

function expectTokens(response: RestResponse) {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(Object.keys(response.body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "token_type"]);
  expect(response.body.token_type).toBe("Bearer");
  expect(response.body.expires_in).toBe(server.server.app.config.accessTokenTtlSeconds);
  expectNoStore(response);
}

describe("client authentication", () => {
  it("client_secret_basic: HTTP Basic with the form-encoded id and secret", async () => {
    const response = await tokenRequest(server, password(), application);
    expectTokens(response);
    expect(decodeJwt(response.body.access_token).client_id).toBe(application.clientId);
  });

  it("client_secret_post: client_id and client_secret fields, in a form or a JSON body", async () => {
    expectTokens(await tokenRequest(server, password(post(application))));
    const json = await call(server, "POST", "/oauth/token", { body: { ...password(), ...post(application) } });
    expectTokens(json);
  });

  it("a wrong or unknown secret is 401 invalid_client with WWW-Authenticate, both ways", async () => {
    const wrong = { ...application, clientSecret: `${application.clientSecret}x` };
    for (const response of [
      await tokenRequest(server, password(), wrong),
      await tokenRequest(server, password(post(wrong))),
      await tokenRequest(server, password(), { clientId: "nobody", clientSecret: "nothing" }),
    ]) {
      expectOAuthError(response, 401, "invalid_client");
      expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm="/);
    }
  });

  it("no client authentication is invalid_client; both at once is invalid_request; another scheme is invalid_client", async () => {
    expectOAuthError(await tokenRequest(server, password()), 401, "invalid_client");
    expectOAuthError(await tokenRequest(server, password({ client_id: application.clientId })), 401, "invalid_client");
    expectOAuthError(await tokenRequest(server, password(post(application)), application), 400, "invalid_request");
    const bearer = await call(server, "POST", "/oauth/token", { body: password(), headers: { authorization: `Bearer ${influencer.token}` } });
    expectOAuthError(bearer, 401, "invalid_client");
  });
});

describe("grants", () => {
  it("a wrong password is 400 invalid_grant", async () => {
    expectOAuthError(await tokenRequest(server, password({ password: "not the password" }), application), 400, "invalid_grant");
  });

  it("an unknown grant is unsupported_grant_type; missing or repeated fields are invalid_request", async () => {
    expectOAuthError(await tokenRequest(server, { grant_type: "client_credentials" }, application), 400, "unsupported_grant_type");
    expectOAuthError(await tokenRequest(server, { username: influencer.email, password: PASSWORD }, application), 400, "invalid_request");
    expectOAuthError(await tokenRequest(server, { grant_type: "password", username: influencer.email }, application), 400, "invalid_request");
    expectOAuthError(await tokenRequest(server, { grant_type: "refresh_token" }, application), 400, "invalid_request");
    const repeated = await call(server, "POST", "/oauth/token", {
      body: `grant_type=password&grant_type=password&username=${encodeURIComponent(influencer.email)}&password=x`,
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${application.clientId}:${application.clientSecret}`).toString("base64")}` },
    });
    expectOAuthError(repeated, 400, "invalid_request");
  });

  it("text PostgreSQL cannot hold (NUL, an unpaired surrogate) is invalid_request in a field and invalid_client in HTTP Basic, never a 500", async () => {
    // A form cannot carry an unpaired surrogate (URL encoding replaces it), JSON can.
    const asJson = (body: Record<string, string>) => call(server, "POST", "/oauth/token", { body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    for (const bad of ["a\u0000b", "a\ud800b"]) {
      expectOAuthError(await asJson(password({ client_id: bad, client_secret: "secret" })), 400, "invalid_request");
      expectOAuthError(await asJson(password({ ...post(application), username: bad })), 400, "invalid_request");
    }
    const nul = "a\u0000b";
    expectOAuthError(await tokenRequest(server, password({ client_id: nul, client_secret: "secret" })), 400, "invalid_request");
    expectOAuthError(await tokenRequest(server, password(), { clientId: nul, clientSecret: "secret" }), 401, "invalid_client");
  });

  it("the refresh grant rotates the refresh token and is bound to its client", async () => {
    const first = await tokenRequest(server, password(), application);
    const other = await createApplication(server, "Another partner");
    // Through another client: refused, and the token is left unspent for its own client.
    expectOAuthError(await tokenRequest(server, { grant_type: "refresh_token", refresh_token: first.body.refresh_token }, other), 400, "invalid_grant");
    const second = await tokenRequest(server, { grant_type: "refresh_token", refresh_token: first.body.refresh_token }, application);
    expectTokens(second);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(decodeJwt(second.body.access_token).client_id).toBe(application.clientId);
    // Spent: a second use is invalid_grant.
    expectOAuthError(await tokenRequest(server, { grant_type: "refresh_token", refresh_token: first.body.refresh_token }, application), 400, "invalid_grant");
  });

  it("a spent refresh token presented through another client, or through GraphQL, still revokes its family", async () => {
    const other = await createApplication(server, "A third partner");
    // A user of its own: the refreshes here count against the per-account refresh limit.
    const user = await signUp(server, "INFLUENCER");
    for (const present of [
      (token: string) => tokenRequest(server, { grant_type: "refresh_token", refresh_token: token }, other),
      (token: string) => server.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: token }),
    ]) {
      const first = await tokenRequest(server, password({ username: user.email }), application);
      const second = await tokenRequest(server, { grant_type: "refresh_token", refresh_token: first.body.refresh_token }, application);
      expectTokens(second);
      await present(first.body.refresh_token);
      expectOAuthError(await tokenRequest(server, { grant_type: "refresh_token", refresh_token: second.body.refresh_token }, application), 400, "invalid_grant");
    }
  });

  it("a signIn refresh token does not refresh through an application, nor an application's through GraphQL", async () => {
    expectOAuthError(await tokenRequest(server, { grant_type: "refresh_token", refresh_token: influencer.refreshToken }, application), 400, "invalid_grant");
    const issued = await tokenRequest(server, password(), application);
    const response = await server.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: issued.body.refresh_token });
    expect(response.errors?.[0]?.extensions.code).toBe("UNAUTHORIZED");
  });

  it("signIn tokens carry no client_id", () => {
    expect(decodeJwt(influencer.token).client_id).toBeUndefined();
  });
});

describe("errors outside the grants keep the RFC body and no-store", () => {
  it("another method is 405; an unknown /oauth path is 404; a bad content type 415", async () => {
    const get = await call(server, "GET", "/oauth/token");
    expect(get.status).toBe(405);
    expect(get.body.error).toBe("invalid_request");
    expectNoStore(get);
    const unknown = await call(server, "POST", "/oauth/authorize", { body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe("invalid_request");
    expectNoStore(unknown);
    const text = await call(server, "POST", "/oauth/token", { body: "grant_type=password", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
    expect(text.body.error).toBe("invalid_request");
    expectNoStore(text);
    const malformed = await call(server, "POST", "/oauth/token", { body: "{not json", headers: { "content-type": "application/json" } });
    expectOAuthError(malformed, 400, "invalid_request");
  });
});

describe("secrets", () => {
  it("rotating the secret makes the old one invalid_client and the new one work", async () => {
    const rotating = await createApplication(server, "Rotating");
    const admin = await adminToken(server);
    const rotated = await server.gql(`mutation($id: ID!) { rotateApplicationSecret(id: $id) { clientSecret application { secretRotatedAt } } }`, { id: rotating.id }, admin);
    const clientSecret = rotated.data!.rotateApplicationSecret.clientSecret;
    expect(clientSecret).not.toBe(rotating.clientSecret);
    expect(rotated.data!.rotateApplicationSecret.application.secretRotatedAt).toBeTruthy();
    expectOAuthError(await tokenRequest(server, password(), rotating), 401, "invalid_client");
    expectTokens(await tokenRequest(server, password(), { ...rotating, clientSecret }));
  });

  it("a revoked application's secret and refresh tokens stop working", async () => {
    const doomed = await createApplication(server, "Doomed");
    const issued = await tokenRequest(server, password(), doomed);
    await server.gql(`mutation($id: ID!) { revokeApplication(id: $id) { application { revokedAt } } }`, { id: doomed.id }, await adminToken(server));
    expectOAuthError(await tokenRequest(server, password(), doomed), 401, "invalid_client");
    expectOAuthError(await tokenRequest(server, { grant_type: "refresh_token", refresh_token: issued.body.refresh_token }, doomed), 401, "invalid_client");
  });
});

describe("the sign-in limits of GraphQL signIn apply", () => {
  it("wrong passwords lock the account for both: slow_down with Retry-After here, RATE_LIMITED on /graphql", async () => {
    const victim = await signUp(server, "INFLUENCER");
    const limit = server.server.app.config.rateLimits.signInFailuresPerAccount!.limit;
    for (let attempt = 0; attempt < limit; attempt++) {
      expectOAuthError(await tokenRequest(server, { grant_type: "password", username: victim.email, password: "wrong password" }, application), 400, "invalid_grant");
    }
    const locked = await tokenRequest(server, { grant_type: "password", username: victim.email, password: PASSWORD }, application);
    expectOAuthError(locked, 429, "slow_down");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    const graphql = await server.gql(`mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`, { input: { email: victim.email, password: PASSWORD } });
    expect(graphql.errors?.[0]?.extensions.code).toBe("RATE_LIMITED");
  });
});

describe("/openapi.json", () => {
  it("documents /oauth/token with its client authentication and the RFC error body", async () => {
    const document = await (await server.http("/openapi.json")).json();
    const token = document.paths["/oauth/token"].post;
    expect(token.security).toEqual([{ clientSecretBasic: [] }, {}]);
    expect(Object.keys(token.requestBody.content).sort()).toEqual(["application/json", "application/x-www-form-urlencoded"]);
    expect(Object.keys(token.responses)).toEqual(expect.arrayContaining(["200", "400", "401"]));
    expect(token.responses["401"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/OAuthError" });
    expect(document.components.securitySchemes.clientSecretBasic).toMatchObject({ type: "http", scheme: "basic" });
    expect(document.components.schemas.OAuthError.properties.error.enum).toEqual(expect.arrayContaining(["invalid_client", "invalid_grant", "unsupported_grant_type"]));
  });
});

// Partner-app calls for the legacy Campaigns API tests. Start the server with the administrator these
// helpers register applications as — `startTestServer({ ...LEGACY_ADMIN })` — then
// `const token = await appToken(server, influencer)` (any `{ email, password }`; the factories' users have
// the password `PASSWORD`) gets that user's access token through a registered application and the OAuth 2
// password grant at POST /oauth/token, ready for the app endpoints (`/api/get/...`, `/api/action/...`).
// `legacyPost(server, "/api/get/tasks/", { token, form: { campaign_id: 12 } })` sends form fields (nested
// objects become `a[b]=c`), `{ json: {...} }` a JSON body, neither an empty POST; it answers `call`'s
// `{ status, headers, body }` (test/support/rest.ts). For backend endpoints pass a signIn token (`actor.token`).
// `createApplication` and `tokenRequest` are the lower-level steps, for tests of /oauth/token itself.
import { readFileSync } from "node:fs";
import qs from "qs";
import { expect } from "vitest";
import type { Config } from "../../src/config.js";
import type { TestServer } from "./server.js";
import { ok } from "./factories.js";
import { call, type RestResponse } from "./rest.js";

/** Config overrides for startTestServer: the administrator who registers the applications. */
export const LEGACY_ADMIN = { adminEmail: "legacy-admin@example.test", adminPassword: "legacy admin password" } satisfies Partial<Config>;

/** The password of the users test/support/factories.ts signs up. */
export const PASSWORD = "correct horse battery";

export interface TestApplication {
  id: string;
  legacyId: number;
  clientId: string;
  clientSecret: string;
}

const adminTokens = new WeakMap<TestServer, Promise<string>>();
const defaultApplications = new WeakMap<TestServer, Promise<TestApplication>>();

/** The administrator's signIn access token (LEGACY_ADMIN must be in the server's config). */
export function adminToken(server: TestServer): Promise<string> {
  let token = adminTokens.get(server);
  if (!token) {
    const { adminEmail: email, adminPassword: password } = server.server.app.config;
    if (!email || !password) throw new Error("start the server with startTestServer({ ...LEGACY_ADMIN }) to register applications");
    token = ok(server, `mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`, { input: { email, password } }).then(
      (data) => data.signIn.accessToken as string,
    );
    adminTokens.set(server, token);
  }
  return token;
}

/** Registers an application as the administrator; its secret is only in this answer. */
export async function createApplication(server: TestServer, name = "Test partner app"): Promise<TestApplication> {
  const data = await ok(
    server,
    `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id legacyId clientId } clientSecret } }`,
    { input: { name } },
    await adminToken(server),
  );
  return { ...data.createApplication.application, clientSecret: data.createApplication.clientSecret };
}

/** POST /oauth/token with form fields, the client authenticated with HTTP Basic (`basic`) or not at all (put it in `form`). */
export function tokenRequest(server: TestServer, form: Record<string, string>, basic?: Pick<TestApplication, "clientId" | "clientSecret">): Promise<RestResponse> {
  const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, "+");
  const authorization = basic ? `Basic ${Buffer.from(`${encode(basic.clientId)}:${encode(basic.clientSecret)}`).toString("base64")}` : undefined;
  return call(server, "POST", "/oauth/token", {
    body: new URLSearchParams(form).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...(authorization ? { authorization } : {}) },
  });
}

/** A user's access token issued to `application` (by default one application registered once per server). */
export async function appToken(server: TestServer, user: { email: string; password?: string }, application?: TestApplication): Promise<string> {
  let client = application;
  if (!client) {
    let shared = defaultApplications.get(server);
    if (!shared) defaultApplications.set(server, (shared = createApplication(server, "Default test partner app")));
    client = await shared;
  }
  const response = await tokenRequest(server, { grant_type: "password", username: user.email, password: user.password ?? PASSWORD }, client);
  if (response.status !== 200) throw new Error(`/oauth/token answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.access_token;
}

export interface LegacyPostOptions {
  token?: string;
  /** Form fields; nested objects and arrays are written `a[b]=c`, `a[]=c`. */
  form?: Record<string, unknown>;
  json?: unknown;
  headers?: Record<string, string>;
}

/** POST to a legacy `/api/...` path with a form or JSON body (or none). */
export function legacyPost<T = any>(server: TestServer, path: string, options: LegacyPostOptions = {}): Promise<RestResponse<T>> {
  const { token, form, json, headers } = options;
  if (form !== undefined) {
    const body = qs.stringify(form, { arrayFormat: "brackets" });
    return call<T>(server, "POST", path, { token, body, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
  }
  return call<T>(server, "POST", path, { token, body: json, headers });
}

/** The documentation's title, request and response example of every legacy path (rest-compat/legacy/seed-examples.json). */
export const SEED: Record<string, { request: Record<string, unknown> | null; response: any }> = JSON.parse(
  readFileSync(new URL("../../rest-compat/legacy/seed-examples.json", import.meta.url), "utf8"),
);

/**
 * The set of keys, recursively: a list of objects by its first item, any other list or value as a leaf (the
 * documentation shows `tasks_featured` both as a boolean and as a list); `free` paths are maps keyed by data
 * (network names).
 */
export function keyTree(value: unknown, free: string[] = [], path = ""): unknown {
  if (Array.isArray(value)) return typeof value[0] === "object" && value[0] !== null ? [keyTree(value[0], free, `${path}[]`)] : "*";
  if (value === null || typeof value !== "object" || free.includes(path)) return "*";
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, keyTree((value as Record<string, unknown>)[key], free, path ? `${path}.${key}` : key)]));
}

/** 200 with the documented keys; `body` picks the part to compare when the answer's first item lacks data (a list). */
export function expectSeedKeys(response: RestResponse, path: string, free: string[] = [], body: unknown = response.body) {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(keyTree(body, free)).toEqual(keyTree(SEED[path]!.response, free));
}

/** The legacy error body with this status and code, carrying the request's id. */
export function expectLegacyError(response: RestResponse, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ status: "error", error: code, message: expect.any(String), requestId: response.headers.get("x-request-id") });
  return response.body;
}

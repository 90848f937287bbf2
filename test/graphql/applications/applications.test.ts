// Registered applications in GraphQL (src/applications/): admins create, list, revoke and rotate them; the
// client secret is shown once and stored only as a hash; nobody else may touch them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { errorCode, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, adminToken } from "../../support/legacy-app.js";

const CREATE = `mutation($input: CreateApplicationInput!) {
  createApplication(input: $input) { application { id legacyId name clientId createdAt revokedAt secretRotatedAt } clientSecret }
}`;
const LIST = `query($first: Int, $after: String) {
  applications(first: $first, after: $after) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } }
}`;
const REVOKE = `mutation($id: ID!) { revokeApplication(id: $id) { application { id revokedAt } } }`;
const ROTATE = `mutation($id: ID!) { rotateApplicationSecret(id: $id) { application { id secretRotatedAt } clientSecret } }`;

let server: TestServer;
let admin: string;
let brand: Actor;
let influencer: Actor;

beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  admin = await adminToken(server);
  [brand, influencer] = await Promise.all([signUp(server, "BRAND"), signUp(server, "INFLUENCER")]);
});
afterAll(() => server?.close());

const create = async (name: string) => (await ok(server, CREATE, { input: { name } }, admin)).createApplication;

describe("createApplication", () => {
  it("answers the application and its secret once; the table holds only the secret's SHA-256", async () => {
    const created = await create("  Partner dashboard  ");
    expect(created.application).toMatchObject({ name: "Partner dashboard", revokedAt: null, secretRotatedAt: null });
    expect(created.application.id).toMatch(/^app_/);
    expect(Number.isInteger(created.application.legacyId)).toBe(true);
    expect(created.application.clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(created.clientSecret.length).toBeGreaterThanOrEqual(40);

    const db = server.server.app.database.db;
    const rows = await db.execute(sql`select * from applications where id = ${created.application.legacyId}`);
    const row = ((rows as { rows?: unknown[] }).rows ?? (rows as unknown as unknown[]))[0] as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain(created.clientSecret);
    expect(row.client_secret_hash).toBe(createHash("sha256").update(created.clientSecret).digest("hex"));

    // No query answers the secret again.
    const listed = await ok(server, `{ applications(first: 100) { edges { node { id clientId } } } }`, {}, admin);
    expect(JSON.stringify(listed)).not.toContain(created.clientSecret);
  });

  it("refuses an empty or overlong name", async () => {
    expect(await errorCode(server, CREATE, { input: { name: "   " } }, admin)).toBe("VALIDATION_ERROR");
    expect(await errorCode(server, CREATE, { input: { name: "x".repeat(201) } }, admin)).toBe("VALIDATION_ERROR");
  });
});

describe("applications", () => {
  it("is a connection, newest first, paged with opaque cursors", async () => {
    const [a, b] = [await create("Paged A"), await create("Paged B")];
    const first = (await ok(server, LIST, { first: 1 }, admin)).applications;
    expect(first.edges[0].node.id).toBe(b.application.id);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBeGreaterThanOrEqual(2);
    const second = (await ok(server, LIST, { first: 1, after: first.pageInfo.endCursor }, admin)).applications;
    expect(second.edges[0].node.id).toBe(a.application.id);
    expect(second.totalCount).toBe(first.totalCount);
    expect(await errorCode(server, LIST, { first: 1, after: "not-a-cursor" }, admin)).toBe("VALIDATION_ERROR");
  });
});

describe("revokeApplication and rotateApplicationSecret", () => {
  it("revoke by id or legacy id, idempotently; a revoked application gets no new secret", async () => {
    const { application } = await create("Revoked");
    const revoked = (await ok(server, REVOKE, { id: String(application.legacyId) }, admin)).revokeApplication.application;
    expect(revoked.id).toBe(application.id);
    expect(revoked.revokedAt).toBeTruthy();
    const again = (await ok(server, REVOKE, { id: application.id }, admin)).revokeApplication.application;
    expect(again.revokedAt).toBe(revoked.revokedAt);
    expect(await errorCode(server, ROTATE, { id: application.id }, admin)).toBe("CONFLICT");
  });

  it("rotate answers a new secret and records when", async () => {
    const created = await create("Rotated");
    const rotated = (await ok(server, ROTATE, { id: created.application.id }, admin)).rotateApplicationSecret;
    expect(rotated.clientSecret).not.toBe(created.clientSecret);
    expect(rotated.application.secretRotatedAt).toBeTruthy();
  });

  it("an unknown id is NOT_FOUND, a malformed one VALIDATION_ERROR", async () => {
    expect(await errorCode(server, REVOKE, { id: "app_doesnotexist0000000" }, admin)).toBe("NOT_FOUND");
    expect(await errorCode(server, REVOKE, { id: "999999" }, admin)).toBe("NOT_FOUND");
    expect(await errorCode(server, ROTATE, { id: "campaign_abc" }, admin)).toBe("VALIDATION_ERROR");
  });
});

describe("who may", () => {
  it("brands and influencers are PERMISSION_DENIED, anonymous callers UNAUTHORIZED, for every operation", async () => {
    const { application } = await create("Guarded");
    const operations: [string, Record<string, unknown>][] = [
      [CREATE, { input: { name: "Mine" } }],
      [LIST, {}],
      [REVOKE, { id: application.id }],
      [ROTATE, { id: application.id }],
    ];
    for (const [query, variables] of operations) {
      expect(await errorCode(server, query, variables, brand.token)).toBe("PERMISSION_DENIED");
      expect(await errorCode(server, query, variables, influencer.token)).toBe("PERMISSION_DENIED");
      expect(await errorCode(server, query, variables)).toBe("UNAUTHORIZED");
    }
    // Nothing changed.
    const listed = await ok(server, `{ applications(first: 100) { edges { node { id name revokedAt secretRotatedAt } } } }`, {}, admin);
    const guarded = listed.applications.edges.map((edge: any) => edge.node).find((node: any) => node.id === application.id);
    expect(guarded).toMatchObject({ revokedAt: null, secretRotatedAt: null });
    expect(listed.applications.edges.some((edge: any) => edge.node.name === "Mine")).toBe(false);
  });
});

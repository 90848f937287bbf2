// User administration in GraphQL (src/user-admin/, src/auth/auth.service.ts `endAllSessions`): a ban and a
// force-logout end every session on the very next request, for old access tokens and old refresh tokens,
// at no extra SQL statement per request; the status report's figures; custom social walls; who may do it.
// docs/legacy-api.md, "User administration"; docs/oauth.md, "Revocation".
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { SignJWT, decodeJwt } from "jose";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createActiveCampaign, createCampaign, errorCode, join, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, PASSWORD, adminToken, appToken, legacyPost } from "../../support/legacy-app.js";
import { customSocialWalls, refreshTokens, users } from "../../../schema/tables.js";

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

const db = () => server.server.app.database.db;
const userRow = async (actor: Actor) => (await db().select().from(users).where(eq(users.publicId, actor.id)))[0]!;

const VIEWER = `{ viewer { id } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken } }`;
const REFRESH = `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken } }`;
const BAN = `mutation($input: SetUserBanInput!) { setUserBan(input: $input) { user { id status } } }`;
const FORCE_LOGOUT = `mutation($input: ForceLogoutInput!) { forceLogout(input: $input) { user { id } } }`;
const STATUS = `query($userId: ID!) { userStatus(userId: $userId) { exists user { id } status banReason joinedDate totalCampaigns } }`;
const WALL = `mutation($input: AddCustomSocialWallInput!) { addCustomSocialWall(input: $input) { created wall { url platform createdAt } user { id } } }`;

const code = async (query: string, variables: Record<string, unknown>, token?: string) => {
  const response = await server.gql(query, variables, token);
  return response.errors?.[0]?.extensions.code ?? "OK";
};
const signIn = async (actor: Actor, password = PASSWORD) => (await ok(server, SIGN_IN, { input: { email: actor.email, password } })).signIn as { accessToken: string; refreshToken: string };

/** A user with two sessions (two refresh-token families), as a phone and a laptop. */
async function userWithTwoSessions(role: "BRAND" | "INFLUENCER" = "INFLUENCER") {
  const actor = await signUp(server, role);
  return { actor, sessions: [{ accessToken: actor.token, refreshToken: actor.refreshToken }, await signIn(actor)] };
}

describe("forceLogout", () => {
  it("ends every session on the very next request: old access tokens and old refresh tokens fail, a new sign-in works", async () => {
    const { actor, sessions } = await userWithTwoSessions();
    for (const session of sessions) expect((await ok(server, VIEWER, {}, session.accessToken)).viewer.id).toBe(actor.id);

    expect((await ok(server, FORCE_LOGOUT, { input: { userId: actor.id } }, admin)).forceLogout.user.id).toBe(actor.id);

    for (const session of sessions) {
      const response = await server.gql(VIEWER, {}, session.accessToken);
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions.code).toBe("UNAUTHORIZED");
      expect(await code(REFRESH, { token: session.refreshToken })).toBe("UNAUTHORIZED");
    }
    // Every refresh token row is revoked, not only refused.
    const row = await userRow(actor);
    const live = await db().select().from(refreshTokens).where(sql`${refreshTokens.userId} = ${row.id} and ${refreshTokens.revokedAt} is null`);
    expect(live).toEqual([]);

    const fresh = await signIn(actor);
    expect((await ok(server, VIEWER, {}, fresh.accessToken)).viewer.id).toBe(actor.id);
    const rotated = (await ok(server, REFRESH, { token: fresh.refreshToken })).refreshSession;
    expect((await ok(server, VIEWER, {}, rotated.accessToken)).viewer.id).toBe(actor.id);
  });

  it("works by the legacy integer id too, and ends application (/oauth/token) sessions on the legacy app paths", async () => {
    const actor = await signUp(server, "INFLUENCER");
    const token = await appToken(server, actor);
    expect((await legacyPost(server, "/api/get/campaigns/", { token })).status).toBe(200);
    const { legacyId } = (await ok(server, `{ viewer { legacyId } }`, {}, actor.token)).viewer;
    await ok(server, FORCE_LOGOUT, { input: { userId: String(legacyId) } }, admin);
    const refused = await legacyPost(server, "/api/get/campaigns/", { token });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ status: "error", error: "UNAUTHORIZED" });
  });

  it("refuses a token stamped in the same second — even the same millisecond — as the force-logout, and accepts one stamped after", async () => {
    const actor = await signUp(server, "BRAND");
    await ok(server, FORCE_LOGOUT, { input: { userId: actor.id } }, admin);
    const endedAt = (await userRow(actor)).sessionsValidAfter!.getTime();
    const issue = (issuedAtMs: number) => server.server.app.accessTokens.issue({ userPublicId: actor.id, role: "BRAND" }, issuedAtMs);

    // Issued 1 ms before, at the very instant, and (as a token without `iat_ms` would say) at the whole second.
    for (const before of [endedAt - 1, endedAt]) expect(await code(VIEWER, {}, await issue(before))).toBe("UNAUTHORIZED");
    const { kid, privateKey } = server.server.app.signingKeys.signingKey();
    const secondsOnly = await new SignJWT({ role: "BRAND" })
      .setProtectedHeader({ alg: "EdDSA", kid, typ: "JWT" })
      .setSubject(actor.id)
      .setIssuer(server.server.app.config.jwtIssuer)
      .setAudience(server.server.app.config.jwtAudience)
      .setIssuedAt(Math.floor(endedAt / 1000))
      .setExpirationTime("5m")
      .sign(privateKey);
    expect(await code(VIEWER, {}, secondsOnly)).toBe("UNAUTHORIZED");
    // One millisecond later, still within the same second: a session that began after the force-logout.
    expect(await code(VIEWER, {}, await issue(endedAt + 1))).toBe("OK");

    // A sign-in right after is stamped after the instant, whatever the clock says.
    const fresh = await signIn(actor);
    expect(decodeJwt(fresh.accessToken).iat_ms).toBeGreaterThan(endedAt);
    expect(await code(VIEWER, {}, fresh.accessToken)).toBe("OK");
  });

  it("a token whose millisecond instant disagrees with its iat is refused", async () => {
    const { kid, privateKey } = server.server.app.signingKeys.signingKey();
    const now = Date.now();
    const forged = await new SignJWT({ role: "INFLUENCER", iat_ms: now + 60_000 })
      .setProtectedHeader({ alg: "EdDSA", kid, typ: "JWT" })
      .setSubject(influencer.id)
      .setIssuer(server.server.app.config.jwtIssuer)
      .setAudience(server.server.app.config.jwtAudience)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime("5m")
      .sign(privateKey);
    expect(await code(VIEWER, {}, forged)).toBe("UNAUTHORIZED");
  });

  it("an admin cannot force-logout themself; an unknown user is NOT_FOUND; a malformed id VALIDATION_ERROR", async () => {
    const me = (await ok(server, VIEWER, {}, admin)).viewer.id;
    expect(await code(FORCE_LOGOUT, { input: { userId: me } }, admin)).toBe("PERMISSION_DENIED");
    expect(await code(VIEWER, {}, admin)).toBe("OK");
    expect(await code(FORCE_LOGOUT, { input: { userId: "2000000000" } }, admin)).toBe("NOT_FOUND");
    expect(await code(FORCE_LOGOUT, { input: { userId: "campaign_x" } }, admin)).toBe("VALIDATION_ERROR");
  });
});

describe("setUserBan", () => {
  it("a ban ends every session at once and refuses sign-in and refresh; lifting it lets the user sign in again, old tokens stay dead", async () => {
    const { actor, sessions } = await userWithTwoSessions("BRAND");
    const banned = await ok(server, BAN, { input: { userId: actor.id, banned: true, reason: "Violation of terms" } }, admin);
    expect(banned.setUserBan.user).toEqual({ id: actor.id, status: "BANNED" });
    expect((await userRow(actor)).banReason).toBe("Violation of terms");

    for (const session of sessions) {
      expect(await code(VIEWER, {}, session.accessToken)).toBe("UNAUTHORIZED");
      expect(await code(REFRESH, { token: session.refreshToken })).toBe("UNAUTHORIZED");
    }
    const signInAttempt = await server.gql(SIGN_IN, { input: { email: actor.email, password: PASSWORD } });
    expect(signInAttempt.errors?.[0]).toMatchObject({ message: "This account is banned", extensions: { code: "UNAUTHORIZED" } });

    const lifted = await ok(server, BAN, { input: { userId: actor.id, banned: false, reason: null } }, admin);
    expect(lifted.setUserBan.user.status).toBe("ACTIVE");
    expect((await userRow(actor)).banReason).toBeNull();
    for (const session of sessions) {
      expect(await code(VIEWER, {}, session.accessToken)).toBe("UNAUTHORIZED");
      expect(await code(REFRESH, { token: session.refreshToken })).toBe("UNAUTHORIZED");
    }
    expect(await code(VIEWER, {}, (await signIn(actor)).accessToken)).toBe("OK");
  });

  it("a refresh token of a user banned after it was issued is refused even if its row escaped revocation", async () => {
    const actor = await signUp(server, "INFLUENCER");
    await ok(server, BAN, { input: { userId: actor.id, banned: true, reason: "spam" } }, admin);
    await ok(server, BAN, { input: { userId: actor.id, banned: false } }, admin);
    // As if the row had been written after the revocation: its issue instant still predates the ban.
    await db().update(refreshTokens).set({ revokedAt: null }).where(eq(refreshTokens.userId, (await userRow(actor)).id));
    expect(await code(REFRESH, { token: actor.refreshToken })).toBe("UNAUTHORIZED");
  });

  it("needs a reason to ban; not oneself, not another admin; lifting a ban of an active user changes nothing", async () => {
    const actor = await signUp(server, "INFLUENCER");
    for (const reason of [null, "", "   ", "x".repeat(501)]) {
      const response = await server.gql(BAN, { input: { userId: actor.id, banned: true, reason } }, admin);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { reason: expect.any(String) } } });
    }
    expect((await userRow(actor)).status).toBe("ACTIVE");
    const me = (await ok(server, VIEWER, {}, admin)).viewer.id;
    expect(await code(BAN, { input: { userId: me, banned: true, reason: "oops" } }, admin)).toBe("PERMISSION_DENIED");
    expect(await code(VIEWER, {}, admin)).toBe("OK");
    // Another administrator (made by hand: no API creates one) cannot be banned either, but can be force-logged-out.
    const otherAdmin = await signUp(server, "BRAND");
    await db().update(users).set({ role: "ADMIN" }).where(eq(users.publicId, otherAdmin.id));
    expect(await code(BAN, { input: { userId: otherAdmin.id, banned: true, reason: "rogue" } }, admin)).toBe("PERMISSION_DENIED");
    expect((await userRow(otherAdmin)).status).toBe("ACTIVE");
    expect(await code(FORCE_LOGOUT, { input: { userId: otherAdmin.id } }, admin)).toBe("OK");
    await db().update(users).set({ status: "SUSPENDED" }).where(eq(users.publicId, actor.id));
    expect((await ok(server, BAN, { input: { userId: actor.id, banned: false } }, admin)).setUserBan.user.status).toBe("SUSPENDED");
  });
});

describe("the per-request check", () => {
  it("costs no statement of its own: the same count before and after revocations (the viewer's row is read anyway)", async () => {
    const actor = await signUp(server, "INFLUENCER");
    const count = async (query: string, token: string) => (await server.countStatements(() => ok(server, query, {}, token))).statements;
    // The viewer's row (1); `viewer` reads that same row by id, primed by src/context.ts (still 1).
    expect(await count(`{ __typename }`, actor.token)).toBe(1);
    expect(await count(VIEWER, actor.token)).toBe(1);
    await ok(server, FORCE_LOGOUT, { input: { userId: actor.id } }, admin);
    const fresh = await signIn(actor);
    expect((await userRow(actor)).sessionsValidAfter).not.toBeNull();
    expect(await count(`{ __typename }`, fresh.accessToken)).toBe(1);
    expect(await count(VIEWER, fresh.accessToken)).toBe(1);
    // A refused token costs the same one statement.
    const refused = await server.countStatements(() => server.gql(`{ __typename }`, {}, actor.token));
    expect(refused.result.status).toBe(401);
    expect(refused.statements).toBe(1);
  });
});

describe("userStatus", () => {
  it("answers status, joined day and campaigns taken part in, computed from the rows", async () => {
    const owner = await signUp(server, "BRAND");
    const [a, b] = [await createActiveCampaign(server, owner), await createActiveCampaign(server, owner)];
    await createCampaign(server, owner);
    const joiner = await signUp(server, "INFLUENCER");
    await join(server, joiner, a);
    const participation = await join(server, joiner, b);
    await ok(server, `mutation($id: ID!) { leaveParticipation(id: $id) { participation { id } } }`, { id: participation }, joiner.token);
    await db().update(users).set({ createdAt: new Date("2024-01-01T23:59:59Z") }).where(eq(users.publicId, joiner.id));

    expect((await ok(server, STATUS, { userId: joiner.id }, admin)).userStatus).toEqual({
      exists: true, user: { id: joiner.id }, status: "ACTIVE", banReason: null, joinedDate: "2024-01-01", totalCampaigns: 2,
    });
    expect((await ok(server, STATUS, { userId: owner.id }, admin)).userStatus.totalCampaigns).toBe(3);
    const fresh = await signUp(server, "INFLUENCER");
    expect((await ok(server, STATUS, { userId: fresh.id }, admin)).userStatus.totalCampaigns).toBe(0);

    await ok(server, BAN, { input: { userId: joiner.id, banned: true, reason: "fake followers" } }, admin);
    expect((await ok(server, STATUS, { userId: joiner.id }, admin)).userStatus).toMatchObject({ status: "BANNED", banReason: "fake followers" });
    expect((await ok(server, STATUS, { userId: "2000000000" }, admin)).userStatus).toEqual({
      exists: false, user: null, status: null, banReason: null, joinedDate: null, totalCampaigns: null,
    });
  });
});

describe("custom social walls", () => {
  it("adds a wall once (the same one again adds nothing) and shows them to the user and admins only", async () => {
    const actor = await signUp(server, "INFLUENCER");
    const input = { userId: actor.id, url: "https://Example.com/wall", platform: "INSTAGRAM" };
    const first = (await ok(server, WALL, { input }, admin)).addCustomSocialWall;
    expect(first).toMatchObject({ created: true, wall: { url: "https://example.com/wall", platform: "INSTAGRAM" }, user: { id: actor.id } });
    const again = (await ok(server, WALL, { input: { ...input, url: " https://example.com/wall " } }, admin)).addCustomSocialWall;
    expect(again).toEqual({ ...first, created: false });
    await ok(server, WALL, { input: { ...input, platform: "TIKTOK" } }, admin);
    const rows = await db().select().from(customSocialWalls).where(eq(customSocialWalls.userId, (await userRow(actor)).id));
    expect(rows).toHaveLength(2);

    const WALLS = `{ viewer { customSocialWalls { url platform } } }`;
    expect((await ok(server, WALLS, {}, actor.token)).viewer.customSocialWalls).toEqual([
      { url: "https://example.com/wall", platform: "INSTAGRAM" },
      { url: "https://example.com/wall", platform: "TIKTOK" },
    ]);
    const byAdmin = await ok(server, `query($id: ID!) { node(id: $id) { ... on User { customSocialWalls { platform } } } }`, { id: actor.id }, admin);
    expect(byAdmin.node.customSocialWalls).toHaveLength(2);
  });

  it("only http(s) URLs with a host", async () => {
    const actor = await signUp(server, "INFLUENCER");
    for (const url of ["ftp://example.com/wall", "javascript:alert(1)", "http://", "example.com/wall", "", `https://example.com/${"a".repeat(2000)}`, "https://user:pw@example.com/"]) {
      const response = await server.gql(WALL, { input: { userId: actor.id, url, platform: "INSTAGRAM" } }, admin);
      expect(response.errors?.[0]?.extensions, url).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { url: expect.any(String) } } });
    }
    expect(await db().select().from(customSocialWalls).where(eq(customSocialWalls.userId, (await userRow(actor)).id))).toEqual([]);
  });
});

describe("who may administer users", () => {
  it("brands and influencers are PERMISSION_DENIED on every admin operation; signed out is UNAUTHORIZED", async () => {
    const target = await signUp(server, "INFLUENCER");
    const operations: [string, Record<string, unknown>][] = [
      [STATUS, { userId: target.id }],
      [BAN, { input: { userId: target.id, banned: true, reason: "x" } }],
      [FORCE_LOGOUT, { input: { userId: target.id } }],
      [WALL, { input: { userId: target.id, url: "https://example.com/w", platform: "INSTAGRAM" } }],
      [`mutation($input: SendNotificationInput!) { sendNotification(input: $input) { notification { id } } }`, { input: { userId: target.id, message: "hi", type: "campaign" } }],
    ];
    for (const [query, variables] of operations) {
      for (const actor of [brand, influencer]) expect(await code(query, variables, actor.token), query).toBe("PERMISSION_DENIED");
      expect(await code(query, variables), query).toBe("UNAUTHORIZED");
    }
    expect(await code(VIEWER, {}, target.token)).toBe("OK");
    expect((await userRow(target)).sessionsValidAfter).toBeNull();
    expect(await errorCode(server, `{ viewer { id } }`, {}, "not-a-token")).toBe("UNAUTHORIZED");
  });
});

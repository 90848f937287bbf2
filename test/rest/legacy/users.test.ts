// The legacy user administration paths (rest-compat/legacy/users/): status, ban (two paths), notification,
// force-logout, custom social wall, check-user. Documented keys, exact figures, revocation on the next
// request, admins only, bad input 400 in the legacy body. docs/legacy-api.md, "User administration".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call } from "../../support/rest.js";
import { createActiveCampaign, join, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, PASSWORD, SEED, adminToken, appToken, expectLegacyError, expectSeedKeys, legacyPost } from "../../support/legacy-app.js";
import { customSocialWalls, users } from "../../../schema/tables.js";

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

const STATUS = "/api/user/status/";
const BAN = "/api/user/status/ban/";
const TOOL_BAN = "/api/general/tools/user-ban/";
const NOTIFY = "/api/user/notification/";
const LOGOUT = "/api/user/force-logout/";
const WALL = "/api/user/add-custom-social-wall/";
const CHECK = "/api/general/tools/check-user/";
const PATHS = [STATUS, BAN, TOOL_BAN, NOTIFY, LOGOUT, WALL, CHECK];

const db = () => server.server.app.database.db;
const legacyIdOf = async (actor: Actor): Promise<number> => (await ok(server, `{ viewer { legacyId } }`, {}, actor.token)).viewer.legacyId;
const viewerStatus = async (token: string) => (await server.gql(`{ viewer { id } }`, {}, token)).status;
const form = (body: Record<string, unknown>) => ({ token: admin, form: body });

describe("/api/user/status/ and /api/general/tools/check-user/", () => {
  it("answer the documented keys with the figures of the rows", async () => {
    const owner = await signUp(server, "BRAND");
    const member = await signUp(server, "INFLUENCER");
    for (let i = 0; i < 2; i++) await join(server, member, await createActiveCampaign(server, owner));
    await db().update(users).set({ createdAt: new Date("2024-01-01T00:00:00Z") }).where(eq(users.publicId, member.id));
    const user_id = await legacyIdOf(member);

    const status = await legacyPost(server, STATUS, form({ user_id }));
    expectSeedKeys(status, STATUS);
    expect(status.body).toEqual({ status: "active", joined_date: "2024-01-01", total_campaigns: 2 });
    const ownerStatus = await legacyPost(server, "/api/user/status", { token: admin, json: { user_id: await legacyIdOf(owner) } });
    expect(ownerStatus.body).toMatchObject({ status: "active", total_campaigns: 2 });

    const check = await legacyPost(server, CHECK, { token: admin, json: { user_id } });
    expectSeedKeys(check, CHECK);
    expect(check.body).toEqual({ exists: true, status: "active", joined_date: "2024-01-01" });
  });

  it("an unknown user: status is 404, check-user answers exists false", async () => {
    expectLegacyError(await legacyPost(server, STATUS, form({ user_id: 2_000_000_000 })), 404, "NOT_FOUND");
    const check = await legacyPost(server, CHECK, form({ user_id: 2_000_000_000 }));
    expectSeedKeys(check, CHECK);
    expect(check.body).toEqual({ exists: false, status: null, joined_date: null });
  });
});

describe("the ban paths", () => {
  it.each([BAN, TOOL_BAN])("%s bans (sessions end on the next request, sign-in refused) and lifts the ban", async (path) => {
    const user = await signUp(server, "INFLUENCER");
    const app = await appToken(server, user);
    const user_id = await legacyIdOf(user);
    const banned = await legacyPost(server, path, path === BAN ? form({ user_id, banned: "true", reason: "Violation of terms" }) : { token: admin, json: { user_id, banned: true, reason: "Violation of terms" } });
    expectSeedKeys(banned, path);
    expect(banned.body).toEqual({ status: "success", message: "User ban status updated" });

    expect(await viewerStatus(user.token)).toBe(401);
    expectLegacyError(await legacyPost(server, "/api/get/campaigns/", { token: app }), 401, "UNAUTHORIZED");
    const refresh = await server.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: user.refreshToken });
    expect(refresh.errors?.[0]?.extensions.code).toBe("UNAUTHORIZED");
    expect((await legacyPost(server, CHECK, form({ user_id }))).body).toMatchObject({ exists: true, status: "banned" });
    expect((await legacyPost(server, STATUS, form({ user_id }))).body.status).toBe("banned");
    expect((await server.gql(`mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }`, { i: { email: user.email, password: PASSWORD } })).errors?.[0]?.extensions.code).toBe("UNAUTHORIZED");

    const lifted = await legacyPost(server, path, form({ user_id, banned: "0" }));
    expect(lifted.body).toEqual({ status: "success", message: "User ban status updated" });
    expect((await legacyPost(server, STATUS, form({ user_id }))).body.status).toBe("active");
    expect(await viewerStatus(user.token)).toBe(401);
    expect(await viewerStatus((await ok(server, `mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }`, { i: { email: user.email, password: PASSWORD } })).signIn.accessToken)).toBe(200);
  });

  it("an admin cannot ban themself (403)", async () => {
    const me = (await ok(server, `{ viewer { legacyId } }`, {}, admin)).viewer.legacyId;
    expectLegacyError(await legacyPost(server, BAN, form({ user_id: me, banned: "true", reason: "x" })), 403, "PERMISSION_DENIED");
  });
});

describe("/api/user/force-logout/", () => {
  it("ends every session of the user at once; a new sign-in works", async () => {
    const user = await signUp(server, "BRAND");
    const app = await appToken(server, user);
    const response = await legacyPost(server, LOGOUT, form({ user_id: await legacyIdOf(user) }));
    expectSeedKeys(response, LOGOUT);
    expect(response.body).toEqual({ status: "success", message: "User logged out" });
    expect(await viewerStatus(user.token)).toBe(401);
    expectLegacyError(await legacyPost(server, "/api/get/campaigns/", { token: app }), 401, "UNAUTHORIZED");
    expect((await legacyPost(server, "/api/get/campaigns/", { token: await appToken(server, user) })).status).toBe(200);
  });
});

describe("/api/user/notification/", () => {
  it("stores the notification, which the user reads in GraphQL", async () => {
    const user = await signUp(server, "INFLUENCER");
    const response = await legacyPost(server, NOTIFY, form({ user_id: await legacyIdOf(user), message: "New campaign available", type: "campaign" }));
    expectSeedKeys(response, NOTIFY);
    expect(response.body).toEqual({ status: "success", message: "Notification sent" });
    // The documentation's JSON example leaves `type` out: it defaults to `general`.
    expect((await legacyPost(server, NOTIFY, { token: admin, json: { ...SEED[NOTIFY]!.request, user_id: await legacyIdOf(user) } })).status).toBe(200);
    const list = await ok(server, `{ viewer { notifications(first: 5) { edges { node { message type readAt } } } } }`, {}, user.token);
    expect(list.viewer.notifications.edges.map((edge: any) => edge.node)).toEqual([
      { message: "New", type: "general", readAt: null },
      { message: "New campaign available", type: "campaign", readAt: null },
    ]);
  });
});

describe("/api/user/add-custom-social-wall/", () => {
  it("adds the wall once; the same wall again answers success without a second row", async () => {
    const user = await signUp(server, "INFLUENCER");
    const body = { ...SEED[WALL]!.request, user_id: await legacyIdOf(user) };
    for (let i = 0; i < 2; i++) {
      const response = await legacyPost(server, WALL, form(body));
      expectSeedKeys(response, WALL);
      expect(response.body).toEqual({ status: "success", message: "Custom social wall added" });
    }
    const rows = await db().select().from(customSocialWalls).where(eq(customSocialWalls.userId, body.user_id as number));
    expect(rows.map((row) => [row.url, row.platform])).toEqual([["https://example.com/wall", "INSTAGRAM"]]);
    const walls = await ok(server, `{ viewer { customSocialWalls { url platform } } }`, {}, user.token);
    expect(walls.viewer.customSocialWalls).toEqual([{ url: "https://example.com/wall", platform: "INSTAGRAM" }]);
  });
});

describe("who may call, and bad input", () => {
  it("brands and influencers are 403 on every path, signed out 401, GET 405; nothing changes", async () => {
    const target = await signUp(server, "INFLUENCER");
    const user_id = await legacyIdOf(target);
    const bodies: Record<string, Record<string, unknown>> = {
      [STATUS]: { user_id }, [CHECK]: { user_id }, [LOGOUT]: { user_id },
      [BAN]: { user_id, banned: "true", reason: "x" }, [TOOL_BAN]: { user_id, banned: "true", reason: "x" },
      [NOTIFY]: { user_id, message: "hi", type: "campaign" }, [WALL]: { user_id, wall_url: "https://example.com/w", network: "instagram" },
    };
    for (const path of PATHS) {
      for (const actor of [brand, influencer]) expectLegacyError(await legacyPost(server, path, { token: actor.token, form: bodies[path] }), 403, "PERMISSION_DENIED");
      expectLegacyError(await legacyPost(server, path, { form: bodies[path] }), 401, "UNAUTHORIZED");
      const get = await call(server, "GET", path, { token: admin });
      expectLegacyError(get, 405, "VALIDATION_ERROR");
    }
    expect(await viewerStatus(target.token)).toBe(200);
    const list = await ok(server, `{ viewer { notifications { totalCount } customSocialWalls { url } } }`, {}, target.token);
    expect(list.viewer).toEqual({ notifications: { totalCount: 0 }, customSocialWalls: [] });
  });

  it("bad input is 400 VALIDATION_ERROR naming the field, never 500, and writes nothing", async () => {
    const target = await signUp(server, "INFLUENCER");
    const user_id = await legacyIdOf(target);
    const cases: [string, Record<string, unknown>, string][] = [
      ...[STATUS, CHECK, LOGOUT].flatMap((path): [string, Record<string, unknown>, string][] => [
        [path, {}, "user_id"], [path, { user_id: "abc" }, "user_id"], [path, { user_id: 0 }, "user_id"], [path, { user_id: "99999999999" }, "user_id"],
      ]),
      ...[BAN, TOOL_BAN].flatMap((path): [string, Record<string, unknown>, string][] => [
        [path, { user_id, reason: "x" }, "banned"], [path, { user_id, banned: "maybe", reason: "x" }, "banned"], [path, { user_id, banned: "true" }, "reason"],
        [path, { user_id, banned: "true", reason: "  " }, "reason"], [path, { user_id, banned: "true", reason: "x".repeat(501) }, "reason"], [path, { banned: "true", reason: "x" }, "user_id"],
      ]),
      [NOTIFY, { user_id }, "message"], [NOTIFY, { user_id, message: "" }, "message"], [NOTIFY, { user_id, message: "hi", type: "Not A Slug" }, "type"],
      [NOTIFY, { user_id, message: "x".repeat(2001) }, "message"], [NOTIFY, { message: "hi" }, "user_id"],
      [WALL, { user_id, network: "instagram" }, "wall_url"], [WALL, { user_id, wall_url: "ftp://example.com/w", network: "instagram" }, "wall_url"],
      [WALL, { user_id, wall_url: "not a url", network: "instagram" }, "wall_url"], [WALL, { user_id, wall_url: "https://example.com/w", network: "myspace" }, "network"],
      [WALL, { user_id, wall_url: "https://example.com/w" }, "network"],
    ];
    for (const [path, body, field] of cases) {
      const error = expectLegacyError(await legacyPost(server, path, form(body)), 400, "VALIDATION_ERROR");
      expect(Object.keys(error.details?.fields ?? {}), `${path} ${JSON.stringify(body)}`).toContain(field);
    }
    const malformed = await call(server, "POST", BAN, { token: admin, body: '{"user_id": 1,', headers: { "content-type": "application/json" } });
    expectLegacyError(malformed, 400, "VALIDATION_ERROR");
    for (const path of [BAN, LOGOUT, NOTIFY, WALL]) expectLegacyError(await legacyPost(server, path, form({ ...({ banned: "true", reason: "x", message: "m", wall_url: "https://example.com/w", network: "instagram" }), user_id: 2_000_000_000 })), 404, "NOT_FOUND");

    expect(await viewerStatus(target.token)).toBe(200);
    expect((await legacyPost(server, STATUS, form({ user_id }))).body.status).toBe("active");
    const list = await ok(server, `{ viewer { notifications { totalCount } customSocialWalls { url } } }`, {}, target.token);
    expect(list.viewer).toEqual({ notifications: { totalCount: 0 }, customSocialWalls: [] });
  });
});

// The connect flows end to end against the fake platforms: startSocialConnection, the platform's consent
// page, the callback, the redirect to the client; and every way a flow can fail, none of which stores an account.
import { createHash } from "node:crypto";
import { loadConfig } from "../../../src/config.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { errorCode, ok, signUp, type Actor } from "../../support/factories.js";
import { FakePlatforms, REFRESH_PARTICIPATION, countsOf, storedAccount, type OAuthPlatform } from "../../support/fake-platforms.js";
import { createActiveCampaign, join, review, submit } from "../../support/factories.js";
import { socialAccounts, socialConnectionStates, users } from "../../../schema/tables.js";

const CLIENT_ORIGIN = "http://127.0.0.1:5999";
/** Where the client app wants the browser back (on the allow-list below). */
const CLIENT = `${CLIENT_ORIGIN}/app/connected?tab=accounts`;
const ADMIN = { email: "connect-admin@example.test", password: "connect admin password" };

type PlatformName = "INSTAGRAM" | "FACEBOOK" | "TIKTOK" | "YOUTUBE";
const FAKE_OF: Record<PlatformName, OAuthPlatform> = { INSTAGRAM: "instagram", FACEBOOK: "facebook", TIKTOK: "tiktok", YOUTUBE: "google" };

const START = `mutation($platform: Platform!, $redirectUri: String!) {
  startSocialConnection(platform: $platform, redirectUri: $redirectUri) { authorizationUrl state expiresAt }
}`;
const ACCOUNTS = `{ viewer { socialAccounts { id platform kind externalAccountId username status expiresAt } } }`;

let fake: FakePlatforms;
let server: TestServer;
let admin: Actor;

beforeAll(async () => {
  fake = await FakePlatforms.start();
  server = await startTestServer({
    platforms: fake.platformSettings(),
    connectRedirectAllowlist: [`${CLIENT_ORIGIN}/app`],
    allowTokenPaste: false,
    platformRetryBaseDelayMs: 1,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
  });
  const signedIn = await ok(server, `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken user { id } } }`, { input: ADMIN });
  admin = { token: signedIn.signIn.accessToken, refreshToken: signedIn.signIn.refreshToken, id: signedIn.signIn.user.id, email: ADMIN.email };
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const db = () => server.server.app.database.db;

async function start(influencer: Actor, platform: PlatformName, redirectUri = CLIENT) {
  const data = await ok(server, START, { platform, redirectUri }, influencer.token);
  return data.startSocialConnection as { authorizationUrl: string; state: string; expiresAt: string };
}

/** The browser at the platform's consent page: answers where the platform sends it back (our callback). */
async function consent(authorizationUrl: string): Promise<URL> {
  const answer = await fetch(authorizationUrl, { redirect: "manual" });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get("location")!);
}

/** The browser at our callback: answers the redirect to the client, as a URL. */
async function callback(url: URL | string): Promise<URL> {
  const answer = await fetch(url.toString(), { redirect: "manual" });
  expect(answer.status).toBe(302);
  const location = new URL(answer.headers.get("location")!);
  expect(location.origin + location.pathname).toBe(`${CLIENT_ORIGIN}/app/connected`);
  expect(location.searchParams.get("tab")).toBe("accounts");
  return location;
}

async function accountsOf(influencer: Actor) {
  return (await ok(server, ACCOUNTS, {}, influencer.token)).viewer.socialAccounts as { id: string; platform: string; kind: string; externalAccountId: string; username: string | null; status: string; expiresAt: string | null }[];
}

async function storedRowsOf(influencer: Actor) {
  const [user] = await db().select().from(users).where(eq(users.publicId, influencer.id));
  return db().select().from(socialAccounts).where(eq(socialAccounts.userId, user!.id));
}

const decrypt = (value: string) => server.server.app.encryption.decrypt(value);

describe.each([
  { platform: "INSTAGRAM" as const, kind: "USER", pkce: false, scope: "instagram_business_basic,instagram_business_manage_insights", refreshToken: false, expires: true },
  { platform: "FACEBOOK" as const, kind: "PAGE", pkce: false, scope: "pages_show_list,pages_read_engagement,read_insights", refreshToken: false, expires: false },
  { platform: "TIKTOK" as const, kind: "USER", pkce: true, scope: "user.info.basic,video.list", refreshToken: true, expires: true },
  { platform: "YOUTUBE" as const, kind: "CHANNEL", pkce: true, scope: "https://www.googleapis.com/auth/youtube.readonly", refreshToken: true, expires: true },
])("$platform: the whole connect flow", ({ platform, kind, pkce, scope, refreshToken, expires }) => {
  it("start → consent → callback → the client hears `connected`; the account is the viewer's, its tokens encrypted", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    const identity = fake.signInAs(FAKE_OF[platform], fake.newIdentity(FAKE_OF[platform]));
    const started = await start(influencer, platform);

    // The authorization request, as the platform documents it.
    const authorization = new URL(started.authorizationUrl);
    expect(authorization.origin + authorization.pathname).toBe(fake.platformSettings()[platform].authorizeUrl);
    expect(authorization.searchParams.get(platform === "TIKTOK" ? "client_key" : "client_id")).toBe("client-id");
    expect(authorization.searchParams.get("response_type")).toBe("code");
    expect(authorization.searchParams.get("scope")).toBe(scope);
    expect(authorization.searchParams.get("state")).toBe(started.state);
    expect(authorization.searchParams.get("redirect_uri")).toBe(`${server.url}/connect/${platform.toLowerCase()}/callback`);
    expect(authorization.searchParams.get("code_challenge_method")).toBe(pkce ? "S256" : null);
    if (platform === "YOUTUBE") {
      expect(authorization.searchParams.get("access_type")).toBe("offline");
      expect(authorization.searchParams.get("prompt")).toBe("consent");
    }
    expect(new Date(started.expiresAt).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);

    // The state is kept hashed; the PKCE verifier encrypted (and its challenge is in the URL).
    const [row] = await db().select().from(socialConnectionStates).where(eq(socialConnectionStates.stateHash, createHash("sha256").update(started.state).digest("hex")));
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(started.state);
    if (pkce) {
      const verifier = decrypt(row!.codeVerifierEncrypted!);
      expect(createHash("sha256").update(verifier).digest("base64url")).toBe(authorization.searchParams.get("code_challenge"));
    } else {
      expect(row!.codeVerifierEncrypted).toBeNull();
    }

    const back = await consent(started.authorizationUrl);
    expect(back.origin + back.pathname).toBe(`${server.url}/connect/${platform.toLowerCase()}/callback`);
    const outcome = await callback(back);
    expect(Object.fromEntries(outcome.searchParams)).toMatchObject({ status: "connected", platform: platform.toLowerCase() });
    const accountId = outcome.searchParams.get("accountId")!;

    const externalAccountId = platform === "FACEBOOK" ? identity.pages![0]!.id : identity.id;
    const listed = await accountsOf(influencer);
    expect(listed).toEqual([
      expect.objectContaining({ id: accountId, platform, kind, externalAccountId, username: platform === "FACEBOOK" ? identity.pages![0]!.name : identity.name, status: "VALID" }),
    ]);
    expect(listed[0]!.expiresAt === null).toBe(!expires);

    // Stored encrypted: the ciphertext is not the token, and decrypts to the one the platform handed out last.
    const stored = await storedAccount(server, accountId);
    const issued = fake.issued.at(-1)!;
    expect(stored.accessTokenEncrypted).not.toContain(issued.accessToken);
    expect(decrypt(stored.accessTokenEncrypted)).toBe(issued.accessToken);
    if (refreshToken) {
      expect(stored.refreshTokenEncrypted).not.toContain(issued.refreshToken!);
      expect(decrypt(stored.refreshTokenEncrypted!)).toBe(issued.refreshToken);
    } else {
      expect(stored.refreshTokenEncrypted).toBeNull();
    }

    // The state is spent: the same callback again is a replay, and stores nothing more.
    const replay = await callback(back);
    expect(Object.fromEntries(replay.searchParams)).toMatchObject({ status: "error", error: "invalid_state" });
    expect(await storedRowsOf(influencer)).toHaveLength(1);
  });
});

describe("a connected account works for metrics", () => {
  it("TikTok: the account from the flow refreshes a submission's metrics", async () => {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, brand);
    const influencer = await signUp(server, "INFLUENCER");
    const identity = fake.signInAs("tiktok", fake.newIdentity("tiktok"));
    const outcome = await callback(await consent((await start(influencer, "TIKTOK")).authorizationUrl));
    expect(outcome.searchParams.get("status")).toBe("connected");

    const videoId = `73${Date.now()}00`;
    fake.tiktokVideos.set(videoId, { view_count: 1200, like_count: 80, comment_count: 7, share_count: 3, owner: identity.id });
    const participationId = await join(server, influencer, campaignId);
    const { submission } = await submit(server, influencer, participationId, { platform: "TIKTOK", contentUrl: `https://www.tiktok.com/@creator/video/${videoId}` });
    await review(server, brand, submission.id, "APPROVE");
    const data = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(countsOf(data.refreshParticipationMetrics.snapshot)).toEqual({ impressions: null, reach: null, likes: 80, comments: 7, saves: null, shares: 3, views: 1200 });
  });
});

describe("failures end in a clear outcome and store nothing", () => {
  it("denied consent: error=access_denied", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    fake.denyNextConsent("instagram");
    const back = await consent((await start(influencer, "INSTAGRAM")).authorizationUrl);
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("code")).toBeNull();
    const outcome = await callback(back);
    expect(Object.fromEntries(outcome.searchParams)).toMatchObject({ status: "error", error: "access_denied", platform: "instagram" });
    expect(await storedRowsOf(influencer)).toEqual([]);
  });

  it("an expired state: error=expired_state, and the code is never exchanged", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    const started = await start(influencer, "YOUTUBE");
    const back = await consent(started.authorizationUrl);
    await db()
      .update(socialConnectionStates)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(socialConnectionStates.stateHash, createHash("sha256").update(started.state).digest("hex")));
    fake.reset();
    const outcome = await callback(back);
    expect(Object.fromEntries(outcome.searchParams)).toMatchObject({ status: "error", error: "expired_state" });
    expect(fake.requestsTo("google")).toEqual([]);
    expect(await storedRowsOf(influencer)).toEqual([]);
  });

  it("a code the platform refuses (invalid_grant): error=exchange_failed", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    const back = await consent((await start(influencer, "YOUTUBE")).authorizationUrl);
    back.searchParams.set("code", "4/0A-not-a-code-the-platform-issued");
    const outcome = await callback(back);
    expect(Object.fromEntries(outcome.searchParams)).toMatchObject({ status: "error", error: "exchange_failed", platform: "youtube" });
    expect(await storedRowsOf(influencer)).toEqual([]);
  });

  it("a PKCE verifier that does not match the challenge: TikTok refuses, error=exchange_failed", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    const started = await start(influencer, "TIKTOK");
    const back = await consent(started.authorizationUrl);
    await db()
      .update(socialConnectionStates)
      .set({ codeVerifierEncrypted: server.server.app.encryption.encrypt("a-different-verifier-of-enough-length-0123456789-abcdefghijk") })
      .where(eq(socialConnectionStates.stateHash, createHash("sha256").update(started.state).digest("hex")));
    fake.reset();
    const outcome = await callback(back);
    expect(outcome.searchParams.get("error")).toBe("exchange_failed");
    const [tokenCall] = fake.requestsTo("tiktok", /oauth\/token/);
    expect(tokenCall).toBeDefined();
    expect(await storedRowsOf(influencer)).toEqual([]);
  });

  it("a Graph error on Facebook's code exchange: error=exchange_failed", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    const back = await consent((await start(influencer, "FACEBOOK")).authorizationUrl);
    fake.fail("facebook", { status: 400, body: { error: { message: "This authorization code has expired.", type: "OAuthException", code: 100, error_subcode: 36007, fbtrace_id: "AbCdEf" } } }, { path: /oauth\/access_token/ });
    const outcome = await callback(back);
    expect(outcome.searchParams.get("error")).toBe("exchange_failed");
    expect(await storedRowsOf(influencer)).toEqual([]);
  });

  it("an account another influencer already connected: error=account_taken; the first keeps it", async () => {
    const first = await signUp(server, "INFLUENCER");
    const second = await signUp(server, "INFLUENCER");
    const identity = fake.signInAs("instagram", fake.newIdentity("instagram"));
    const connected = await callback(await consent((await start(first, "INSTAGRAM")).authorizationUrl));
    expect(connected.searchParams.get("status")).toBe("connected");

    const taken = await callback(await consent((await start(second, "INSTAGRAM")).authorizationUrl));
    expect(Object.fromEntries(taken.searchParams)).toMatchObject({ status: "error", error: "account_taken", platform: "instagram" });
    expect(await storedRowsOf(second)).toEqual([]);
    expect((await accountsOf(first)).map((account) => account.externalAccountId)).toEqual([identity.id]);

    // The owner reconnecting the same account replaces its tokens: still one account.
    const again = await callback(await consent((await start(first, "INSTAGRAM")).authorizationUrl));
    expect(again.searchParams.get("accountId")).toBe(connected.searchParams.get("accountId"));
    expect(await storedRowsOf(first)).toHaveLength(1);
  });

  it("two influencers finishing flows for one account at the same moment: one gets it, the other account_taken", async () => {
    const [first, second] = await Promise.all([signUp(server, "INFLUENCER"), signUp(server, "INFLUENCER")]);
    fake.signInAs("tiktok", fake.newIdentity("tiktok"));
    const backs = [await consent((await start(first, "TIKTOK")).authorizationUrl), await consent((await start(second, "TIKTOK")).authorizationUrl)];
    const outcomes = await Promise.all(backs.map((back) => callback(back)));
    expect(outcomes.map((outcome) => outcome.searchParams.get("error") ?? outcome.searchParams.get("status")).sort()).toEqual(["account_taken", "connected"]);
    expect((await storedRowsOf(first)).length + (await storedRowsOf(second)).length).toBe(1);
  });

  it("a Facebook user with no page: error=no_account", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    fake.signInAs("facebook", { ...fake.newIdentity("facebook"), pages: [] });
    const outcome = await callback(await consent((await start(influencer, "FACEBOOK")).authorizationUrl));
    expect(Object.fromEntries(outcome.searchParams)).toMatchObject({ status: "error", error: "no_account", platform: "facebook" });
    expect(await storedRowsOf(influencer)).toEqual([]);
  });

  it("a state that belongs to another platform's callback: error=invalid_state", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    const back = await consent((await start(influencer, "TIKTOK")).authorizationUrl);
    const elsewhere = new URL(back);
    elsewhere.pathname = "/connect/youtube/callback";
    const outcome = await callback(elsewhere);
    expect(outcome.searchParams.get("error")).toBe("invalid_state");
    expect(await storedRowsOf(influencer)).toEqual([]);
  });

  it("an unknown state has no trusted redirect: a 400 answer, no redirect", async () => {
    const answer = await fetch(`${server.url}/connect/instagram/callback?code=AQxyz&state=never-issued`, { redirect: "manual" });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("location")).toBeNull();
    expect(await answer.json()).toMatchObject({ status: "error", error: "invalid_state" });
    const page = await fetch(`${server.url}/connect/tiktok/callback?error=access_denied`, { redirect: "manual", headers: { accept: "text/html" } });
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect((await fetch(`${server.url}/connect/myspace/callback?state=x`, { redirect: "manual" })).status).toBe(400);
  });

  it.each([
    ["another origin", "https://evil.example/app/connected"],
    ["another port", "http://127.0.0.1:6000/app/connected"],
    ["a path beside the allowed prefix", `${CLIENT_ORIGIN}/application`],
    ["a path that climbs out of the prefix", `${CLIENT_ORIGIN}/app/../admin`],
    ["a fragment", `${CLIENT_ORIGIN}/app/connected#x`],
    ["credentials", "http://user:pass@127.0.0.1:5999/app/connected"],
    ["not http", "javascript:alert(1)"],
    ["not a URL", "/app/connected"],
  ])("redirectUri with %s is VALIDATION_ERROR, and starts no flow", async (_name, redirectUri) => {
    const influencer = await signUp(server, "INFLUENCER");
    const before = (await db().select().from(socialConnectionStates)).length;
    const answer = await server.gql(START, { platform: "INSTAGRAM", redirectUri }, influencer.token);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { redirectUri: "not allowed" } } });
    expect((await db().select().from(socialConnectionStates)).length).toBe(before);
  });

  it("only influencers start a flow", async () => {
    const brand = await signUp(server, "BRAND");
    expect(await errorCode(server, START, { platform: "TIKTOK", redirectUri: CLIENT }, brand.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, START, { platform: "TIKTOK", redirectUri: CLIENT })).toBe("UNAUTHORIZED");
  });
});

describe("pasted tokens: administrators only here (ALLOW_TOKEN_PASTE=false)", () => {
  it("is the default: influencers paste only where ALLOW_TOKEN_PASTE=true is set", () => {
    expect(loadConfig({}).allowTokenPaste).toBe(false);
    expect(loadConfig({ NODE_ENV: "development" }).allowTokenPaste).toBe(false);
    expect(loadConfig({ ALLOW_TOKEN_PASTE: "true" }).allowTokenPaste).toBe(true);
  });

  const PASTE = `mutation($input: ConnectSocialAccountInput!) { connectSocialAccount(input: $input) { socialAccount { id externalAccountId } } }`;
  const input = { platform: "INSTAGRAM", externalAccountId: "17841400000000042", accessToken: "IGAA-pasted" };

  it("an influencer may not paste tokens", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    expect(await errorCode(server, PASTE, { input }, influencer.token)).toBe("PERMISSION_DENIED");
    expect(await storedRowsOf(influencer)).toEqual([]);
  });

  it("an administrator connects an account for an influencer, named by userId", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    expect(await errorCode(server, PASTE, { input }, admin.token)).toBe("VALIDATION_ERROR");
    const brand = await signUp(server, "BRAND");
    expect(await errorCode(server, PASTE, { input: { ...input, userId: brand.id } }, admin.token)).toBe("VALIDATION_ERROR");
    const data = await ok(server, PASTE, { input: { ...input, userId: influencer.id } }, admin.token);
    expect((await accountsOf(influencer)).map((account) => account.id)).toEqual([data.connectSocialAccount.socialAccount.id]);
    expect(await errorCode(server, PASTE, { input: { ...input, userId: influencer.id } }, influencer.token)).toBe("PERMISSION_DENIED");
  });
});

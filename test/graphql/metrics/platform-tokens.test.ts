// Access tokens that expire between two refreshes: the stored refresh token is
// traded at the platform's token endpoint, the new tokens are what is stored (encrypted) and used; a
// refresh the platform refuses marks the account EXPIRED and reports PERMISSION.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { socialAccounts } from "../../../schema/tables.js";
import { startTestServer, type TestServer } from "../../support/server.js";
import { SUBMIT, createActiveCampaign, ok, signUp, type Actor } from "../../support/factories.js";
import {
  FakePlatforms,
  REFRESH_PARTICIPATION,
  countsOf,
  influencerPool,
  platformErrors,
  platformMedia,
  storedAccount,
  storedMetrics,
  trackedParticipation,
  type MediaFixture,
} from "../../support/fake-platforms.js";

let fake: FakePlatforms;
let server: TestServer;
let brand: Actor;
let campaignId: string;
let nextInfluencer: () => Promise<Actor>;

beforeAll(async () => {
  fake = await FakePlatforms.start();
  // One answer, one try: retries have their own tests (test/graphql/metrics/retries.test.ts).
  server = await startTestServer({ platforms: fake.platformSettings(), platformTimeoutMs: 2_000, platformRetries: 0 });
  brand = await signUp(server, "BRAND");
  campaignId = await createActiveCampaign(server, brand, { submissionLimit: 5 });
  nextInfluencer = await influencerPool(server, 12);
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const db = () => server.server.app.database.db;
const encryption = () => server.server.app.encryption;
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** The access token runs out: what a clock moving past `expires_at` does. */
async function expire(accountPublicId: string, at = new Date(Date.now() - 60_000)): Promise<void> {
  await db().update(socialAccounts).set({ expiresAt: at }).where(eq(socialAccounts.publicId, accountPublicId));
}

/** The stored token decrypts to `plaintext` and does not show it. */
function expectEncrypted(stored: string | null, plaintext: string): void {
  expect(stored).toBeTruthy();
  expect(stored).not.toBe(plaintext);
  expect(stored).not.toContain(plaintext);
  expect(encryption().decrypt(stored!)).toBe(plaintext);
}

/** Media whose account has a refresh token the fake's token endpoint accepts (or not). */
function withRefreshToken(media: MediaFixture, accepted = true): MediaFixture {
  const oauth = media.platform === "YOUTUBE" ? "google" : "tiktok";
  const refreshToken = media.platform === "YOUTUBE" ? `1//0g${Math.random().toString(36).slice(2)}` : `rft.${Math.random().toString(36).slice(2)}`;
  const owner = media.platform === "TIKTOK" ? media.account.externalAccountId : undefined;
  if (accepted) fake.allowRefreshToken(oauth, refreshToken, owner);
  media.account.refreshToken = refreshToken;
  return media;
}

describe("a token that expires between two refreshes", () => {
  it("TikTok: the refresh token is traded once, the rotated access and refresh tokens are stored encrypted and used", async () => {
    const media = withRefreshToken(platformMedia(fake, "TIKTOK"));
    const oldAccess = media.account.accessToken;
    const oldRefresh = media.account.refreshToken!;
    const { influencer, participationId, submissionIds, accountIds } = await trackedParticipation(server, brand, campaignId, [media], {
      influencer: nextInfluencer,
      accountExtra: { expiresAt: inAnHour() },
    });

    // First refresh: the token is still good, no token endpoint call.
    fake.reset();
    const first = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(countsOf(first.refreshParticipationMetrics.snapshot)).toEqual(media.expected);
    expect(fake.requestsTo("tiktok", /oauth/)).toEqual([]);
    expect(fake.requestsTo("tiktok", /video\/query/)[0]!.headers.authorization).toBe(`Bearer ${oldAccess}`);

    // Time passes: the access token has expired (and the platform no longer takes it).
    await expire(accountIds[0]!);
    fake.accessTokens.delete(oldAccess);
    fake.reset();
    const grown = media.grow();
    const second = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(countsOf(second.refreshParticipationMetrics.snapshot)).toEqual(grown);

    const tokenCalls = fake.requestsTo("tiktok", /^\/v2\/oauth\/token\/$/);
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.method).toBe("POST");
    expect(tokenCalls[0]!.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(tokenCalls[0]!.body).toEqual({ client_key: "client-id", client_secret: "client-secret", grant_type: "refresh_token", refresh_token: oldRefresh });
    const issued = fake.issued.at(-1)!;
    expect(issued.platform).toBe("tiktok");
    expect(fake.requestsTo("tiktok", /video\/query/)[0]!.headers.authorization).toBe(`Bearer ${issued.accessToken}`);

    const account = await storedAccount(server, accountIds[0]!);
    expect(account.status).toBe("VALID");
    expectEncrypted(account.accessTokenEncrypted, issued.accessToken);
    expectEncrypted(account.refreshTokenEncrypted, issued.refreshToken!);
    expect(encryption().decrypt(account.refreshTokenEncrypted!)).not.toBe(oldRefresh);
    expect(account.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 86_000_000);

    // Third refresh: the new token is still good, so no token call; the old refresh token is spent.
    fake.reset();
    await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(fake.requestsTo("tiktok", /oauth/)).toEqual([]);
    expect(fake.refreshTokens.has(oldRefresh)).toBe(false);
    expect((await storedMetrics(server, submissionIds[0]!)).attempts.map((attempt) => attempt.outcome)).toEqual(["SUCCESS", "SUCCESS", "SUCCESS"]);
  });

  it("YouTube: Google answers with a new access token only; the refresh token stays as it was", async () => {
    const media = withRefreshToken(platformMedia(fake, "YOUTUBE"));
    const refreshToken = media.account.refreshToken!;
    const { influencer, participationId, accountIds } = await trackedParticipation(server, brand, campaignId, [media], {
      influencer: nextInfluencer,
      accountExtra: { expiresAt: inAnHour() },
    });
    await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);

    await expire(accountIds[0]!);
    fake.accessTokens.delete(media.account.accessToken);
    fake.reset();
    await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);

    const [tokenCall] = fake.requestsTo("google");
    expect(tokenCall).toMatchObject({ method: "POST", path: "/token" });
    expect(tokenCall!.body).toEqual({ client_id: "client-id", client_secret: "client-secret", grant_type: "refresh_token", refresh_token: refreshToken });
    const issued = fake.issued.at(-1)!;
    expect(fake.requestsTo("youtube")[0]!.headers.authorization).toBe(`Bearer ${issued.accessToken}`);
    const account = await storedAccount(server, accountIds[0]!);
    expectEncrypted(account.accessTokenEncrypted, issued.accessToken);
    expectEncrypted(account.refreshTokenEncrypted, refreshToken);
    expect(account.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it("Instagram: a long-lived token is extended with ig_refresh_token a week before it runs out, no refresh token needed", async () => {
    const media = platformMedia(fake, "INSTAGRAM");
    const oldAccess = media.account.accessToken;
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
    const { influencer, participationId, accountIds } = await trackedParticipation(server, brand, campaignId, [media], {
      influencer: nextInfluencer,
      accountExtra: { expiresAt: inDays(30).toISOString() },
    });
    // A month left: used as it is.
    fake.reset();
    await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(fake.requestsTo("instagram", /^\/refresh_access_token$/)).toEqual([]);

    // Three days left: still valid, inside the week in which Meta tokens are extended.
    await expire(accountIds[0]!, inDays(3));
    fake.reset();
    await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    const [tokenCall] = fake.requestsTo("instagram", /^\/refresh_access_token$/);
    expect(tokenCall!.query).toEqual({ grant_type: "ig_refresh_token", access_token: oldAccess });
    const issued = fake.issued.at(-1)!;
    expect(fake.requestsTo("instagram", /\/insights$/)[0]!.query.access_token).toBe(issued.accessToken);
    const account = await storedAccount(server, accountIds[0]!);
    expectEncrypted(account.accessTokenEncrypted, issued.accessToken);
    expect(account.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 86_400_000);
  });

  it("Instagram: a token already past its expiry cannot be extended: PERMISSION and the account is EXPIRED", async () => {
    const media = platformMedia(fake, "INSTAGRAM");
    const { influencer, participationId, accountIds } = await trackedParticipation(server, brand, campaignId, [media], {
      influencer: nextInfluencer,
      accountExtra: { expiresAt: inAnHour(), refreshToken: "ignored-by-instagram" },
    });
    await expire(accountIds[0]!);
    fake.reset();
    const answer = await server.gql(REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", details: { failureReason: "PERMISSION" } });
    expect(fake.requests).toEqual([]);
    expect((await storedAccount(server, accountIds[0]!)).status).toBe("EXPIRED");
  });

  it("two refreshes at once of one expired account trade its single-use refresh token once", async () => {
    const influencer = await nextInfluencer();
    const media = withRefreshToken(platformMedia(fake, "TIKTOK"));
    const other = platformMedia(fake, "TIKTOK");
    fake.tiktokVideos.get(other.platformMediaId)!.owner = media.account.externalAccountId; // same account, second video
    const secondCampaign = await createActiveCampaign(server, brand);
    const a = await trackedParticipation(server, brand, campaignId, [media], { influencer, accountExtra: { expiresAt: inAnHour() } });
    const b = await trackedParticipation(server, brand, secondCampaign, [{ ...other, account: media.account }], { influencer, accountExtra: { expiresAt: inAnHour() } });
    expect(b.accountIds).toEqual(a.accountIds);

    await expire(a.accountIds[0]!);
    fake.accessTokens.delete(media.account.accessToken);
    fake.reset();
    const answers = await Promise.all([a, b].map((tracked) => server.gql(REFRESH_PARTICIPATION, { id: tracked.participationId }, influencer.token)));
    expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
    expect(fake.requestsTo("tiktok", /oauth/)).toHaveLength(1);
    const account = await storedAccount(server, a.accountIds[0]!);
    expect(account.status).toBe("VALID");
    expectEncrypted(account.accessTokenEncrypted, fake.issued.at(-1)!.accessToken);
  });
});

describe("a token refresh that fails", () => {
  it.each(["TIKTOK", "YOUTUBE"] as const)(
    "%s: the platform refuses the refresh token: PERMISSION, the account is EXPIRED, then CONFLICT and INTEGRATION_NOT_ELIGIBLE",
    async (platform) => {
      const media = withRefreshToken(platformMedia(fake, platform), false);
      const { influencer, participationId, submissionIds, accountIds } = await trackedParticipation(server, brand, campaignId, [media], {
        influencer: nextInfluencer,
        accountExtra: { expiresAt: inAnHour() },
      });
      const before = await storedAccount(server, accountIds[0]!);
      await expire(accountIds[0]!);
      fake.reset();

      const answer = await server.gql(REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", details: { failureReason: "PERMISSION" } });
      expect(fake.requestsTo(platform === "YOUTUBE" ? "google" : "tiktok", /token/)).toHaveLength(1);
      expect(fake.requestsTo(platform === "YOUTUBE" ? "youtube" : "tiktok", /video/)).toEqual([]); // no metrics call with a dead token

      const account = await storedAccount(server, accountIds[0]!);
      expect(account.status).toBe("EXPIRED");
      expect(account.accessTokenEncrypted).toBe(before.accessTokenEncrypted); // nothing new to store
      const stored = await storedMetrics(server, submissionIds[0]!);
      expect(stored.attempts.map((attempt) => [attempt.outcome, attempt.failureReason])).toEqual([["FAILURE", "PERMISSION"]]);

      fake.reset();
      expect((await server.gql(REFRESH_PARTICIPATION, { id: participationId }, influencer.token)).errors?.[0]?.extensions.code).toBe("CONFLICT");
      expect(fake.requests).toEqual([]);
      const viewer = await ok(server, `{ viewer { socialAccounts { id status } } }`, {}, influencer.token);
      expect(viewer.viewer.socialAccounts).toEqual([{ id: accountIds[0], status: "EXPIRED" }]);
      const next = platformMedia(fake, platform);
      const submitted = await ok(server, SUBMIT, { input: { participationId, platform, contentUrl: next.contentUrl } }, influencer.token);
      expect(submitted.submitContent.submission).toMatchObject({ status: "REJECTED", rejectionReason: "INTEGRATION_NOT_ELIGIBLE" });
    },
  );

  it("a token about to expire with no refresh token: PERMISSION and the account is EXPIRED", async () => {
    const media = platformMedia(fake, "YOUTUBE");
    const { influencer, participationId, accountIds } = await trackedParticipation(server, brand, campaignId, [media], {
      influencer: nextInfluencer,
      accountExtra: { expiresAt: new Date(Date.now() + 20_000).toISOString() },
    });
    fake.reset();
    const answer = await server.gql(REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", details: { failureReason: "PERMISSION" } });
    expect(fake.requests).toEqual([]);
    expect((await storedAccount(server, accountIds[0]!)).status).toBe("EXPIRED");
  });

  it("an expired token with no refresh token is not usable at all: CONFLICT, nothing attempted", async () => {
    const media = platformMedia(fake, "TIKTOK");
    const { influencer, participationId, submissionIds, accountIds } = await trackedParticipation(server, brand, campaignId, [media], {
      influencer: nextInfluencer,
      accountExtra: { expiresAt: inAnHour() },
    });
    await expire(accountIds[0]!);
    fake.reset();
    expect((await server.gql(REFRESH_PARTICIPATION, { id: participationId }, influencer.token)).errors?.[0]?.extensions.code).toBe("CONFLICT");
    expect(fake.requests).toEqual([]);
    expect((await storedMetrics(server, submissionIds[0]!)).attempts).toEqual([]);
  });

  it("a token endpoint that is down is UNKNOWN: the account stays VALID with its tokens, and the next refresh works", async () => {
    const media = withRefreshToken(platformMedia(fake, "TIKTOK"));
    const { influencer, participationId, accountIds } = await trackedParticipation(server, brand, campaignId, [media], {
      influencer: nextInfluencer,
      accountExtra: { expiresAt: inAnHour() },
    });
    await expire(accountIds[0]!);
    const before = await storedAccount(server, accountIds[0]!);
    fake.fail("tiktok", platformErrors.html(502), { path: /oauth/ });
    const answer = await server.gql(REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", details: { failureReason: "UNKNOWN" } });
    const after = await storedAccount(server, accountIds[0]!);
    expect(after.status).toBe("VALID");
    expect(after.accessTokenEncrypted).toBe(before.accessTokenEncrypted);
    expect(after.refreshTokenEncrypted).toBe(before.refreshTokenEncrypted);

    await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expectEncrypted((await storedAccount(server, accountIds[0]!)).accessTokenEncrypted, fake.issued.at(-1)!.accessToken);
  });
});

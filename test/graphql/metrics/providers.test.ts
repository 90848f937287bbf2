// Every real provider against the fake platform server (docs/decisions.md, "Platforms, metrics, failure reasons"), through the GraphQL mutation and the
// stored rows: counts and nulls per platform, the platform's own media id resolved once and stored, each
// error family classified into the attempt's failure_reason and answered SERVICE_UNAVAILABLE, back-off
// after RATE_LIMIT, and a PERMISSION failure taking the account out of use.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { platformBackoffs } from "../../../schema/tables.js";
import { startTestServer, type TestServer } from "../../support/server.js";
import { SUBMIT, createActiveCampaign, errorCode, join, ok, signUp, type Actor } from "../../support/factories.js";
import {
  FakePlatforms,
  REFRESH_PARTICIPATION,
  influencerPool,
  countsOf,
  platformErrors,
  platformMedia,
  routeTikTokShortLinks,
  storedAccount,
  storedMetrics,
  trackedParticipation,
  type CannedResponse,
  type FakePlatform,
  type PlatformName,
} from "../../support/fake-platforms.js";

const TIMEOUT_MS = 400;

let fake: FakePlatforms;
let server: TestServer;
let restoreFetch: () => void;
let brand: Actor;
let campaignId: string;
let nextInfluencer: () => Promise<Actor>;

beforeAll(async () => {
  fake = await FakePlatforms.start();
  restoreFetch = routeTikTokShortLinks(fake);
  // One answer, one try: retries have their own tests (test/graphql/metrics/retries.test.ts).
  server = await startTestServer({ platforms: fake.platformSettings(), platformTimeoutMs: TIMEOUT_MS, platformRetries: 0 });
  brand = await signUp(server, "BRAND");
  campaignId = await createActiveCampaign(server, brand, { submissionLimit: 5 });
  nextInfluencer = await influencerPool(server, 60);
});
afterAll(async () => {
  restoreFetch?.();
  await server?.close();
  await fake?.close();
});

const db = () => server.server.app.database.db;
const refresh = (participationId: string, token: string) => server.gql(REFRESH_PARTICIPATION, { id: participationId }, token);

describe("the providers are the real ones", () => {
  it("each platform is served by its real adapter at the fake's base URL", () => {
    for (const platform of ["INSTAGRAM", "FACEBOOK", "TIKTOK", "YOUTUBE"] as const) {
      expect(server.server.app.providers[platform].mode).toBe("real");
    }
  });
});

describe("Instagram Graph API", () => {
  it("resolves the shortcode to the Graph media id through the paged media list, stores it, and never asks for deprecated metrics", async () => {
    fake.reset();
    const media = platformMedia(fake, "INSTAGRAM", { position: 5 }); // third page of two
    const { influencer, participationId, submissionIds } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });

    const first = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(countsOf(first.refreshParticipationMetrics.snapshot)).toEqual(media.expected);
    expect(first.refreshParticipationMetrics.snapshot.impressions).toBeNull();

    const stored = await storedMetrics(server, submissionIds[0]!);
    expect(stored.submission.externalMediaId).toBe(media.externalMediaId);
    expect(stored.submission.platformMediaId).toBe(media.platformMediaId);
    expect(stored.snapshots.map(countsOf)).toEqual([media.expected]);
    expect(stored.attempts.map((attempt) => [attempt.outcome, attempt.failureReason])).toEqual([["SUCCESS", null]]);

    const pages = fake.requestsTo("instagram", /\/media$/);
    expect(pages).toHaveLength(3);
    expect(pages[0]!.path).toBe(`/${media.account.externalAccountId}/media`);
    expect(pages[0]!.query.fields).toBe("id,shortcode,permalink");
    expect(pages.every((request) => request.query.access_token === media.account.accessToken)).toBe(true);
    const insights = fake.requestsTo("instagram", /\/insights$/);
    expect(insights.map((request) => request.path)).toEqual([`/${media.platformMediaId}/insights`]);
    expect(insights[0]!.query.metric!.split(",").sort()).toEqual(["comments", "likes", "reach", "saved", "shares", "views"]);

    // The second refresh uses the stored id: no media list, new numbers, a second snapshot.
    fake.reset();
    const grown = media.grow();
    const second = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(countsOf(second.refreshParticipationMetrics.snapshot)).toEqual(grown);
    expect(fake.requestsTo("instagram", /\/media$/)).toHaveLength(0);
    expect(fake.requestsTo("instagram").map((request) => request.path)).toEqual([`/${media.platformMediaId}/insights`]);
    const after = await storedMetrics(server, submissionIds[0]!);
    expect(after.snapshots.map(countsOf)).toEqual([media.expected, grown]);
    expect(after.attempts).toHaveLength(2);
  });
});

describe("Facebook Graph API", () => {
  it("addresses the page post as <page>_<post>, reads reactions, comments, shares and post insights", async () => {
    fake.reset();
    const media = platformMedia(fake, "FACEBOOK");
    const { influencer, participationId, submissionIds } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });

    const data = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    // Never shared: Graph leaves `shares` out and that is 0; saves and views are not Facebook's.
    expect(countsOf(data.refreshParticipationMetrics.snapshot)).toEqual({ ...media.expected, shares: 0, saves: null, views: null });
    const stored = await storedMetrics(server, submissionIds[0]!);
    expect(stored.submission.platformMediaId).toBe(media.platformMediaId);
    expect(stored.snapshots.map(countsOf)).toEqual([media.expected]);

    const [post, insights] = fake.requestsTo("facebook");
    expect(post!.path).toBe(`/${media.platformMediaId}`);
    expect(post!.query.fields).toContain("reactions.summary(total_count)");
    expect(post!.query.fields).toContain("comments.summary(total_count)");
    expect(post!.query.fields).toContain("shares");
    expect(insights!.path).toBe(`/${media.platformMediaId}/insights`);
    expect(insights!.query.metric).toBe("post_impressions,post_impressions_unique");
    expect(insights!.query.access_token).toBe(media.account.accessToken);

    fake.reset();
    const grown = media.grow();
    const second = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(countsOf(second.refreshParticipationMetrics.snapshot)).toEqual(grown);
    expect(grown.shares).toBeGreaterThan(0);
  });
});

describe("TikTok Display API", () => {
  it("queries the video by id with the bearer token; impressions, reach and saves stay null", async () => {
    fake.reset();
    const media = platformMedia(fake, "TIKTOK");
    const { influencer, participationId, submissionIds } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });

    const data = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    const snapshot = data.refreshParticipationMetrics.snapshot;
    expect(countsOf(snapshot)).toEqual(media.expected);
    expect([snapshot.impressions, snapshot.reach, snapshot.saves]).toEqual([null, null, null]);
    const stored = await storedMetrics(server, submissionIds[0]!);
    expect(stored.submission.platformMediaId).toBe(media.platformMediaId);
    expect(stored.snapshots.map(countsOf)).toEqual([media.expected]);

    const [query] = fake.requestsTo("tiktok");
    expect(query!.method).toBe("POST");
    expect(query!.path).toBe("/v2/video/query/");
    expect(query!.query.fields!.split(",")).toEqual(expect.arrayContaining(["id", "view_count", "like_count", "comment_count", "share_count"]));
    expect(query!.headers.authorization).toBe(`Bearer ${media.account.accessToken}`);
    expect(query!.body).toEqual({ filters: { video_ids: [media.platformMediaId] } });
  });

  it("follows a vm.tiktok.com short link once, stores the video id it leads to, and keeps the short code as externalMediaId", async () => {
    fake.reset();
    const media = platformMedia(fake, "TIKTOK", { shortLink: true });
    const { influencer, participationId, submissionIds } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });

    const data = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(countsOf(data.refreshParticipationMetrics.snapshot)).toEqual(media.expected);
    const stored = await storedMetrics(server, submissionIds[0]!);
    expect(stored.submission.externalMediaId).toBe(media.externalMediaId);
    expect(stored.submission.externalMediaId).not.toBe(media.platformMediaId);
    expect(stored.submission.platformMediaId).toBe(media.platformMediaId);
    expect(fake.requestsTo("tiktok-short").map((request) => request.path)).toEqual([`/${media.externalMediaId}/`]);

    fake.reset();
    const grown = media.grow();
    const second = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(countsOf(second.refreshParticipationMetrics.snapshot)).toEqual(grown);
    expect(fake.requestsTo("tiktok-short")).toHaveLength(0);
    expect(fake.requestsTo("tiktok")[0]!.body).toEqual({ filters: { video_ids: [media.platformMediaId] } });
  });

  it("a short link that leads nowhere (vm.tiktok.com sends it to the home page) is INVALID_MEDIA", async () => {
    const media = platformMedia(fake, "TIKTOK", { shortLink: true });
    fake.tiktokShortLinks.delete(media.externalMediaId);
    const { influencer, participationId, submissionIds } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    const response = await refresh(participationId, influencer.token);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", details: { failureReason: "INVALID_MEDIA" } });
    const stored = await storedMetrics(server, submissionIds[0]!);
    expect(stored.submission.platformMediaId).toBeNull();
    expect(stored.attempts.map((attempt) => attempt.failureReason)).toEqual(["INVALID_MEDIA"]);
  });
});

describe("YouTube Data API", () => {
  it("reads viewCount, likeCount and commentCount (numeric strings) and nothing else", async () => {
    fake.reset();
    const media = platformMedia(fake, "YOUTUBE");
    const { influencer, participationId, submissionIds } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });

    const data = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    const snapshot = data.refreshParticipationMetrics.snapshot;
    expect(countsOf(snapshot)).toEqual(media.expected);
    expect([snapshot.impressions, snapshot.reach, snapshot.saves, snapshot.shares]).toEqual([null, null, null, null]);
    expect(typeof snapshot.views).toBe("number");
    const stored = await storedMetrics(server, submissionIds[0]!);
    expect(stored.submission.platformMediaId).toBe(media.platformMediaId);
    expect(stored.snapshots.map(countsOf)).toEqual([media.expected]);

    const [videos] = fake.requestsTo("youtube");
    expect(videos!.path).toBe("/videos");
    expect(videos!.query).toMatchObject({ part: "statistics", id: media.externalMediaId });
    expect(videos!.headers.authorization).toBe(`Bearer ${media.account.accessToken}`);
  });
});

describe("several tracked submissions", () => {
  it("writes one snapshot each; `snapshot` is the earliest submission's", async () => {
    const first = platformMedia(fake, "YOUTUBE");
    const second = platformMedia(fake, "YOUTUBE");
    second.account = first.account; // one channel, two videos
    const { influencer, participationId, submissionIds } = await trackedParticipation(server, brand, campaignId, [first, second], { influencer: nextInfluencer });

    const data = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    const payload = data.refreshParticipationMetrics;
    expect(payload.snapshots).toHaveLength(2);
    expect(payload.snapshot.id).toBe(payload.snapshots[0].id);
    expect(payload.snapshots.map(countsOf)).toEqual([first.expected, second.expected]);
    expect((await storedMetrics(server, submissionIds[0]!)).snapshots.map((row) => row.publicId)).toEqual([payload.snapshots[0].id]);
    expect((await storedMetrics(server, submissionIds[1]!)).snapshots.map((row) => row.publicId)).toEqual([payload.snapshots[1].id]);
  });

  it("one failing submission: SERVICE_UNAVAILABLE naming it; the other's snapshot is stored; both attempts recorded", async () => {
    const good = platformMedia(fake, "YOUTUBE");
    const gone = platformMedia(fake, "YOUTUBE", { known: false });
    gone.account = good.account;
    const { influencer, participationId, submissionIds } = await trackedParticipation(server, brand, campaignId, [good, gone], { influencer: nextInfluencer });

    const response = await refresh(participationId, influencer.token);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      details: { failureReason: "INVALID_MEDIA", failedSubmissionIds: [submissionIds[1]], snapshotsWritten: 1 },
    });
    const [goodRows, goneRows] = [await storedMetrics(server, submissionIds[0]!), await storedMetrics(server, submissionIds[1]!)];
    expect(goodRows.snapshots.map(countsOf)).toEqual([good.expected]);
    expect(goodRows.attempts.map((attempt) => attempt.outcome)).toEqual(["SUCCESS"]);
    expect(goneRows.snapshots).toEqual([]);
    expect(goneRows.attempts.map((attempt) => [attempt.outcome, attempt.failureReason])).toEqual([["FAILURE", "INVALID_MEDIA"]]);
  });
});

// Each error family, in the platform's own error body, on the metrics call. `null`: the fake's normal
// answer for media it does not know.
interface ErrorCase {
  platform: PlatformName;
  name: string;
  response: CannedResponse | null;
  /** Which of the platform's calls fails (default: every one). */
  path?: RegExp;
  reason: "RATE_LIMIT" | "PERMISSION" | "INVALID_MEDIA" | "UNKNOWN";
}

const SLOW: CannedResponse = { status: 200, body: { data: [] }, delayMs: TIMEOUT_MS * 5 };

const ERROR_CASES: ErrorCase[] = [
  // Instagram Graph
  ...[4, 17, 32, 613, 80002].map((code): ErrorCase => ({ platform: "INSTAGRAM", name: `Graph code ${code}`, response: platformErrors.graph(code), path: /\/insights$/, reason: "RATE_LIMIT" })),
  { platform: "INSTAGRAM", name: "HTTP 429", response: platformErrors.tooManyRequests(), path: /\/insights$/, reason: "RATE_LIMIT" },
  { platform: "INSTAGRAM", name: "code 190 on insights", response: platformErrors.graph(190), path: /\/insights$/, reason: "PERMISSION" },
  { platform: "INSTAGRAM", name: "code 190 on the media list", response: platformErrors.graph(190), path: /\/media$/, reason: "PERMISSION" },
  { platform: "INSTAGRAM", name: "code 10 (permission)", response: platformErrors.graph(10, { message: "(#10) Application does not have permission for this action" }), path: /\/insights$/, reason: "PERMISSION" },
  { platform: "INSTAGRAM", name: "code 100 on the media id", response: platformErrors.graph(100), path: /\/insights$/, reason: "INVALID_MEDIA" },
  { platform: "INSTAGRAM", name: "shortcode not in the account's media", response: null, reason: "INVALID_MEDIA" },
  { platform: "INSTAGRAM", name: "code 2 (service temporarily unavailable) as a 500", response: platformErrors.graph(2, { status: 500, message: "An unexpected error has occurred. Please retry your request later." }), path: /\/insights$/, reason: "UNKNOWN" },
  { platform: "INSTAGRAM", name: "an HTML 502", response: platformErrors.html(), path: /\/insights$/, reason: "UNKNOWN" },
  { platform: "INSTAGRAM", name: "no answer within the timeout", response: SLOW, path: /\/insights$/, reason: "UNKNOWN" },
  // Facebook Graph
  ...[4, 17, 32, 613, 80001].map((code): ErrorCase => ({ platform: "FACEBOOK", name: `Graph code ${code}`, response: platformErrors.graph(code), reason: "RATE_LIMIT" })),
  { platform: "FACEBOOK", name: "HTTP 429", response: platformErrors.tooManyRequests(), reason: "RATE_LIMIT" },
  { platform: "FACEBOOK", name: "code 190", response: platformErrors.graph(190), reason: "PERMISSION" },
  { platform: "FACEBOOK", name: "code 190 on insights only", response: platformErrors.graph(190), path: /\/insights$/, reason: "PERMISSION" },
  { platform: "FACEBOOK", name: "unknown post (code 100)", response: null, reason: "INVALID_MEDIA" },
  { platform: "FACEBOOK", name: "no answer within the timeout", response: SLOW, reason: "UNKNOWN" },
  // TikTok
  { platform: "TIKTOK", name: "rate_limit_exceeded", response: platformErrors.tiktok("rate_limit_exceeded"), reason: "RATE_LIMIT" },
  { platform: "TIKTOK", name: "rate_limit_exceeded answered 200", response: { ...platformErrors.tiktok("rate_limit_exceeded"), status: 200 }, reason: "RATE_LIMIT" },
  { platform: "TIKTOK", name: "HTTP 429", response: platformErrors.tooManyRequests(), reason: "RATE_LIMIT" },
  { platform: "TIKTOK", name: "access_token_invalid", response: platformErrors.tiktok("access_token_invalid"), reason: "PERMISSION" },
  { platform: "TIKTOK", name: "scope_not_authorized", response: platformErrors.tiktok("scope_not_authorized"), reason: "PERMISSION" },
  { platform: "TIKTOK", name: "a video that is not the account's", response: null, reason: "INVALID_MEDIA" },
  { platform: "TIKTOK", name: "internal_error", response: platformErrors.tiktok("internal_error"), reason: "UNKNOWN" },
  { platform: "TIKTOK", name: "no answer within the timeout", response: SLOW, reason: "UNKNOWN" },
  // YouTube: the body before the status (a quotaExceeded 403 is a rate limit, not a permission problem)
  { platform: "YOUTUBE", name: "quotaExceeded as a 403", response: platformErrors.google(403, "quotaExceeded"), reason: "RATE_LIMIT" },
  { platform: "YOUTUBE", name: "rateLimitExceeded as a 403", response: platformErrors.google(403, "rateLimitExceeded", "usageLimits", "Rate limit exceeded"), reason: "RATE_LIMIT" },
  { platform: "YOUTUBE", name: "HTTP 429", response: platformErrors.tooManyRequests(), reason: "RATE_LIMIT" },
  { platform: "YOUTUBE", name: "401 authError", response: platformErrors.google(401, "authError", "global"), reason: "PERMISSION" },
  { platform: "YOUTUBE", name: "403 forbidden", response: platformErrors.google(403, "forbidden", "youtube.video", "The request is not properly authorized."), reason: "PERMISSION" },
  { platform: "YOUTUBE", name: "empty items", response: null, reason: "INVALID_MEDIA" },
  { platform: "YOUTUBE", name: "503 backendError", response: platformErrors.google(503, "backendError", "global", "Backend Error"), reason: "UNKNOWN" },
  { platform: "YOUTUBE", name: "no answer within the timeout", response: SLOW, reason: "UNKNOWN" },
];

const FAKE_NAME: Record<PlatformName, FakePlatform> = { INSTAGRAM: "instagram", FACEBOOK: "facebook", TIKTOK: "tiktok", YOUTUBE: "youtube" };

describe.each(ERROR_CASES)("$platform: $name", ({ platform, response, path, reason }) => {
  it(`is ${reason}: recorded in the attempt, answered SERVICE_UNAVAILABLE with failureReason ${reason}`, async () => {
    const media = platformMedia(fake, platform, { known: response !== null });
    const tracked = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    await db().delete(platformBackoffs);
    if (response) fake.fail(FAKE_NAME[platform], response, { path, times: 1 });

    const startedAt = Date.now();
    const answer = await refresh(tracked.participationId, tracked.influencer.token);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", details: { failureReason: reason } });
    if (response === SLOW) expect(Date.now() - startedAt).toBeLessThan(SLOW.delayMs!);

    const stored = await storedMetrics(server, tracked.submissionIds[0]!);
    expect(stored.attempts).toHaveLength(1);
    expect(stored.attempts[0]).toMatchObject({ outcome: "FAILURE", failureReason: reason });
    expect(stored.attempts[0]!.detail).toBeTruthy();
    expect(stored.snapshots).toEqual([]);
    if (response === SLOW) expect(stored.attempts[0]!.detail).toContain(`within ${TIMEOUT_MS} ms`);

    const backoffs = await db().select().from(platformBackoffs).where(eq(platformBackoffs.platform, platform));
    if (reason === "RATE_LIMIT") {
      expect(backoffs).toHaveLength(1);
      expect(backoffs[0]!.until.getTime()).toBeGreaterThan(Date.now() + 60_000);
    } else {
      expect(backoffs).toEqual([]);
    }

    const account = await storedAccount(server, tracked.accountIds[0]!);
    expect(account.status).toBe(reason === "PERMISSION" ? "REVOKED" : "VALID");
  });
});

describe("after a failure", () => {
  it("RATE_LIMIT with Retry-After backs the platform off for that long", async () => {
    const media = platformMedia(fake, "TIKTOK");
    const { influencer, participationId } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    await db().delete(platformBackoffs);
    fake.fail("tiktok", platformErrors.tooManyRequests(120));
    const before = Date.now();
    const answer = await refresh(participationId, influencer.token);
    expect(answer.errors?.[0]?.extensions.details.failureReason).toBe("RATE_LIMIT");
    const [backoff] = await db().select().from(platformBackoffs).where(eq(platformBackoffs.platform, "TIKTOK"));
    expect(backoff!.until.getTime()).toBeGreaterThanOrEqual(before + 119_000);
    expect(backoff!.until.getTime()).toBeLessThanOrEqual(Date.now() + 121_000);
    expect(backoff!.reason).toContain("429");
  });

  it("an UNKNOWN or INVALID_MEDIA failure leaves the account usable: the next refresh succeeds", async () => {
    const media = platformMedia(fake, "INSTAGRAM");
    const { influencer, participationId, submissionIds } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    fake.fail("instagram", platformErrors.html(), { path: /\/insights$/ });
    expect((await refresh(participationId, influencer.token)).errors?.[0]?.extensions.details.failureReason).toBe("UNKNOWN");
    const data = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    expect(countsOf(data.refreshParticipationMetrics.snapshot)).toEqual(media.expected);
    const stored = await storedMetrics(server, submissionIds[0]!);
    expect(stored.attempts.map((attempt) => attempt.outcome)).toEqual(["FAILURE", "SUCCESS"]);
    // The failed first refresh resolved the media id but did not store it; the successful one did.
    expect(stored.submission.platformMediaId).toBe(media.platformMediaId);
  });

  it.each(["INSTAGRAM", "TIKTOK", "YOUTUBE", "FACEBOOK"] as const)(
    "%s: PERMISSION takes the account out of use: refresh is CONFLICT, the account shows REVOKED, new content is INTEGRATION_NOT_ELIGIBLE",
    async (platform) => {
      const media = platformMedia(fake, platform);
      const { influencer, participationId, submissionIds, accountIds } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
      // The token stops working on the platform's side.
      fake.accessTokens.delete(media.account.accessToken);
      const answer = await refresh(participationId, influencer.token);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", details: { failureReason: "PERMISSION" } });
      expect((await storedAccount(server, accountIds[0]!)).status).toBe("REVOKED");

      fake.reset();
      const conflict = await refresh(participationId, influencer.token);
      expect(conflict.errors?.[0]?.extensions.code).toBe("CONFLICT");
      expect(fake.requests).toEqual([]); // nothing was asked of the platform
      expect((await storedMetrics(server, submissionIds[0]!)).attempts).toHaveLength(1); // and nothing attempted

      const viewer = await ok(server, `{ viewer { socialAccounts { id platform status } } }`, {}, influencer.token);
      expect(viewer.viewer.socialAccounts).toEqual([{ id: accountIds[0], platform, status: "REVOKED" }]);

      const next = platformMedia(fake, platform);
      const submitted = await ok(server, SUBMIT, { input: { participationId, platform, contentUrl: next.contentUrl } }, influencer.token);
      expect(submitted.submitContent.submission).toMatchObject({ status: "REJECTED", rejectionReason: "INTEGRATION_NOT_ELIGIBLE" });
    },
  );
});

describe("refusals before any platform call", () => {
  it("a participation without a tracked submission is CONFLICT, and no attempt is recorded", async () => {
    const influencer = await nextInfluencer();
    const media = platformMedia(fake, "YOUTUBE");
    await ok(
      server,
      `mutation($input: ConnectSocialAccountInput!) { connectSocialAccount(input: $input) { socialAccount { id } } }`,
      { input: { platform: "YOUTUBE", ...media.account } },
      influencer.token,
    );
    const participationId = await join(server, influencer, campaignId);
    expect(await errorCode(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token)).toBe("CONFLICT");
    // Submitted but not yet accepted: still not tracked.
    await ok(server, SUBMIT, { input: { participationId, platform: "YOUTUBE", contentUrl: media.contentUrl } }, influencer.token);
    fake.reset();
    expect(await errorCode(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token)).toBe("CONFLICT");
    expect(fake.requests).toEqual([]);
  });

  it("an influencer who disconnected the account gets CONFLICT, not a platform call", async () => {
    const media = platformMedia(fake, "TIKTOK");
    const { influencer, participationId, submissionIds, accountIds } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    await ok(server, `mutation($id: ID!) { disconnectSocialAccount(id: $id) { socialAccount { id } } }`, { id: accountIds[0] }, influencer.token);
    fake.reset();
    const answer = await refresh(participationId, influencer.token);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", details: { platform: "TIKTOK" } });
    expect(fake.requests).toEqual([]);
    expect((await storedMetrics(server, submissionIds[0]!)).attempts).toEqual([]);
  });

  it("the campaign owner may refresh; another influencer may not", async () => {
    const media = platformMedia(fake, "YOUTUBE");
    const { participationId } = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    const data = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, brand.token);
    expect(countsOf(data.refreshParticipationMetrics.snapshot)).toEqual(media.expected);
    const stranger = await nextInfluencer();
    expect(["NOT_FOUND", "PERMISSION_DENIED"]).toContain(await errorCode(server, REFRESH_PARTICIPATION, { id: participationId }, stranger.token));
  });
});

function deprecatedMetricRequests() {
  return fake.history
    .filter((request) => request.platform === "instagram")
    .filter((request) => /(^|,)(impressions|plays|video_views)(,|$)/.test(request.query.metric ?? "") || /impressions|plays|video_views/.test(request.query.fields ?? ""));
}

describe("what Instagram was asked", () => {
  it("after every test above: never a deprecated metric", () => {
    expect(fake.history.filter((request) => request.platform === "instagram" && request.path.endsWith("/insights")).length).toBeGreaterThan(5);
    expect(deprecatedMetricRequests()).toEqual([]);
  });
});

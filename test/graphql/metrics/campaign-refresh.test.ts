// refreshCampaignMetrics with one participation failing: the others are refreshed all the same,
// the summary counts them, failedParticipations names the failed one, the successful snapshots are stored
// and every platform attempt is recorded. Real providers against the fake platform server.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { participations } from "../../../schema/tables.js";
import { startTestServer, type TestServer } from "../../support/server.js";
import { SUBMIT, createActiveCampaign, errorCode, join, ok, signUp, type Actor } from "../../support/factories.js";
import {
  FakePlatforms,
  REFRESH_CAMPAIGN,
  countsOf,
  influencerPool,
  platformMedia,
  storedMetrics,
  trackedParticipation,
  type MediaFixture,
  type TrackedParticipation,
} from "../../support/fake-platforms.js";

let fake: FakePlatforms;
let server: TestServer;
let brand: Actor;
let nextInfluencer: () => Promise<Actor>;

beforeAll(async () => {
  fake = await FakePlatforms.start();
  server = await startTestServer({ platforms: fake.platformSettings(), platformTimeoutMs: 2_000 });
  brand = await signUp(server, "BRAND");
  nextInfluencer = await influencerPool(server, 10);
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const db = () => server.server.app.database.db;

describe("refreshCampaignMetrics", () => {
  it("one participation failing (unknown media): the rest are refreshed, counted and stored; the failed id is listed; attempts recorded for all", async () => {
    const campaignId = await createActiveCampaign(server, brand, { submissionLimit: 3 });
    const instagram = platformMedia(fake, "INSTAGRAM");
    const missing = platformMedia(fake, "YOUTUBE", { known: false });
    const tiktokOne = platformMedia(fake, "TIKTOK");
    const tiktokTwo = platformMedia(fake, "TIKTOK");
    fake.tiktokVideos.get(tiktokTwo.platformMediaId)!.owner = tiktokOne.account.externalAccountId;
    const facebook = platformMedia(fake, "FACEBOOK");

    // In participation id order, the failing one sits between successful ones.
    const ok1 = await trackedParticipation(server, brand, campaignId, [instagram], { influencer: nextInfluencer });
    const failing = await trackedParticipation(server, brand, campaignId, [missing], { influencer: nextInfluencer });
    const ok2 = await trackedParticipation(server, brand, campaignId, [tiktokOne, { ...tiktokTwo, account: tiktokOne.account }], { influencer: nextInfluencer });
    const ok3 = await trackedParticipation(server, brand, campaignId, [facebook], { influencer: nextInfluencer });
    // COMPLETED counts as eligible too.
    await db().update(participations).set({ status: "PARTICIPATION_STATUS_COMPLETED" }).where(eq(participations.publicId, ok3.participationId));

    // Not eligible: joined without content, and content still waiting for review.
    const idle = await nextInfluencer();
    await join(server, idle, campaignId);
    const waiting = await nextInfluencer();
    const waitingMedia = platformMedia(fake, "YOUTUBE");
    await ok(server, `mutation($input: ConnectSocialAccountInput!) { connectSocialAccount(input: $input) { socialAccount { id } } }`, { input: { platform: "YOUTUBE", ...waitingMedia.account } }, waiting.token);
    const waitingParticipation = await join(server, waiting, campaignId);
    const waitingSubmission = (await ok(server, SUBMIT, { input: { participationId: waitingParticipation, platform: "YOUTUBE", contentUrl: waitingMedia.contentUrl } }, waiting.token)).submitContent.submission.id;

    fake.reset();
    const data = await ok(server, REFRESH_CAMPAIGN, { id: campaignId }, brand.token);
    expect(data.refreshCampaignMetrics).toEqual({
      campaign: { id: campaignId },
      totalEligibleParticipationCount: 4,
      successfulCount: 3,
      failedCount: 1,
      failedParticipations: [{ id: failing.participationId }],
    });

    const expectSnapshots = async (tracked: TrackedParticipation, media: MediaFixture[]) => {
      for (const [index, submissionId] of tracked.submissionIds.entries()) {
        const stored = await storedMetrics(server, submissionId);
        expect(stored.snapshots.map(countsOf)).toEqual([media[index]!.expected]);
        expect(stored.attempts.map((attempt) => [attempt.outcome, attempt.failureReason])).toEqual([["SUCCESS", null]]);
        expect(stored.submission.platformMediaId).toBe(media[index]!.platformMediaId);
      }
    };
    await expectSnapshots(ok1, [instagram]);
    await expectSnapshots(ok2, [tiktokOne, tiktokTwo]);
    await expectSnapshots(ok3, [facebook]);
    const failed = await storedMetrics(server, failing.submissionIds[0]!);
    expect(failed.snapshots).toEqual([]);
    expect(failed.attempts.map((attempt) => [attempt.outcome, attempt.failureReason])).toEqual([["FAILURE", "INVALID_MEDIA"]]);
    expect((await storedMetrics(server, waitingSubmission)).attempts).toEqual([]);
    // Each platform was asked about exactly its own tracked media, the failing one included.
    expect(fake.requestsTo("youtube").map((request) => request.query.id)).toEqual([missing.externalMediaId]);
    expect(fake.requestsTo("tiktok", /video\/query/)).toHaveLength(2);

    // Once the video is there, the next campaign refresh succeeds everywhere, adding one attempt each.
    fake.youtubeVideos.set(missing.externalMediaId, { viewCount: 10, likeCount: 2, commentCount: 1 });
    const again = await ok(server, REFRESH_CAMPAIGN, { id: campaignId }, brand.token);
    expect(again.refreshCampaignMetrics).toMatchObject({ totalEligibleParticipationCount: 4, successfulCount: 4, failedCount: 0, failedParticipations: [] });
    const recovered = await storedMetrics(server, failing.submissionIds[0]!);
    expect(recovered.attempts.map((attempt) => attempt.outcome)).toEqual(["FAILURE", "SUCCESS"]);
    expect(recovered.snapshots.map(countsOf)).toEqual([{ impressions: null, reach: null, likes: 2, comments: 1, saves: null, shares: null, views: 10 }]);
    for (const submissionId of [...ok1.submissionIds, ...ok2.submissionIds, ...ok3.submissionIds]) {
      expect((await storedMetrics(server, submissionId)).attempts).toHaveLength(2);
    }
  });

  it("a participation whose influencer has no usable account fails without a platform call; the others go on", async () => {
    const campaignId = await createActiveCampaign(server, brand);
    const good = platformMedia(fake, "YOUTUBE");
    const orphan = platformMedia(fake, "TIKTOK");
    const disconnected = await trackedParticipation(server, brand, campaignId, [orphan], { influencer: nextInfluencer });
    const working = await trackedParticipation(server, brand, campaignId, [good], { influencer: nextInfluencer });
    await ok(server, `mutation($id: ID!) { disconnectSocialAccount(id: $id) { socialAccount { id } } }`, { id: disconnected.accountIds[0] }, disconnected.influencer.token);

    fake.reset();
    const data = await ok(server, REFRESH_CAMPAIGN, { id: campaignId }, brand.token);
    expect(data.refreshCampaignMetrics).toMatchObject({
      totalEligibleParticipationCount: 2,
      successfulCount: 1,
      failedCount: 1,
      failedParticipations: [{ id: disconnected.participationId }],
    });
    expect(fake.requestsTo("tiktok")).toEqual([]);
    expect((await storedMetrics(server, disconnected.submissionIds[0]!)).attempts).toEqual([]);
    expect((await storedMetrics(server, working.submissionIds[0]!)).snapshots.map(countsOf)).toEqual([good.expected]);
  });

  it("only the campaign's owner (or an admin) may refresh it", async () => {
    const campaignId = await createActiveCampaign(server, brand);
    const otherBrand = await signUp(server, "BRAND");
    const influencer = await nextInfluencer();
    expect(["PERMISSION_DENIED", "NOT_FOUND"]).toContain(await errorCode(server, REFRESH_CAMPAIGN, { id: campaignId }, otherBrand.token));
    expect(["PERMISSION_DENIED", "NOT_FOUND"]).toContain(await errorCode(server, REFRESH_CAMPAIGN, { id: campaignId }, influencer.token));
    expect(await errorCode(server, REFRESH_CAMPAIGN, { id: campaignId })).toBe("UNAUTHORIZED");
    const empty = await ok(server, REFRESH_CAMPAIGN, { id: campaignId }, brand.token);
    expect(empty.refreshCampaignMetrics).toMatchObject({ totalEligibleParticipationCount: 0, successfulCount: 0, failedCount: 0, failedParticipations: [] });
  });
});

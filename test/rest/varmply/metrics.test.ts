// Contract tests for the metrics refresh paths (docs/rest-compat.md): the documented keys with their JSON
// types (plus `submissionId`, `views` and `snapshots`, docs/rest-compat.md), each error status, and who may call.
// TikTok runs on the simulated provider; Instagram points at a closed port, so its refreshes fail the way
// an unreachable platform does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call, expectError, expectShape, type Spec } from "../../support/rest.js";
import { connectAccount, createActiveCampaign, join, ok, review, signUp, submit, type Actor } from "../../support/factories.js";

const SNAPSHOT: Spec = {
  snapshotId: "string",
  participationId: "string",
  submissionId: "string",
  externalMediaId: "string",
  impressions: "integer|null",
  reach: "integer|null",
  likes: "integer|null",
  comments: "integer|null",
  saves: "integer|null",
  shares: "integer|null",
  views: "integer|null",
  fetchedAtTimestamp: "timestamp",
  createdAtTimestamp: "timestamp",
  lastUpdatedAtTimestamp: "timestamp",
};

const CAMPAIGN_SUMMARY: Spec = {
  campaignId: "string",
  totalEligibleParticipationCount: "integer",
  successfulCount: "integer",
  failedCount: "integer",
  failedParticipationIdList: ["string"],
};

const tiktokUrl = () => `https://www.tiktok.com/@creator/video/7${Math.floor(Math.random() * 1e17)}`;

let server: TestServer;
let brand: Actor;
let campaignId: string;

/** An influencer with an approved submission on `platform` in the shared campaign. */
async function approvedParticipation(platform: "TIKTOK" | "INSTAGRAM") {
  const influencer = await signUp(server, "INFLUENCER");
  await connectAccount(server, influencer, platform);
  const participationId = await join(server, influencer, campaignId);
  const contentUrl = platform === "TIKTOK" ? tiktokUrl() : undefined;
  const { submission } = await submit(server, influencer, participationId, { platform, ...(contentUrl ? { contentUrl } : {}) });
  await review(server, brand, submission.id, "APPROVE");
  return { influencer, participationId, submissionId: submission.id };
}

beforeAll(async () => {
  const platforms = loadConfig({}).platforms;
  server = await startTestServer({
    platforms: { ...platforms, INSTAGRAM: { ...platforms.INSTAGRAM, mode: "real", apiBaseUrl: "http://127.0.0.1:9", oauthBaseUrl: "http://127.0.0.1:9" } },
    platformTimeoutMs: 2_000,
  });
  brand = await signUp(server, "BRAND");
  campaignId = await createActiveCampaign(server, brand);
});
afterAll(() => server?.close());

describe("POST /metrics/participations/{participationId}/refresh", () => {
  const path = (id: string) => `/metrics/participations/${id}/refresh`;

  it("200: the snapshot of the earliest tracked submission, in the seed's shape, and `snapshots`", async () => {
    const { influencer, participationId, submissionId } = await approvedParticipation("TIKTOK");
    const response = await call(server, "POST", path(participationId), { token: influencer.token });
    expect(response.status).toBe(200);
    expectShape(response.body, { snapshot: SNAPSHOT, snapshots: [SNAPSHOT] });
    expect(response.body.snapshot).toMatchObject({ participationId, submissionId, impressions: null, reach: null });
    expect(response.body.snapshots).toHaveLength(1);
    expect(response.body.snapshots[0].snapshotId).toBe(response.body.snapshot.snapshotId);
    // The brand that owns the campaign may refresh too.
    expect((await call(server, "POST", path(participationId), { token: brand.token })).status).toBe(200);
  });

  it("409 without a tracked submission; 503 with details.failureReason when the platform fails", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    await connectAccount(server, influencer, "TIKTOK");
    const participationId = await join(server, influencer, campaignId);
    expectError(await call(server, "POST", path(participationId), { token: influencer.token }), 409, "CONFLICT");

    const failing = await approvedParticipation("INSTAGRAM");
    const response = await call(server, "POST", path(failing.participationId), { token: failing.influencer.token });
    expectError(response, 503, "SERVICE_UNAVAILABLE");
    expect(response.body.details.failureReason).toBe("UNKNOWN");
    // The attempt was recorded even though it failed.
    const data = await ok(server, `query($id: ID!) { submission(id: $id) { latestSnapshot { id } } }`, { id: failing.submissionId }, failing.influencer.token);
    expect(data.submission.latestSnapshot).toBeNull();
  });

  it("400 malformed id, 401 without a token, 404 for someone who may not see it, 405 on GET", async () => {
    const { participationId } = await approvedParticipation("TIKTOK");
    const stranger = await signUp(server, "INFLUENCER");
    expectError(await call(server, "POST", path("nope"), { token: stranger.token }), 400, "VALIDATION_ERROR");
    expectError(await call(server, "POST", path(participationId)), 401, "UNAUTHORIZED");
    expectError(await call(server, "POST", path(participationId), { token: stranger.token }), 404, "NOT_FOUND");
    const wrongMethod = await call(server, "GET", path(participationId), { token: stranger.token });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toContain("POST");
  });
});

describe("POST /metrics/campaigns/{campaignId}/refresh", () => {
  const path = (id: string) => `/metrics/campaigns/${id}/refresh`;

  it("200: one failing participation does not stop the rest, and is listed", async () => {
    const ownBrand = await signUp(server, "BRAND");
    const ownCampaign = await createActiveCampaign(server, ownBrand);
    const participants = [];
    for (const platform of ["TIKTOK", "INSTAGRAM", "TIKTOK"] as const) {
      const influencer = await signUp(server, "INFLUENCER");
      await connectAccount(server, influencer, platform);
      const participationId = await join(server, influencer, ownCampaign);
      const { submission } = await submit(server, influencer, participationId, { platform, ...(platform === "TIKTOK" ? { contentUrl: tiktokUrl() } : {}) });
      await review(server, ownBrand, submission.id, "APPROVE");
      participants.push({ platform, participationId });
    }
    // A participation that only joined is not eligible.
    await join(server, await signUp(server, "INFLUENCER"), ownCampaign);

    const response = await call(server, "POST", path(ownCampaign), { token: ownBrand.token });
    expect(response.status).toBe(200);
    expectShape(response.body, CAMPAIGN_SUMMARY);
    expect(response.body).toEqual({
      campaignId: ownCampaign,
      totalEligibleParticipationCount: 3,
      successfulCount: 2,
      failedCount: 1,
      failedParticipationIdList: [participants[1]!.participationId],
    });
  });

  it("400 malformed id, 401 without a token, 403 for an influencer who sees it, 404 for another brand", async () => {
    const { influencer } = await approvedParticipation("TIKTOK");
    const otherBrand = await signUp(server, "BRAND");
    expectError(await call(server, "POST", path("campaign-1"), { token: brand.token }), 400, "VALIDATION_ERROR");
    expectError(await call(server, "POST", path(campaignId)), 401, "UNAUTHORIZED");
    expectError(await call(server, "POST", path(campaignId), { token: influencer.token }), 403, "PERMISSION_DENIED");
    expectError(await call(server, "POST", path(campaignId), { token: otherBrand.token }), 404, "NOT_FOUND");
  });
});

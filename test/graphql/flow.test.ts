// The campaign → participation → submission path over HTTP, the state machines (docs/decisions.md, "Lifecycles"), and the
// submission rules in their documented order (each rejection is stored, with its reason).
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  SUBMIT,
  connectAccount,
  createActiveCampaign,
  createCampaign,
  errorCode,
  instagramUrl,
  join,
  joinedParticipation,
  ok,
  review,
  setCampaignStatus,
  signUp,
  submit,
  type Actor,
} from "../support/factories.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const unique = () => randomBytes(5).toString("hex");

const CAMPAIGN = `query($id: ID!) { campaign(id: $id) { id status completedAt submissionLimit } }`;
const PARTICIPATION = `query($id: ID!) {
  participation(id: $id) {
    id status
    trackingSummary { submissionLimit acceptedSubmissionCount trackedSubmissionCount }
    submissions(first: 100) {
      totalCount
      edges { node { id status rejectionReason reviewerNote contentType isTracked trackingReason } }
    }
  }
}`;
const SUBMISSION = `query($id: ID!) { submission(id: $id) { id status rejectionReason reviewerNote contentType externalMediaId platform } }`;
const JOIN = `mutation($id: ID!) { joinCampaign(campaignId: $id) { created participation { id status } } }`;
const participationMutation = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { participation { id status } } }`;
const SET_STATUS = `mutation($id: ID!, $status: CampaignStatus!) { setCampaignStatus(id: $id, status: $status) { campaign { id status completedAt } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(id: $id, input: $input) { campaign { id submissionLimit } } }`;

async function participation(token: string, id: string) {
  return (await ok(server, PARTICIPATION, { id }, token)).participation;
}

async function campaignStatus(brand: Actor, id: string) {
  return (await ok(server, CAMPAIGN, { id }, brand.token)).campaign;
}

/** Submits and expects a stored REJECTED submission with `reason`, readable again through `submission(id)`. */
async function expectRejected(influencer: Actor, participationId: string, input: Record<string, unknown>, reason: string) {
  const result = await submit(server, influencer, participationId, input);
  expect(result.submission).toMatchObject({ status: "REJECTED", rejectionReason: reason });
  const stored = (await ok(server, SUBMISSION, { id: result.submission.id }, influencer.token)).submission;
  expect(stored).toMatchObject({ id: result.submission.id, status: "REJECTED", rejectionReason: reason });
  return result;
}

describe("the full path", () => {
  it("takes a campaign from DRAFT to a COMPLETED participation", async () => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");

    const created = await ok(
      server,
      `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id status owner { id } requiredHashtags submissionLimit } } }`,
      { input: { title: "Summer launch", currency: "USD", requiredHashtags: ["SummerLaunch"], submissionLimit: 2 } },
      brand.token,
    );
    const campaign = created.createCampaign.campaign;
    expect(campaign).toMatchObject({ status: "CAMPAIGN_DRAFT", owner: { id: brand.id }, requiredHashtags: ["#SummerLaunch"], submissionLimit: 2 });
    expect(campaign.id).toMatch(/^campaign_/);

    // A draft is invisible to influencers, so it cannot be joined yet.
    expect(await errorCode(server, JOIN, { id: campaign.id }, influencer.token)).toBe("NOT_FOUND");
    await setCampaignStatus(server, brand, campaign.id, "CAMPAIGN_ACTIVE");
    expect((await campaignStatus(brand, campaign.id)).status).toBe("CAMPAIGN_ACTIVE");

    await connectAccount(server, influencer, "INSTAGRAM");
    const joined = (await ok(server, JOIN, { id: campaign.id }, influencer.token)).joinCampaign;
    expect(joined).toMatchObject({ created: true, participation: { status: "PARTICIPATION_STATUS_PENDING" } });
    const participationId = joined.participation.id;

    const submitted = await submit(server, influencer, participationId, { declaredHashtags: ["#summerlaunch"] });
    expect(submitted.submission).toMatchObject({ status: "PENDING", rejectionReason: null, contentType: "POST" });
    expect(submitted.participation).toEqual({ id: participationId, status: "PARTICIPATION_STATUS_CONTENT_SUBMITTED" });

    const reviewed = await review(server, brand, submitted.submission.id, "APPROVE");
    expect(reviewed.submission).toMatchObject({ status: "ACCEPTED", rejectionReason: null, reviewerNote: null });
    expect(reviewed.participation.status).toBe("PARTICIPATION_STATUS_APPROVED");

    const completed = (await ok(server, participationMutation("completeParticipation"), { id: participationId }, brand.token)).completeParticipation;
    expect(completed.participation.status).toBe("PARTICIPATION_STATUS_COMPLETED");

    const read = await participation(influencer.token, participationId);
    expect(read.status).toBe("PARTICIPATION_STATUS_COMPLETED");
    expect(read.trackingSummary).toEqual({ submissionLimit: 2, acceptedSubmissionCount: 1, trackedSubmissionCount: 1 });
    expect(read.submissions.edges[0].node).toMatchObject({ status: "ACCEPTED", isTracked: true, trackingReason: "WITHIN_SUBMISSION_LIMIT" });

    // A completed participation takes no more content.
    const response = await server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl: instagramUrl() } }, influencer.token);
    expect(response.errors?.[0]?.extensions.code).toBe("CONFLICT");
  });

  it("only the campaign owner reviews and approves; another brand cannot even see the participation", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server);
    const { submission } = await submit(server, influencer, participationId);
    expect(
      await errorCode(server, `mutation($input: ReviewSubmissionInput!) { reviewSubmission(input: $input) { submission { id } } }`, { input: { submissionId: submission.id, action: "APPROVE" } }, influencer.token),
    ).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, participationMutation("approveParticipation"), { id: participationId }, influencer.token)).toBe("PERMISSION_DENIED");
    // Another brand cannot see the participation at all.
    const stranger = await signUp(server, "BRAND");
    expect(await errorCode(server, participationMutation("approveParticipation"), { id: participationId }, stranger.token)).toBe("NOT_FOUND");
    expect((await participation(brand.token, participationId)).status).toBe("PARTICIPATION_STATUS_CONTENT_SUBMITTED");
  });
});

describe("review", () => {
  it("REJECT sets REJECTED_BY_REVIEWER, keeps the reviewer's words, and the post can be resubmitted", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server);
    const contentUrl = instagramUrl();
    const first = await submit(server, influencer, participationId, { contentUrl });

    const rejected = await review(server, brand, first.submission.id, "REJECT", "The logo is not visible");
    expect(rejected.submission).toMatchObject({ status: "REJECTED", rejectionReason: "REJECTED_BY_REVIEWER", reviewerNote: "The logo is not visible" });
    // The only live submission is gone, so the participation waits for content again.
    expect(rejected.participation.status).toBe("PARTICIPATION_STATUS_PENDING");

    const again = await submit(server, influencer, participationId, { contentUrl });
    expect(again.submission.status).toBe("PENDING");
    expect(again.submission.id).not.toBe(first.submission.id);
    expect(again.participation.status).toBe("PARTICIPATION_STATUS_CONTENT_SUBMITTED");

    const read = await participation(brand.token, participationId);
    expect(read.submissions.totalCount).toBe(2);
    expect(read.submissions.edges.map((edge: any) => edge.node.status)).toEqual(["REJECTED", "PENDING"]);
  });

  it("a reviewed submission cannot be reviewed the other way; repeating the same review changes nothing", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server);
    const { submission } = await submit(server, influencer, participationId);
    const REVIEW = `mutation($input: ReviewSubmissionInput!) { reviewSubmission(input: $input) { submission { id status rejectionReason } participation { status } } }`;

    await review(server, brand, submission.id, "APPROVE");
    const repeated = await review(server, brand, submission.id, "APPROVE");
    expect(repeated.submission.status).toBe("ACCEPTED");
    expect(await errorCode(server, REVIEW, { input: { submissionId: submission.id, action: "REJECT", reason: "changed my mind" } }, brand.token)).toBe("CONFLICT");

    const stored = (await ok(server, SUBMISSION, { id: submission.id }, brand.token)).submission;
    expect(stored).toMatchObject({ status: "ACCEPTED", rejectionReason: null, reviewerNote: null });
  });

  it("a submission rejected by validation cannot be approved by the owner", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server, { requiredHashtags: ["#needed"] });
    const { submission } = await expectRejected(influencer, participationId, {}, "MISSING_REQUIRED_HASHTAGS");
    expect(
      await errorCode(server, `mutation($input: ReviewSubmissionInput!) { reviewSubmission(input: $input) { submission { id } } }`, { input: { submissionId: submission.id, action: "APPROVE" } }, brand.token),
    ).toBe("CONFLICT");
    expect((await participation(brand.token, participationId)).status).toBe("PARTICIPATION_STATUS_PENDING");
  });

  it("approveParticipation accepts every pending submission", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server, { submissionLimit: 3 });
    // Nothing submitted yet: there is nothing to approve.
    expect(await errorCode(server, participationMutation("approveParticipation"), { id: participationId }, brand.token)).toBe("CONFLICT");

    const a = await submit(server, influencer, participationId);
    const b = await submit(server, influencer, participationId);
    const approved = (await ok(server, participationMutation("approveParticipation"), { id: participationId }, brand.token)).approveParticipation;
    expect(approved.participation.status).toBe("PARTICIPATION_STATUS_APPROVED");

    const read = await participation(brand.token, participationId);
    expect(read.submissions.edges.map((edge: any) => [edge.node.id, edge.node.status])).toEqual([
      [a.submission.id, "ACCEPTED"],
      [b.submission.id, "ACCEPTED"],
    ]);
    expect(read.trackingSummary).toMatchObject({ acceptedSubmissionCount: 2, trackedSubmissionCount: 2 });
  });

  it("completing a participation that is not APPROVED is CONFLICT", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server);
    expect(await errorCode(server, participationMutation("completeParticipation"), { id: participationId }, brand.token)).toBe("CONFLICT");
    await submit(server, influencer, participationId);
    expect(await errorCode(server, participationMutation("completeParticipation"), { id: participationId }, brand.token)).toBe("CONFLICT");
    expect((await participation(brand.token, participationId)).status).toBe("PARTICIPATION_STATUS_CONTENT_SUBMITTED");
  });
});

describe("final participation states", () => {
  it("leaveParticipation is final: no content, no rejoin, no owner moves", async () => {
    const { brand, influencer, campaignId, participationId } = await joinedParticipation(server);
    await submit(server, influencer, participationId);
    const left = (await ok(server, participationMutation("leaveParticipation"), { id: participationId }, influencer.token)).leaveParticipation;
    expect(left.participation.status).toBe("PARTICIPATION_STATUS_LEFT");

    const response = await server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl: instagramUrl() } }, influencer.token);
    expect(response.errors?.[0]?.extensions.code).toBe("CONFLICT");
    expect(await errorCode(server, JOIN, { id: campaignId }, influencer.token)).toBe("CONFLICT");
    for (const name of ["approveParticipation", "completeParticipation", "rejectParticipation"]) {
      expect(await errorCode(server, participationMutation(name), { id: participationId }, brand.token)).toBe("CONFLICT");
    }
    // Leaving twice is the same request twice: it succeeds and changes nothing.
    const again = (await ok(server, participationMutation("leaveParticipation"), { id: participationId }, influencer.token)).leaveParticipation;
    expect(again.participation.status).toBe("PARTICIPATION_STATUS_LEFT");
    const read = await participation(brand.token, participationId);
    expect(read.status).toBe("PARTICIPATION_STATUS_LEFT");
    expect(read.submissions.totalCount).toBe(1);
  });

  it("rejectParticipation is final, and only the owner may do it", async () => {
    const { brand, influencer, campaignId, participationId } = await joinedParticipation(server);
    expect(await errorCode(server, participationMutation("rejectParticipation"), { id: participationId }, influencer.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, participationMutation("leaveParticipation"), { id: participationId }, brand.token)).toBe("PERMISSION_DENIED");

    const rejected = (await ok(server, participationMutation("rejectParticipation"), { id: participationId }, brand.token)).rejectParticipation;
    expect(rejected.participation.status).toBe("PARTICIPATION_STATUS_REJECTED");

    const response = await server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl: instagramUrl() } }, influencer.token);
    expect(response.errors?.[0]?.extensions.code).toBe("CONFLICT");
    expect(await errorCode(server, JOIN, { id: campaignId }, influencer.token)).toBe("CONFLICT");
    expect(await errorCode(server, participationMutation("leaveParticipation"), { id: participationId }, influencer.token)).toBe("CONFLICT");
    expect(await errorCode(server, participationMutation("approveParticipation"), { id: participationId }, brand.token)).toBe("CONFLICT");
    const read = await participation(influencer.token, participationId);
    expect(read.status).toBe("PARTICIPATION_STATUS_REJECTED");
    expect(read.submissions.totalCount).toBe(0);
  });
});

describe("joining", () => {
  it("joining twice returns the same participation with created:false", async () => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    const campaignId = await createActiveCampaign(server, brand);
    const first = (await ok(server, JOIN, { id: campaignId }, influencer.token)).joinCampaign;
    const second = (await ok(server, JOIN, { id: campaignId }, influencer.token)).joinCampaign;
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, participation: first.participation });

    const list = await ok(server, `query($id: ID!) { campaign(id: $id) { participations { totalCount } } }`, { id: campaignId }, brand.token);
    expect(list.campaign.participations.totalCount).toBe(1);
    // A brand cannot join.
    expect(await errorCode(server, JOIN, { id: campaignId }, brand.token)).toBe("PERMISSION_DENIED");
  });

  it("a paused campaign cannot be joined, but an existing participation is still returned", async () => {
    const brand = await signUp(server, "BRAND");
    const member = await signUp(server, "INFLUENCER");
    const newcomer = await signUp(server, "INFLUENCER");
    const campaignId = await createActiveCampaign(server, brand);
    const participationId = await join(server, member, campaignId);
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_PAUSED");
    expect(await errorCode(server, JOIN, { id: campaignId }, newcomer.token)).toBe("CONFLICT");
    const again = (await ok(server, JOIN, { id: campaignId }, member.token)).joinCampaign;
    expect(again).toMatchObject({ created: false, participation: { id: participationId } });
  });
});

describe("campaign lifecycle", () => {
  const move = (brand: Actor, id: string, status: string) => server.gql(SET_STATUS, { id, status }, brand.token);

  it("DRAFT → ACTIVE ⇄ PAUSED → COMPLETED, with completedAt set on completion", async () => {
    const brand = await signUp(server, "BRAND");
    const id = await createCampaign(server, brand);
    expect(await campaignStatus(brand, id)).toMatchObject({ status: "CAMPAIGN_DRAFT", completedAt: null });
    for (const status of ["CAMPAIGN_ACTIVE", "CAMPAIGN_PAUSED", "CAMPAIGN_ACTIVE", "CAMPAIGN_PAUSED"]) {
      const response = await move(brand, id, status);
      expect(response.errors).toBeUndefined();
      expect(response.data.setCampaignStatus.campaign).toMatchObject({ status, completedAt: null });
    }
    const before = Date.now();
    const completed = (await move(brand, id, "CAMPAIGN_COMPLETED")).data.setCampaignStatus.campaign;
    expect(completed.status).toBe("CAMPAIGN_COMPLETED");
    expect(completed.completedAt).toMatch(/Z$/);
    expect(Math.abs(new Date(completed.completedAt).getTime() - before)).toBeLessThan(60_000);

    for (const status of ["CAMPAIGN_ACTIVE", "CAMPAIGN_PAUSED", "CAMPAIGN_DRAFT", "CAMPAIGN_CANCELLED"]) {
      const response = await move(brand, id, status);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", details: { from: "CAMPAIGN_COMPLETED", to: status } });
    }
    // A final campaign is not editable either.
    expect(await errorCode(server, UPDATE, { id, input: { title: "new title" } }, brand.token)).toBe("CONFLICT");
    expect(await campaignStatus(brand, id)).toMatchObject({ status: "CAMPAIGN_COMPLETED", completedAt: completed.completedAt });
  });

  it("CANCELLED is reachable from every non-final state and is final", async () => {
    const brand = await signUp(server, "BRAND");
    const paths: Record<string, string[]> = {
      CAMPAIGN_DRAFT: [],
      CAMPAIGN_PENDING: ["CAMPAIGN_PENDING"],
      CAMPAIGN_ACTIVE: ["CAMPAIGN_ACTIVE"],
      CAMPAIGN_PAUSED: ["CAMPAIGN_ACTIVE", "CAMPAIGN_PAUSED"],
    };
    for (const [from, path] of Object.entries(paths)) {
      const id = await createCampaign(server, brand);
      for (const status of path) await setCampaignStatus(server, brand, id, status);
      expect((await campaignStatus(brand, id)).status).toBe(from);
      const response = await move(brand, id, "CAMPAIGN_CANCELLED");
      expect(response.errors).toBeUndefined();
      expect(response.data.setCampaignStatus.campaign).toMatchObject({ status: "CAMPAIGN_CANCELLED", completedAt: null });
      for (const status of ["CAMPAIGN_ACTIVE", "CAMPAIGN_COMPLETED", "CAMPAIGN_DRAFT"]) {
        expect((await move(brand, id, status)).errors?.[0]?.extensions.code).toBe("CONFLICT");
      }
    }
  });

  it("skipping or reversing steps is CONFLICT, and only the owner moves a campaign", async () => {
    const brand = await signUp(server, "BRAND");
    const id = await createCampaign(server, brand);
    expect((await move(brand, id, "CAMPAIGN_PAUSED")).errors?.[0]?.extensions.code).toBe("CONFLICT");
    expect((await move(brand, id, "CAMPAIGN_COMPLETED")).errors?.[0]?.extensions.code).toBe("CONFLICT");
    await setCampaignStatus(server, brand, id, "CAMPAIGN_ACTIVE");
    expect((await move(brand, id, "CAMPAIGN_DRAFT")).errors?.[0]?.extensions.code).toBe("CONFLICT");
    expect((await move(brand, id, "CAMPAIGN_PENDING")).errors?.[0]?.extensions.code).toBe("CONFLICT");
    // The same move twice is a success that changes nothing.
    expect((await move(brand, id, "CAMPAIGN_ACTIVE")).data.setCampaignStatus.campaign.status).toBe("CAMPAIGN_ACTIVE");

    const other = await signUp(server, "BRAND");
    expect((await move(other, id, "CAMPAIGN_PAUSED")).errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    const influencer = await signUp(server, "INFLUENCER");
    expect((await move(influencer, id, "CAMPAIGN_PAUSED")).errors?.[0]?.extensions.code).toBe("PERMISSION_DENIED");
    expect((await campaignStatus(brand, id)).status).toBe("CAMPAIGN_ACTIVE");
  });
});

describe("tracking", () => {
  it("lowering submissionLimit after 3 accepted leaves 3 accepted and the first 2 tracked", async () => {
    const { brand, influencer, campaignId, participationId } = await joinedParticipation(server, { submissionLimit: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { submission } = await submit(server, influencer, participationId);
      await review(server, brand, submission.id, "APPROVE");
      ids.push(submission.id);
    }
    let read = await participation(brand.token, participationId);
    expect(read.trackingSummary).toEqual({ submissionLimit: 3, acceptedSubmissionCount: 3, trackedSubmissionCount: 3 });

    // Lowered while the campaign is ACTIVE.
    expect((await campaignStatus(brand, campaignId)).status).toBe("CAMPAIGN_ACTIVE");
    const updated = (await ok(server, UPDATE, { id: campaignId, input: { submissionLimit: 2 } }, brand.token)).updateCampaign;
    expect(updated.campaign.submissionLimit).toBe(2);

    read = await participation(influencer.token, participationId);
    expect(read.trackingSummary).toEqual({ submissionLimit: 2, acceptedSubmissionCount: 3, trackedSubmissionCount: 2 });
    expect(read.submissions.edges.map((edge: any) => [edge.node.id, edge.node.status, edge.node.isTracked, edge.node.trackingReason])).toEqual([
      [ids[0], "ACCEPTED", true, "WITHIN_SUBMISSION_LIMIT"],
      [ids[1], "ACCEPTED", true, "WITHIN_SUBMISSION_LIMIT"],
      [ids[2], "ACCEPTED", false, "OVER_SUBMISSION_LIMIT"],
    ]);
    // The participation already holds more live submissions than the new limit.
    await expectRejected(influencer, participationId, {}, "SUBMISSION_LIMIT_REACHED");
  });

  it("pending and rejected submissions are not tracked", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server, { submissionLimit: 3 });
    const pending = await submit(server, influencer, participationId);
    const rejected = await submit(server, influencer, participationId);
    await review(server, brand, rejected.submission.id, "REJECT");
    const read = await participation(brand.token, participationId);
    expect(read.trackingSummary).toEqual({ submissionLimit: 3, acceptedSubmissionCount: 0, trackedSubmissionCount: 0 });
    const byId = Object.fromEntries(read.submissions.edges.map((edge: any) => [edge.node.id, edge.node]));
    expect(byId[pending.submission.id]).toMatchObject({ isTracked: false, trackingReason: "NOT_ACCEPTED" });
    expect(byId[rejected.submission.id]).toMatchObject({ isTracked: false, trackingReason: "NOT_ACCEPTED" });
  });
});

describe("submission rules, each rejection stored with its reason", () => {
  it("CAMPAIGN_NOT_ACTIVE: the campaign was paused after joining", async () => {
    const { brand, influencer, campaignId, participationId } = await joinedParticipation(server);
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_PAUSED");
    const { participation: after } = await expectRejected(influencer, participationId, {}, "CAMPAIGN_NOT_ACTIVE");
    expect(after.status).toBe("PARTICIPATION_STATUS_PENDING");
    // Active again: the same post now passes.
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_ACTIVE");
    expect((await submit(server, influencer, participationId)).submission.status).toBe("PENDING");
  });

  it("CAMPAIGN_NOT_ACTIVE: the campaign was completed", async () => {
    const { brand, influencer, campaignId, participationId } = await joinedParticipation(server);
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_COMPLETED");
    await expectRejected(influencer, participationId, {}, "CAMPAIGN_NOT_ACTIVE");
  });

  it("SUBMISSION_LIMIT_REACHED: live (pending or accepted) submissions count, rejected ones do not", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server, { submissionLimit: 2 });
    const first = await submit(server, influencer, participationId);
    await review(server, brand, first.submission.id, "APPROVE");
    await submit(server, influencer, participationId); // PENDING
    const { participation: after } = await expectRejected(influencer, participationId, {}, "SUBMISSION_LIMIT_REACHED");
    expect(after.status).toBe("PARTICIPATION_STATUS_APPROVED");
    // Rejected submissions (by validation above, or by the reviewer) free no slot and take none.
    const read = await participation(brand.token, participationId);
    const pending = read.submissions.edges.find((edge: any) => edge.node.status === "PENDING").node;
    await review(server, brand, pending.id, "REJECT", "blurry");
    expect((await submit(server, influencer, participationId)).submission.status).toBe("PENDING");
    expect((await participation(brand.token, participationId)).submissions.totalCount).toBe(4);
  });

  it("CONTENT_TYPE_NOT_ALLOWED: a platform the campaign does not allow", async () => {
    const { influencer, participationId } = await joinedParticipation(server, { allowedPlatforms: ["TIKTOK"] });
    await expectRejected(influencer, participationId, {}, "CONTENT_TYPE_NOT_ALLOWED");
  });

  it("CONTENT_TYPE_NOT_ALLOWED: a content type the campaign does not allow (declared or inferred)", async () => {
    const { influencer, participationId } = await joinedParticipation(server, { allowedPlatforms: ["INSTAGRAM"], allowedContentTypes: ["REEL"] });
    await expectRejected(influencer, participationId, { contentType: "STORY" }, "CONTENT_TYPE_NOT_ALLOWED");
    // An Instagram /p/ URL is a POST when no type is declared.
    await expectRejected(influencer, participationId, {}, "CONTENT_TYPE_NOT_ALLOWED");
    const reel = await submit(server, influencer, participationId, { contentUrl: `https://www.instagram.com/reel/C${unique()}/` });
    expect(reel.submission).toMatchObject({ status: "PENDING", contentType: "REEL" });
  });

  it("MISSING_REQUIRED_HASHTAGS", async () => {
    const { influencer, participationId } = await joinedParticipation(server, { requiredHashtags: ["#summer", "#sale"] });
    await expectRejected(influencer, participationId, { declaredHashtags: ["#summer"] }, "MISSING_REQUIRED_HASHTAGS");
    await expectRejected(influencer, participationId, {}, "MISSING_REQUIRED_HASHTAGS");
  });

  it("MISSING_REQUIRED_MENTIONS", async () => {
    const { influencer, participationId } = await joinedParticipation(server, { requiredMentions: ["@varmply", "@brand"] });
    await expectRejected(influencer, participationId, { declaredMentions: ["@varmply"] }, "MISSING_REQUIRED_MENTIONS");
  });

  it("INTEGRATION_NOT_ELIGIBLE: no connected account for the platform", async () => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    const campaignId = await createActiveCampaign(server, brand);
    await connectAccount(server, influencer, "TIKTOK"); // an account, but not for Instagram
    const participationId = await join(server, influencer, campaignId);
    await expectRejected(influencer, participationId, {}, "INTEGRATION_NOT_ELIGIBLE");
  });

  it("INTEGRATION_NOT_ELIGIBLE: an expired account with no refresh token; eligible again with one", async () => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    const campaignId = await createActiveCampaign(server, brand);
    const expiresAt = new Date(Date.now() - 3600_000).toISOString();
    await connectAccount(server, influencer, "INSTAGRAM", { externalAccountId: "ig-expired", refreshToken: null, expiresAt });
    const participationId = await join(server, influencer, campaignId);
    await expectRejected(influencer, participationId, {}, "INTEGRATION_NOT_ELIGIBLE");

    // An expired access token that can still be refreshed is usable.
    await connectAccount(server, influencer, "INSTAGRAM", { externalAccountId: "ig-expired", refreshToken: "refresh-me", expiresAt });
    expect((await submit(server, influencer, participationId)).submission.status).toBe("PENDING");
  });

  it("INTEGRATION_NOT_ELIGIBLE: a disconnected (revoked) account", async () => {
    const { influencer, participationId } = await joinedParticipation(server);
    const accounts = await ok(server, `{ viewer { socialAccounts { id platform } } }`, {}, influencer.token);
    const accountId = accounts.viewer.socialAccounts[0].id;
    await ok(server, `mutation($id: ID!) { disconnectSocialAccount(id: $id) { socialAccount { status } } }`, { id: accountId }, influencer.token);
    await expectRejected(influencer, participationId, {}, "INTEGRATION_NOT_ELIGIBLE");
  });

  it("applies the rules in order: a submission failing several gets the earliest reason", async () => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER"); // no account connected: rule 6 fails throughout
    const campaignId = await createActiveCampaign(server, brand, {
      submissionLimit: 1,
      allowedContentTypes: ["REEL"],
      requiredHashtags: ["#tag"],
      requiredMentions: ["@brand"],
    });
    const participationId = await join(server, influencer, campaignId);
    const reel = () => `https://www.instagram.com/reel/C${unique()}/`;

    // Failing 3, 4, 5 and 6: the content type wins; then each fix exposes the next rule.
    await expectRejected(influencer, participationId, {}, "CONTENT_TYPE_NOT_ALLOWED");
    await expectRejected(influencer, participationId, { contentUrl: reel() }, "MISSING_REQUIRED_HASHTAGS");
    await expectRejected(influencer, participationId, { contentUrl: reel(), declaredHashtags: ["tag"] }, "MISSING_REQUIRED_MENTIONS");
    const valid = { declaredHashtags: ["tag"], declaredMentions: ["brand"] };
    await expectRejected(influencer, participationId, { contentUrl: reel(), ...valid }, "INTEGRATION_NOT_ELIGIBLE");
    await connectAccount(server, influencer, "INSTAGRAM");
    expect((await submit(server, influencer, participationId, { contentUrl: reel(), ...valid })).submission.status).toBe("PENDING");

    // The limit (1 live) is now reached: it comes before the content type...
    await expectRejected(influencer, participationId, {}, "SUBMISSION_LIMIT_REACHED");
    // ...and a paused campaign comes before the limit.
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_PAUSED");
    await expectRejected(influencer, participationId, {}, "CAMPAIGN_NOT_ACTIVE");

    const read = await participation(brand.token, participationId);
    expect(read.submissions.edges.map((edge: any) => edge.node.rejectionReason)).toEqual([
      "CONTENT_TYPE_NOT_ALLOWED",
      "MISSING_REQUIRED_HASHTAGS",
      "MISSING_REQUIRED_MENTIONS",
      "INTEGRATION_NOT_ELIGIBLE",
      null,
      "SUBMISSION_LIMIT_REACHED",
      "CAMPAIGN_NOT_ACTIVE",
    ]);
  });

  it("matches hashtags and mentions ignoring case and the leading sign", async () => {
    const { influencer, participationId } = await joinedParticipation(server, {
      submissionLimit: 5,
      requiredHashtags: ["#SummerSale", "Beach"],
      requiredMentions: ["@VarmplyBrand"],
    });
    const variants = [
      { declaredHashtags: ["summersale", "#BEACH"], declaredMentions: ["varmplybrand"] },
      { declaredHashtags: ["#SUMMERSALE", "beach", "#extra"], declaredMentions: ["@VARMPLYBRAND"] },
      { declaredHashtags: ["##summerSale", " #Beach "], declaredMentions: ["@varmplyBrand"] },
    ];
    for (const tags of variants) {
      expect((await submit(server, influencer, participationId, tags)).submission).toMatchObject({ status: "PENDING", rejectionReason: null });
    }
    // A mention does not stand in for a hashtag.
    await expectRejected(influencer, participationId, { declaredHashtags: ["#beach"], declaredMentions: ["@summersale", "@varmplybrand"] }, "MISSING_REQUIRED_HASHTAGS");
  });

  it("matches tags in any script, whichever Unicode form they were typed in", async () => {
    const { influencer, participationId } = await joinedParticipation(server, { submissionLimit: 2, requiredHashtags: ["#Caf\u00e9", "#मेरा_भारत"] });
    const result = await submit(server, influencer, participationId, { declaredHashtags: ["#CAFE\u0301", "मेरा_भारत"] });
    expect(result.submission).toMatchObject({ status: "PENDING", rejectionReason: null });
  });

  it("infers the content type from the URL when none is declared", async () => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    const campaignId = await createActiveCampaign(server, brand, { submissionLimit: 10 });
    for (const platform of ["INSTAGRAM", "TIKTOK", "YOUTUBE", "FACEBOOK"]) await connectAccount(server, influencer, platform);
    const participationId = await join(server, influencer, campaignId);
    const id = () => String(7_000_000_000_000_000_000 + Math.floor(Math.random() * 1e15));
    const cases: [string, string, string][] = [
      ["INSTAGRAM", `https://www.instagram.com/reel/C${unique()}/`, "REEL"],
      ["INSTAGRAM", `https://www.instagram.com/p/C${unique()}/`, "POST"],
      ["YOUTUBE", `https://www.youtube.com/shorts/${unique()}x`, "SHORT"],
      ["YOUTUBE", `https://www.youtube.com/watch?v=${unique()}x`, "VIDEO"],
      ["TIKTOK", `https://www.tiktok.com/@creator/video/${id()}`, "VIDEO"],
      ["FACEBOOK", `https://www.facebook.com/reel/${id()}`, "REEL"],
    ];
    for (const [platform, contentUrl, contentType] of cases) {
      const { submission } = await submit(server, influencer, participationId, { platform, contentUrl });
      expect({ contentUrl, status: submission.status, contentType: submission.contentType }).toEqual({ contentUrl, status: "PENDING", contentType });
    }
    // A declared type wins over the inferred one.
    const declared = await submit(server, influencer, participationId, { contentUrl: `https://www.instagram.com/p/C${unique()}/`, contentType: "STORY" });
    expect(declared.submission.contentType).toBe("STORY");
  });

  it("a wrong-platform or unrecognised URL is VALIDATION_ERROR on contentUrl and stores nothing", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server);
    const cases: [string, string][] = [
      ["INSTAGRAM", "https://www.tiktok.com/@creator/video/7301234567890123456"],
      ["TIKTOK", instagramUrl()],
      ["INSTAGRAM", "https://www.instagram.com/creator/"],
      ["INSTAGRAM", "https://example.com/p/Cabc123/"],
      ["YOUTUBE", "https://www.youtube.com/watch?v=x"],
    ];
    for (const [platform, contentUrl] of cases) {
      const response = await server.gql(SUBMIT, { input: { participationId, platform, contentUrl } }, influencer.token);
      expect(response.status).toBe(200);
      expect(response.data?.submitContent).toBeUndefined();
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { contentUrl: expect.any(String) } } });
    }
    // Not a URL at all: the URL scalar refuses it before the service runs.
    const garbage = await server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl: "instagram post C123" } }, influencer.token);
    expect(garbage.status).toBe(400);
    expect(garbage.errors?.[0]?.extensions.code).toBe("VALIDATION_ERROR");
    expect(JSON.stringify(garbage.errors?.[0]?.extensions.details.fields)).toContain("contentUrl");

    const read = await participation(brand.token, participationId);
    expect(read.submissions.totalCount).toBe(0);
    expect(read.status).toBe("PARTICIPATION_STATUS_PENDING");
  });

  it("the same live media twice is CONFLICT, also through another URL form", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server, { submissionLimit: 5 });
    const code = `C${unique()}`;
    const first = await submit(server, influencer, participationId, { contentUrl: `https://www.instagram.com/p/${code}/` });
    for (const contentUrl of [`https://www.instagram.com/p/${code}/`, `https://instagram.com/p/${code}/?igsh=abc`, `https://www.instagram.com/creator/p/${code}`]) {
      const response = await server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl } }, influencer.token);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", details: { submissionId: first.submission.id } });
    }
    // Accepted is still live.
    await review(server, brand, first.submission.id, "APPROVE");
    const response = await server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl: `https://www.instagram.com/p/${code}/` } }, influencer.token);
    expect(response.errors?.[0]?.extensions.code).toBe("CONFLICT");
    expect((await participation(brand.token, participationId)).submissions.totalCount).toBe(1);
  });

  it("concurrent submits of the same post store one, and never exceed the limit", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server, { submissionLimit: 2 });
    const contentUrl = instagramUrl();
    const same = await Promise.all([1, 2, 3].map(() => server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl } }, influencer.token)));
    expect(same.filter((response) => response.data?.submitContent?.submission.status === "PENDING")).toHaveLength(1);
    expect(same.filter((response) => response.errors?.[0]?.extensions.code === "CONFLICT")).toHaveLength(2);

    const different = await Promise.all([1, 2, 3].map(() => submit(server, influencer, participationId)));
    expect(different.map((result) => result.submission.status).sort()).toEqual(["PENDING", "REJECTED", "REJECTED"]);
    const read = await participation(brand.token, participationId);
    expect(read.submissions.edges.filter((edge: any) => edge.node.status === "PENDING")).toHaveLength(2);
  });

  it("the same request rejected twice for the same reason stores one submission, and answers it both times", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server, { requiredHashtags: ["#ad"] });
    const input = { contentUrl: instagramUrl(), declaredHashtags: ["#summer"] };
    const first = await expectRejected(influencer, participationId, input, "MISSING_REQUIRED_HASHTAGS");
    const second = await expectRejected(influencer, participationId, input, "MISSING_REQUIRED_HASHTAGS");
    expect(second.submission.id).toBe(first.submission.id);
    // Another declaration is another request: stored on its own.
    const other = await expectRejected(influencer, participationId, { ...input, declaredHashtags: ["#winter"] }, "MISSING_REQUIRED_HASHTAGS");
    expect(other.submission.id).not.toBe(first.submission.id);
    expect((await participation(brand.token, participationId)).submissions.totalCount).toBe(2);
  });

  it("a post rejected by validation can be submitted again once fixed", async () => {
    const { influencer, participationId } = await joinedParticipation(server, { requiredHashtags: ["#ad"] });
    const contentUrl = instagramUrl();
    await expectRejected(influencer, participationId, { contentUrl }, "MISSING_REQUIRED_HASHTAGS");
    const fixed = await submit(server, influencer, participationId, { contentUrl, declaredHashtags: ["#ad"] });
    expect(fixed.submission.status).toBe("PENDING");
  });

  it("only the participating influencer may submit", async () => {
    const { brand, participationId } = await joinedParticipation(server);
    const response = await server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl: instagramUrl() } }, brand.token);
    expect(response.errors?.[0]?.extensions.code).toBe("PERMISSION_DENIED");
    const stranger = await signUp(server, "INFLUENCER");
    const hidden = await server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl: instagramUrl() } }, stranger.token);
    expect(hidden.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    expect((await participation(brand.token, participationId)).submissions.totalCount).toBe(0);
  });
});

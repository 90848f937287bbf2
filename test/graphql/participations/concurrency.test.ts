// Simultaneous requests over real HTTP. On the PostgreSQL server (DATABASE_URL) these are parallel
// transactions on separate connections; on PGlite they interleave on one connection. Either way the
// database must end up as if the requests had run one after another.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { SUBMIT, connectAccount, createActiveCampaign, instagramUrl, joinedParticipation, signUp, type Actor } from "../../support/factories.js";
import { campaigns, participations, submissions } from "../../../schema/tables.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const db = () => server.server.app.database.db;

async function participationIdOf(publicId: string): Promise<number> {
  const [row] = await db().select({ id: participations.id }).from(participations).where(eq(participations.publicId, publicId));
  return row!.id;
}

async function submissionRows(participationPublicId: string) {
  return db()
    .select()
    .from(submissions)
    .where(eq(submissions.participationId, await participationIdOf(participationPublicId)));
}

const submitAll = (influencer: Actor, participationId: string, urls: string[]) =>
  Promise.all(urls.map((contentUrl) => server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl } }, influencer.token)));

describe("submitContent", () => {
  it("20 simultaneous submits of different posts against a limit of 3: exactly 3 PENDING, 17 REJECTED with SUBMISSION_LIMIT_REACHED", async () => {
    const { influencer, participationId } = await joinedParticipation(server, { submissionLimit: 3 });
    const urls = Array.from({ length: 20 }, () => instagramUrl());
    const responses = await submitAll(influencer, participationId, urls);

    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    const outcomes = responses.map((response) => response.data.submitContent.submission);
    expect(outcomes.filter((s) => s.status === "PENDING")).toHaveLength(3);
    const rejected = outcomes.filter((s) => s.status === "REJECTED");
    expect(rejected).toHaveLength(17);
    expect(new Set(rejected.map((s) => s.rejectionReason))).toEqual(new Set(["SUBMISSION_LIMIT_REACHED"]));

    const rows = await submissionRows(participationId);
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((row) => row.externalMediaId)).size).toBe(20);
    expect(new Set(rows.map((row) => row.publicId))).toEqual(new Set(outcomes.map((s) => s.id)));
    expect(rows.filter((row) => row.status === "PENDING")).toHaveLength(3);
    expect(rows.filter((row) => row.status === "REJECTED" && row.rejectionReason === "SUBMISSION_LIMIT_REACHED")).toHaveLength(17);
    const [participation] = await db().select().from(participations).where(eq(participations.publicId, participationId));
    expect(participation!.status).toBe("PARTICIPATION_STATUS_CONTENT_SUBMITTED");
  });

  it("20 simultaneous submits of the same post: exactly one live row, the others CONFLICT", async () => {
    const { influencer, participationId } = await joinedParticipation(server, { submissionLimit: 5 });
    const url = instagramUrl();
    const responses = await submitAll(influencer, participationId, Array(20).fill(url));

    const succeeded = responses.filter((response) => !response.errors);
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0]!.data.submitContent.submission.status).toBe("PENDING");
    const codes = responses.filter((response) => response.errors).map((response) => response.errors![0]!.extensions.code);
    expect(codes).toEqual(Array(19).fill("CONFLICT"));

    const rows = await submissionRows(participationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "PENDING", publicId: succeeded[0]!.data.submitContent.submission.id });
  });
});

describe("joinCampaign", () => {
  it.each([2, 10])("%i simultaneous joins by one influencer create exactly one participation", async (n) => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    await connectAccount(server, influencer);
    const campaignId = await createActiveCampaign(server, brand);

    const responses = await Promise.all(
      Array.from({ length: n }, () =>
        server.gql(`mutation($id: ID!) { joinCampaign(campaignId: $id) { created participation { id status } } }`, { id: campaignId }, influencer.token),
      ),
    );
    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    const payloads = responses.map((response) => response.data.joinCampaign);
    expect(payloads.filter((payload) => payload.created)).toHaveLength(1);
    expect(new Set(payloads.map((payload) => payload.participation.id)).size).toBe(1);

    const [campaign] = await db().select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.publicId, campaignId));
    const [count] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(participations)
      .where(eq(participations.campaignId, campaign!.id));
    expect(count!.n).toBe(1);
  });
});

describe("setCampaignStatus", () => {
  const SET = `mutation($id: ID!, $status: CampaignStatus!) { setCampaignStatus(id: $id, status: $status) { campaign { status completedAt } } }`;
  const FINAL = ["CAMPAIGN_COMPLETED", "CAMPAIGN_CANCELLED"];
  const ALLOWED: Record<string, string[]> = {
    CAMPAIGN_DRAFT: ["CAMPAIGN_PENDING", "CAMPAIGN_ACTIVE", "CAMPAIGN_CANCELLED"],
    CAMPAIGN_PENDING: ["CAMPAIGN_ACTIVE", "CAMPAIGN_CANCELLED"],
    CAMPAIGN_ACTIVE: ["CAMPAIGN_PAUSED", "CAMPAIGN_COMPLETED", "CAMPAIGN_CANCELLED"],
    CAMPAIGN_PAUSED: ["CAMPAIGN_ACTIVE", "CAMPAIGN_COMPLETED", "CAMPAIGN_CANCELLED"],
  };

  async function campaignRow(publicId: string) {
    const [row] = await db().select().from(campaigns).where(eq(campaigns.publicId, publicId));
    return row!;
  }

  it("racing COMPLETED against CANCELLED: exactly one final status wins, the losers are CONFLICT", async () => {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, brand);
    const targets = Array.from({ length: 20 }, (_, i) => FINAL[i % 2]!);
    const responses = await Promise.all(targets.map((status) => server.gql(SET, { id: campaignId, status }, brand.token)));

    const row = await campaignRow(campaignId);
    expect(FINAL).toContain(row.status);
    expect(row.completedAt !== null).toBe(row.status === "CAMPAIGN_COMPLETED");
    responses.forEach((response, i) => {
      if (response.errors) expect(response.errors[0]!.extensions.code).toBe("CONFLICT");
      // A success can only be the winner's status (a repeat of it is answered idempotently).
      else expect(response.data.setCampaignStatus.campaign.status).toBe(targets[i]);
      if (!response.errors) expect(targets[i]).toBe(row.status);
    });
    expect(responses.filter((response) => !response.errors).length).toBeGreaterThanOrEqual(1);
  });

  it("a storm of moves between every status never leaves the campaign somewhere it could not legally reach", async () => {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, brand);
    const moves = ["CAMPAIGN_PAUSED", "CAMPAIGN_ACTIVE", "CAMPAIGN_PAUSED", "CAMPAIGN_ACTIVE", "CAMPAIGN_DRAFT", "CAMPAIGN_PENDING", "CAMPAIGN_PAUSED", "CAMPAIGN_ACTIVE", "CAMPAIGN_COMPLETED", "CAMPAIGN_CANCELLED"];
    for (let round = 0; round < 3; round++) {
      const responses = await Promise.all(moves.map((status) => server.gql(SET, { id: campaignId, status }, brand.token)));
      for (const response of responses) {
        if (response.errors) expect(response.errors[0]!.extensions.code).toBe("CONFLICT");
      }
      // DRAFT and PENDING can never come back once the campaign has been active.
      for (const [i, response] of responses.entries()) {
        if (["CAMPAIGN_DRAFT", "CAMPAIGN_PENDING"].includes(moves[i]!)) expect(response.errors?.[0]?.extensions.code).toBe("CONFLICT");
      }
      const row = await campaignRow(campaignId);
      expect(["CAMPAIGN_ACTIVE", "CAMPAIGN_PAUSED", ...FINAL]).toContain(row.status);
      expect(row.completedAt !== null).toBe(row.status === "CAMPAIGN_COMPLETED");
      if (FINAL.includes(row.status)) break;
    }
    // Once final, nothing moves it.
    const final = (await campaignRow(campaignId)).status;
    if (FINAL.includes(final)) {
      const responses = await Promise.all(Object.keys(ALLOWED).map((status) => server.gql(SET, { id: campaignId, status }, brand.token)));
      expect(responses.map((response) => response.errors?.[0]?.extensions.code)).toEqual(Object.keys(ALLOWED).map(() => "CONFLICT"));
      expect((await campaignRow(campaignId)).status).toBe(final);
    }
  });
});

// Nested lists cost a constant number of SQL statements (STYLE "Count the queries"): the dashboard query
// sends as many statements for a brand with 100 campaigns as for one with 10.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { startTestServer, type TestServer } from "../support/server.js";
import { ok, signUp, type Actor } from "../support/factories.js";
import { newPublicId } from "../../src/shared/ids.js";
import { campaigns, participations, submissions, users } from "../../schema/tables.js";

const INFLUENCERS_PER_CAMPAIGN = 3;
const SUBMISSION_LIMIT = 2;
/** Per participation: three accepted (one over the limit, so isTracked varies) and one pending. */
const SUBMISSION_STATUSES = ["ACCEPTED", "ACCEPTED", "ACCEPTED", "PENDING"] as const;

let server: TestServer;
let influencers: Actor[];

beforeAll(async () => {
  server = await startTestServer();
  influencers = [];
  for (let i = 0; i < INFLUENCERS_PER_CAMPAIGN; i++) influencers.push(await signUp(server, "INFLUENCER"));
});
afterAll(() => server?.close());

const db = () => server.server.app.database.db;

async function userIdOf(actor: Actor): Promise<number> {
  const [row] = await db().select({ id: users.id }).from(users).where(eq(users.publicId, actor.id));
  return row!.id;
}

/** A brand owning `count` active campaigns, each joined by every influencer, each of whom submitted four posts. */
async function brandWithCampaigns(count: number): Promise<Actor> {
  const brand = await signUp(server, "BRAND");
  const ownerId = await userIdOf(brand);
  const influencerIds = await Promise.all(influencers.map(userIdOf));
  const campaignRows = await db()
    .insert(campaigns)
    .values(
      Array.from({ length: count }, (_, i) => ({
        publicId: newPublicId("campaign"),
        ownerId,
        title: `Campaign ${i}`,
        currency: "USD",
        status: "CAMPAIGN_ACTIVE" as const,
        submissionLimit: SUBMISSION_LIMIT,
      })),
    )
    .returning({ id: campaigns.id });
  const participationRows = await db()
    .insert(participations)
    .values(
      campaignRows.flatMap((campaign) =>
        influencerIds.map((influencerId) => ({
          publicId: newPublicId("participation"),
          campaignId: campaign.id,
          influencerId,
          status: "PARTICIPATION_STATUS_APPROVED" as const,
        })),
      ),
    )
    .returning({ id: participations.id });
  await db()
    .insert(submissions)
    .values(
      participationRows.flatMap((participation) =>
        SUBMISSION_STATUSES.map((status, i) => ({
          publicId: newPublicId("submission"),
          participationId: participation.id,
          platform: "INSTAGRAM" as const,
          contentUrl: `https://www.instagram.com/p/P${participation.id}x${i}/`,
          externalMediaId: `P${participation.id}x${i}`,
          declaredContentType: "POST" as const,
          status,
        })),
      ),
    );
  return brand;
}

/** Runs an operation and returns its data with the number of SQL statements the server sent for it. */
async function counted(query: string, variables: Record<string, unknown>, token: string) {
  const { result: data, statements } = await server.countStatements(() => ok(server, query, variables, token));
  return { data, statements };
}

// Inner page sizes small enough for the server's default cost limit (list costs multiply by `first`).
const DASHBOARD = `query Dashboard {
  campaigns(first: 100) {
    totalCount
    edges { node {
      id title status
      owner { id displayName email }
      participations(first: 4) {
        totalCount
        edges { node {
          id status
          influencer { id displayName }
          trackingSummary { submissionLimit acceptedSubmissionCount trackedSubmissionCount }
          submissions(first: 4) { totalCount edges { node { id status isTracked trackingReason } } }
        } }
      }
    } }
  }
}`;

describe("the campaigns dashboard", () => {
  let statements10: number;
  let statements100: number;

  it("costs the same number of statements for 10 campaigns as for 100", async () => {
    const small = await brandWithCampaigns(10);
    const large = await brandWithCampaigns(100);

    const ten = await counted(DASHBOARD, {}, small.token);
    const hundred = await counted(DASHBOARD, {}, large.token);
    statements10 = ten.statements;
    statements100 = hundred.statements;

    // The data is all there, so the counts compare like with like.
    expect(ten.data.campaigns.totalCount).toBe(10);
    expect(ten.data.campaigns.edges).toHaveLength(10);
    expect(hundred.data.campaigns.totalCount).toBe(100);
    expect(hundred.data.campaigns.edges).toHaveLength(100);
    for (const { node: campaign } of [...ten.data.campaigns.edges, ...hundred.data.campaigns.edges]) {
      expect(campaign.owner.email).toMatch(/@/);
      expect(campaign.participations.totalCount).toBe(INFLUENCERS_PER_CAMPAIGN);
      expect(new Set(campaign.participations.edges.map((edge: any) => edge.node.influencer.id))).toEqual(new Set(influencers.map((i) => i.id)));
      for (const { node: participation } of campaign.participations.edges) {
        expect(participation.trackingSummary).toEqual({ submissionLimit: SUBMISSION_LIMIT, acceptedSubmissionCount: 3, trackedSubmissionCount: 2 });
        const subs = participation.submissions.edges.map((edge: any) => edge.node);
        expect(subs.map((s: any) => [s.status, s.isTracked, s.trackingReason])).toEqual([
          ["ACCEPTED", true, "WITHIN_SUBMISSION_LIMIT"],
          ["ACCEPTED", true, "WITHIN_SUBMISSION_LIMIT"],
          ["ACCEPTED", false, "OVER_SUBMISSION_LIMIT"],
          ["PENDING", false, "NOT_ACCEPTED"],
        ]);
      }
    }

    console.info(`dashboard query: ${statements10} SQL statements for 10 campaigns, ${statements100} for 100`);
    expect(statements100).toBe(statements10);
    // A snapshot, as Saleor keeps them: the viewer, the campaigns page (with its total), the participations
    // page, the influencers, the submissions page, the tracking ranks; the owner is the viewer, whose row the
    // request already holds (src/context.ts). A change here is a change in the cost of the dashboard: update it knowingly.
    expect(statements10).toBe(6);
  });

  it("the brand's participations list with nested campaign, owner, influencer and submissions is constant too", async () => {
    const brands = [await brandWithCampaigns(2), await brandWithCampaigns(40)];
    const LIST = `{
      participations(first: 100) {
        totalCount
        edges { node {
          id
          campaign { id owner { id } submissionLimit }
          influencer { id }
          trackingSummary { trackedSubmissionCount }
          submissions(first: 5) { edges { node { id isTracked participation { id } } } }
        } }
      }
    }`;
    const [few, many] = [await counted(LIST, {}, brands[0]!.token), await counted(LIST, {}, brands[1]!.token)];
    expect(few.data.participations.totalCount).toBe(2 * INFLUENCERS_PER_CAMPAIGN);
    expect(many.data.participations.edges).toHaveLength(100);
    expect(many.statements).toBe(few.statements);
  });
});

describe("one participation", () => {
  it("node(id) and participation(id) cost the same for 1 submission as for 40", async () => {
    const brand = await signUp(server, "BRAND");
    const ownerId = await userIdOf(brand);
    const influencerId = await userIdOf(influencers[0]!);
    const [campaign] = await db()
      .insert(campaigns)
      .values({ publicId: newPublicId("campaign"), ownerId, title: "One", currency: "EUR", status: "CAMPAIGN_ACTIVE", submissionLimit: 5 })
      .returning({ id: campaigns.id });
    const [campaign2] = await db()
      .insert(campaigns)
      .values({ publicId: newPublicId("campaign"), ownerId, title: "Two", currency: "EUR", status: "CAMPAIGN_ACTIVE", submissionLimit: 5 })
      .returning({ id: campaigns.id });
    const made = await db()
      .insert(participations)
      .values([
        { publicId: newPublicId("participation"), campaignId: campaign!.id, influencerId, status: "PARTICIPATION_STATUS_APPROVED" as const },
        { publicId: newPublicId("participation"), campaignId: campaign2!.id, influencerId, status: "PARTICIPATION_STATUS_APPROVED" as const },
      ])
      .returning();
    const [small, large] = made as [(typeof made)[0], (typeof made)[0]];
    const submissionValues = (participationId: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        publicId: newPublicId("submission"),
        participationId,
        platform: "INSTAGRAM" as const,
        contentUrl: `https://www.instagram.com/p/Q${participationId}x${i}/`,
        externalMediaId: `Q${participationId}x${i}`,
        declaredContentType: "POST" as const,
        status: "ACCEPTED" as const,
      }));
    await db().insert(submissions).values([...submissionValues(small.id, 1), ...submissionValues(large.id, 40)]);

    const FIELDS = `id status
      campaign { id title owner { id displayName } }
      influencer { id displayName }
      trackingSummary { acceptedSubmissionCount trackedSubmissionCount }
      submissions(first: 50) { totalCount edges { node { id isTracked trackingReason participation { id status } } } }`;
    const NODE = `query($id: ID!) { node(id: $id) { ... on Participation { ${FIELDS} } } }`;
    const ONE = `query($id: ID!) { participation(id: $id) { ${FIELDS} } }`;

    for (const [document, field] of [[NODE, "node"], [ONE, "participation"]] as const) {
      for (const token of [brand.token, influencers[0]!.token]) {
        const one = await counted(document, { id: small.publicId }, token);
        const forty = await counted(document, { id: large.publicId }, token);
        expect(one.data[field].submissions.totalCount).toBe(1);
        expect(forty.data[field].submissions.totalCount).toBe(40);
        expect(forty.data[field].trackingSummary).toEqual({ acceptedSubmissionCount: 40, trackedSubmissionCount: 5 });
        expect(forty.data[field].submissions.edges.filter((edge: any) => edge.node.isTracked)).toHaveLength(5);
        expect(forty.statements).toBe(one.statements);
        // viewer, the participation with its campaign (one statement, src/participations/participation.access.ts),
        // the influencer or the owner (the other is the viewer, already loaded: src/context.ts), tracking,
        // submissions page; the submissions' participation is the one already loaded.
        expect(one.statements).toBe(5);
      }
    }
  });
});

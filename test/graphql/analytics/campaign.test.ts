// Campaign analytics (the brand's dashboard), participation aggregates and who may read analytics in
// GraphQL (docs/decisions.md: the creator, the paying brand and admins; 404 for anyone who cannot see the object,
// 403 for one who sees the campaign but does not own it). Expectations are computed by hand in comments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { connectAccount, createActiveCampaign, errorCode, join, ok, signUp, submit, type Actor } from "../../support/factories.js";
import {
  CAMPAIGN_ANALYTICS,
  PARTICIPATION_ANALYTICS,
  SUBMISSION_ANALYTICS,
  addAccepted,
  db,
  insertAttempt,
  insertSnapshots,
  pointsOf,
  setEarnings,
} from "../../support/analytics.js";
import { campaignCsv, csvField } from "../../../src/analytics/analytics.csv.js";
import { integrationCapability } from "../../../src/analytics/analytics.service.js";

let server: TestServer;
let admin: string;
const ADMIN = { email: "analytics-root@varmply.test", password: "admin password 123" };

beforeAll(async () => {
  server = await startTestServer({ adminEmail: ADMIN.email, adminPassword: ADMIN.password });
  admin = (await ok(server, `mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`, { input: ADMIN })).signIn.accessToken;
});
afterAll(() => server?.close());

const WINDOW = { from: "2024-01-01T00:00:00Z", to: "2024-01-03T00:00:00Z" };

async function setEscrow(campaignId: string, cents: number) {
  await db(server).execute(sql`
    insert into ledger_accounts (kind, campaign_id, currency, balance_cents)
    select 'CAMPAIGN_ESCROW', c.id, c.currency, ${cents} from campaigns c where c.public_id = ${campaignId}
    on conflict do nothing`);
  await db(server).execute(sql`
    update ledger_accounts set balance_cents = ${cents}
    where kind = 'CAMPAIGN_ESCROW' and campaign_id = (select id from campaigns where public_id = ${campaignId})`);
}

/**
 * A campaign with two influencers:
 *  A (Instagram) a1: Jan 1 12:00 {impressions 1000, likes 40, comments 10, views 1200},
 *                    Jan 2 12:00 {impressions 2000, likes 90, comments 10, shares 5, saves 5, views 2500};
 *                    accrued 500, paid 100
 *  B (TikTok)    b1: Jan 1 06:00 {views 4000, likes 100, comments 20, shares 10}; accrued 800, 300 blocked
 *                    and a pending Instagram submission (not counted)
 *  escrow left: 700
 */
async function dashboard() {
  const brand = await signUp(server, "BRAND");
  const campaignId = await createActiveCampaign(server, brand, { submissionLimit: 3 });
  const a = await signUp(server, "INFLUENCER", "Ada, the climber");
  const b = await signUp(server, "INFLUENCER", "=HYPERLINK(\"http://evil\")");
  await connectAccount(server, a, "INSTAGRAM");
  await connectAccount(server, b, "TIKTOK");
  await connectAccount(server, b, "INSTAGRAM");
  const a1 = await addAccepted(server, { brand, influencer: a, campaignId, participationId: await join(server, a, campaignId) });
  const b1 = await addAccepted(server, { brand, influencer: b, campaignId, participationId: await join(server, b, campaignId) }, "TIKTOK");
  const bPending = (await submit(server, b, b1.participationId)).submission;
  await insertSnapshots(server, a1.rowId, [
    { at: "2024-01-01T12:00:00Z", impressions: 1000, likes: 40, comments: 10, views: 1200 },
    { at: "2024-01-02T12:00:00Z", impressions: 2000, likes: 90, comments: 10, shares: 5, saves: 5, views: 2500 },
  ]);
  await insertSnapshots(server, b1.rowId, [{ at: "2024-01-01T06:00:00Z", views: 4000, likes: 100, comments: 20, shares: 10 }]);
  await setEarnings(server, a1.rowId, { accrued: 500, paid: 100 });
  await setEarnings(server, b1.rowId, { accrued: 800, blocked: 300 });
  await setEscrow(campaignId, 700);
  return { brand, campaignId, a, b, a1, b1, bPending };
}

describe("campaignAnalytics", () => {
  it("sums the counted submissions: totals, spend, effective CPM, engagement rate, breakdowns, series and CSV", async () => {
    const world = await dashboard();
    const data = (await ok(server, CAMPAIGN_ANALYTICS, { id: world.campaignId, ...WINDOW }, world.brand.token)).campaignAnalytics;
    expect(data.campaign.id).toBe(world.campaignId);
    expect(data.submissionCount).toBe(2); // the pending one is not counted
    expect(data.influencerCount).toBe(2);
    expect(data.totals).toEqual({ impressions: 2000, reach: null, likes: 190, comments: 30, shares: 15, saves: 5, views: 6500 });
    // delivered: a1 impressions 2000 + b1 views 4000 (TikTok reports no impressions); engagements 110 + 130
    expect(data.performance).toEqual({ deliveredImpressions: 6000, engagements: 240, effectiveCpmCents: 216.67, engagementRate: 0.04 });
    expect(data.spend).toEqual({
      accruedCents: 1300,
      paidCents: 100,
      blockedCents: 300,
      payableCents: 900,
      blockedReasonCode: "INSUFFICIENT_ESCROW",
      escrowLeftCents: 700,
    });
    expect(data.byPlatform.map((p: any) => [p.platform, p.submissionCount, p.performance])).toEqual([
      ["INSTAGRAM", 1, { deliveredImpressions: 2000, engagements: 110, effectiveCpmCents: 250, engagementRate: 0.055 }],
      ["TIKTOK", 1, { deliveredImpressions: 4000, engagements: 130, effectiveCpmCents: 200, engagementRate: 0.0325 }],
    ]);
    expect(data.byPlatform[1].money).toMatchObject({ accruedCents: 800, blockedCents: 300, blockedReasonCode: "INSUFFICIENT_ESCROW" });
    // Most delivered first.
    expect(data.byInfluencer.map((i: any) => [i.participation.id, i.influencer.id, i.totals.views, i.money.accruedCents])).toEqual([
      [world.b1.participationId, world.b.id, 4000, 800],
      [world.a1.participationId, world.a.id, 2500, 500],
    ]);
    expect(data.topSubmissions.map((s: any) => [s.submission.id, s.participation.id, s.influencer.id, s.performance.deliveredImpressions])).toEqual([
      [world.b1.submissionId, world.b1.participationId, world.b.id, 4000],
      [world.a1.submissionId, world.a1.participationId, world.a.id, 2000],
    ]);
    expect(pointsOf(data.timeseries, "views").map((p) => [p[2], p[4]])).toEqual([
      [5200, "PLATFORM_TOTAL"], // a1's first total 1200 + b1's 4000
      [1300, "SNAPSHOT_DELTA"], // a1: 2500 − 1200; b1: nothing after its only snapshot
    ]);
    expect(pointsOf(data.timeseries, "reach").map((p) => p[2])).toEqual([null, null]);

    const lines = data.csv.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe(
      "submission_id,participation_id,influencer_id,influencer_name,platform,status,content_url,submitted_at,impressions,reach,likes,comments,shares,saves,views,delivered_impressions,engagements,accrued_cents,paid_cents,blocked_cents,payable_cents,effective_cpm_cents,engagement_rate",
    );
    expect(lines).toHaveLength(4); // header, two submissions, the final CRLF
    expect(lines[1]).toContain(`${world.a1.submissionId},${world.a1.participationId},${world.a.id},"Ada, the climber",INSTAGRAM,ACCEPTED,`);
    expect(lines[1]).toMatch(/,2000,,90,10,5,5,2500,2000,110,500,100,0,400,250,0\.055$/);
    // A display name that a spreadsheet would run as a formula is defused and quoted.
    expect(lines[2]).toContain(`,"'=HYPERLINK(""http://evil"")",TIKTOK,`);
    expect(lines[2]).toMatch(/,,,100,20,10,,4000,4000,130,800,0,300,500,200,0\.0325$/);
  });

  it("an empty campaign answers zeros and nulls", async () => {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, brand);
    const data = (await ok(server, CAMPAIGN_ANALYTICS, { id: campaignId, ...WINDOW }, brand.token)).campaignAnalytics;
    expect(data).toMatchObject({ submissionCount: 0, influencerCount: 0, byPlatform: [], byInfluencer: [], topSubmissions: [] });
    expect(data.performance).toEqual({ deliveredImpressions: 0, engagements: 0, effectiveCpmCents: null, engagementRate: null });
    expect(data.spend).toMatchObject({ accruedCents: 0, escrowLeftCents: 0, blockedReasonCode: null });
    expect(data.timeseries.series[0].points).toHaveLength(2);
    expect(data.csv.split("\r\n")).toHaveLength(2);
  });

  it("costs the same number of statements for 2 submissions and for 6", async () => {
    const world = await dashboard();
    const query = `query($id: ID!, $from: DateTime, $to: DateTime) { campaignAnalytics(campaignId: $id, from: $from, to: $to) {
      totals { views } timeseries { series { points { value } } } byPlatform { platform }
      byInfluencer { participation { id status } influencer { id displayName } }
      topSubmissions { submission { id status } participation { id } influencer { id } } csv } }`;
    const measure = async () => (await server.countStatements(() => ok(server, query, { id: world.campaignId, ...WINDOW }, world.brand.token))).statements;
    const small = await measure();
    for (let i = 0; i < 2; i++) {
      const influencer = await signUp(server, "INFLUENCER");
      await connectAccount(server, influencer, "INSTAGRAM");
      const participationId = await join(server, influencer, world.campaignId);
      for (let j = 0; j < 2; j++) {
        const accepted = await addAccepted(server, { brand: world.brand, influencer, campaignId: world.campaignId, participationId });
        await insertSnapshots(server, accepted.rowId, [{ at: "2024-01-01T10:00:00Z", views: 10 + j }]);
      }
    }
    expect(await measure()).toBe(small);
    // the viewer, the campaign, facts and series (each with its session settings), the participations,
    // the influencers and the top submissions of the lists
    expect(small).toBeLessThanOrEqual(9);
  });
});

describe("participationAnalytics", () => {
  it("aggregates ACCEPTED submissions only and reports the worst integration capability", async () => {
    const world = await dashboard();
    const data = (await ok(server, PARTICIPATION_ANALYTICS, { id: world.b1.participationId, ...WINDOW }, world.b.token)).participationAnalytics;
    expect(data.submissions.map((s: any) => [s.submission.id, s.isCounted, s.isTracked])).toEqual([
      [world.b1.submissionId, true, true],
      [world.bPending.id, false, false],
    ]);
    expect(data.aggregate.byPlatform.map((p: any) => p.platform)).toEqual(["TIKTOK"]);
    expect(data.aggregate.overall.metrics.totals.views).toBe(4000);
    expect(data.integrationCapability).toBe("VALID");
    // The TikTok account is revoked: the counted submission's platform is no longer covered.
    await db(server).execute(sql`update social_accounts set status = 'REVOKED'
      where platform = 'TIKTOK' and user_id = (select id from users where public_id = ${world.b.id})`);
    const after = (await ok(server, PARTICIPATION_ANALYTICS, { id: world.b1.participationId, ...WINDOW }, world.b.token)).participationAnalytics;
    expect(after.integrationCapability).toBe("REVOKED");
  });

  it("costs the same number of statements for 1 counted submission and for 3", async () => {
    const world = await dashboard();
    const measure = async () =>
      (await server.countStatements(() => ok(server, PARTICIPATION_ANALYTICS, { id: world.a1.participationId, ...WINDOW }, world.a.token))).statements;
    const one = await measure();
    for (let i = 0; i < 2; i++) {
      const accepted = await addAccepted(server, { brand: world.brand, influencer: world.a, campaignId: world.campaignId, participationId: world.a1.participationId });
      await insertSnapshots(server, accepted.rowId, [{ at: "2024-01-01T10:00:00Z", views: 5 }]);
    }
    expect(await measure()).toBe(one);
    // the viewer, the participation and its campaign, its submissions, the influencer's accounts, tracking,
    // then settings, series and facts
    expect(one).toBeLessThanOrEqual(9);
  });

  it("worst capability over platforms, or over the campaign's allowed platforms when nothing is counted", () => {
    const account = (platform: string, status: string, extra: Record<string, unknown> = {}) => ({ platform, status, expiresAt: null, refreshTokenEncrypted: "x", ...extra }) as any;
    const now = new Date();
    const expired = account("YOUTUBE", "VALID", { expiresAt: new Date(0), refreshTokenEncrypted: null });
    expect(integrationCapability([account("INSTAGRAM", "VALID")], ["INSTAGRAM"], [], now)).toBe("VALID");
    expect(integrationCapability([account("INSTAGRAM", "VALID"), account("INSTAGRAM", "REVOKED")], ["INSTAGRAM"], [], now)).toBe("VALID");
    expect(integrationCapability([account("INSTAGRAM", "VALID"), expired], ["INSTAGRAM", "YOUTUBE"], [], now)).toBe("EXPIRED");
    expect(integrationCapability([account("INSTAGRAM", "VALID")], [], ["INSTAGRAM", "TIKTOK"], now)).toBe("NOT_CONNECTED");
    expect(integrationCapability([account("TIKTOK", "REVOKED")], [], [], now)).toBe("REVOKED");
    expect(integrationCapability([], [], [], now)).toBe("NOT_CONNECTED");
  });

  it("freshness over counted submissions: the latest attempt's failure wins", async () => {
    const world = await dashboard();
    const recent = new Date(Date.now() - 60_000);
    await insertAttempt(server, world.b1.rowId, new Date(Date.now() - 3_600_000));
    await insertSnapshots(server, world.b1.rowId, [{ at: new Date(Date.now() - 3_600_000), views: 4100 }]);
    await insertAttempt(server, world.b1.rowId, recent, "PERMISSION");
    const data = (await ok(server, PARTICIPATION_ANALYTICS, { id: world.b1.participationId }, world.b.token)).participationAnalytics;
    expect(data.freshness).toMatchObject({ status: "FAILED", lastFailureReason: "PERMISSION", freshnessStatus: "FRESH", lastAttemptAt: recent.toISOString() });
  });
});

describe("who may read analytics (GraphQL)", () => {
  let world: Awaited<ReturnType<typeof dashboard>>;
  let strangerBrand: Actor;
  let strangerInfluencer: Actor;
  beforeAll(async () => {
    world = await dashboard();
    strangerBrand = await signUp(server, "BRAND");
    strangerInfluencer = await signUp(server, "INFLUENCER");
  });

  const read = (query: string, id: string, token?: string) => server.gql(query, { id, ...WINDOW }, token);

  it("submission and participation analytics: the creator, the owner brand and admins read; others NOT_FOUND; anonymous UNAUTHORIZED", async () => {
    for (const [query, id] of [
      [SUBMISSION_ANALYTICS, world.a1.submissionId],
      [PARTICIPATION_ANALYTICS, world.a1.participationId],
    ] as const) {
      for (const token of [world.a.token, world.brand.token, admin]) {
        const response = await read(query, id, token);
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      }
      for (const token of [strangerBrand.token, strangerInfluencer.token, world.b.token]) {
        expect(await errorCode(server, query, { id, ...WINDOW }, token)).toBe("NOT_FOUND");
      }
      expect(await errorCode(server, query, { id, ...WINDOW })).toBe("UNAUTHORIZED");
    }
  });

  it("campaign analytics: the owner and admins; PERMISSION_DENIED for influencers who see the campaign, NOT_FOUND for other brands", async () => {
    for (const token of [world.brand.token, admin]) {
      const response = await read(CAMPAIGN_ANALYTICS, world.campaignId, token);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    }
    for (const token of [world.a.token, strangerInfluencer.token]) {
      expect(await errorCode(server, CAMPAIGN_ANALYTICS, { id: world.campaignId, ...WINDOW }, token)).toBe("PERMISSION_DENIED");
    }
    expect(await errorCode(server, CAMPAIGN_ANALYTICS, { id: world.campaignId, ...WINDOW }, strangerBrand.token)).toBe("NOT_FOUND");
    expect(await errorCode(server, CAMPAIGN_ANALYTICS, { id: world.campaignId, ...WINDOW })).toBe("UNAUTHORIZED");
  });

  it("the window is validated for the campaign dashboard too", async () => {
    const response = await server.gql(CAMPAIGN_ANALYTICS, { id: world.campaignId, from: "2024-01-03T00:00:00Z", to: "2024-01-01T00:00:00Z" }, world.brand.token);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { from: expect.any(String) } } });
    const first = await server.gql(`query($id: ID!) { campaignAnalytics(campaignId: $id) { topSubmissions(first: 0) { performance { engagements } } } }`, { id: world.campaignId }, world.brand.token);
    expect(first.errors?.[0]?.extensions.code).toBe("VALIDATION_ERROR");
  });
});

describe("CSV rendering", () => {
  it("quotes separators, quotes and line breaks, and defuses formulas", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(-5)).toBe("-5");
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("@SUM(1)")).toBe("'@SUM(1)");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(campaignCsv([])).toMatch(/^submission_id,.*engagement_rate\r\n$/);
  });
});


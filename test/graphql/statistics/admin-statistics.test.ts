// adminStatistics in GraphQL (src/statistics/admin-statistics.ts): admin only; the counts behind the
// percentages and the figures the legacy paths leave out; REST and GraphQL give the same figures; a constant
// number of SQL statements for the whole query at two sizes; money in a currency without a rate is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { connectAccount, createActiveCampaign, createCampaign, errorCode, join, ok, review, signUp, submit, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, adminToken, legacyPost } from "../../support/legacy-app.js";
import { db, insertSnapshots, rowIdOf } from "../../support/analytics.js";
import { key, money } from "../../support/money.js";
import { accrueCampaign } from "../../../src/wallets/accrual.service.js";
import { campaigns } from "../../../schema/tables.js";

let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN, seedDemoData: false });
  admin = await adminToken(server);
});
afterAll(() => server?.close());

const BREAKDOWN = "total shares { key count percent }";
const EVERYTHING = `query($range: StatisticsRange, $currency: String!) {
  adminStatistics {
    publishersByStatus { active inactive suspended banned }
    publisherActivity(range: $range) { posts reach engagements }
    influencersBySex { ${BREAKDOWN} }
    influencersByAge { ${BREAKDOWN} }
    influencersByInterest { influencers ${BREAKDOWN} }
    pendingWork { campaignsAwaitingReview tasksNotStarted submissionsAwaitingReview networkApprovalsAwaitingReview }
    financials(range: $range, currency: $currency) { revenueCents payoutsCents currency }
    publisherFunnel { estimatedPublishers activePublishers potentialPublishers convertedPublishers conversionRate }
    campaigns(range: $range) { total byStatus { active pending } }
  }
}`;
const everything = async (variables: Record<string, unknown> = {}) => (await ok(server, EVERYTHING, { currency: "USD", ...variables }, admin)).adminStatistics;

const PROFILE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id } } }`;
const bornYearsAgo = (years: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() - 10)).toISOString().slice(0, 10);
};

/** X (male, 30, beauty + food) posts once in the campaign; Y (female, 19, beauty) joined only; Z asked for a network approval. */
let brand: Actor;
let influencer: Actor;
beforeAll(async () => {
  const [x, y, z] = await Promise.all([signUp(server, "INFLUENCER"), signUp(server, "INFLUENCER"), signUp(server, "INFLUENCER")]);
  influencer = x!;
  brand = await signUp(server, "BRAND");
  await ok(server, PROFILE, { input: { sex: "MALE", birthDate: bornYearsAgo(30), interestCategories: ["beauty", "food"] } }, x!.token);
  await ok(server, PROFILE, { input: { sex: "FEMALE", birthDate: bornYearsAgo(19), interestCategories: ["beauty"] } }, y!.token);
  await ok(
    server,
    `mutation($input: RequestNetworkApprovalInput!) { requestNetworkApproval(input: $input) { networkApproval { id } } }`,
    { input: { platform: "YOUTUBE", externalAccountId: "UC-z", profileUrl: "https://www.youtube.com/@z" } },
    z!.token,
  );
  await Promise.all([connectAccount(server, x!, "INSTAGRAM"), connectAccount(server, y!, "INSTAGRAM")]);
  const campaignId = await createActiveCampaign(server, brand, { rateCard: { flatCents: 200 } });
  await money(server).fund(brand, campaignId, 1_000);
  const [participation] = await Promise.all([join(server, x!, campaignId), join(server, y!, campaignId)]);
  const { submission } = await submit(server, x!, participation!);
  await review(server, brand, submission.id, "APPROVE");
  await insertSnapshots(server, await rowIdOf(server, submission.id), [{ at: "2025-04-01T00:00:00Z", reach: 80, impressions: 120, likes: 9, shares: 2 }]);
  await accrueCampaign(db(server), await money(server).dbIdOf(campaigns, campaignId));
  await ok(server, `mutation($input: PayOutInput!) { payOut(input: $input) { paidCents } }`, { input: { campaignId, idempotencyKey: key() } }, brand.token);
});

describe("adminStatistics", () => {
  it("is for admins only", async () => {
    const query = `{ adminStatistics { pendingWork { campaignsAwaitingReview } } }`;
    expect(await errorCode(server, query, {}, brand.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, query, {}, influencer.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, query)).toBe("UNAUTHORIZED");
  });

  it("carries the counts behind each percentage and the figures the legacy paths leave out", async () => {
    const figures = await everything();
    expect(figures.publishersByStatus).toEqual({ active: 3, inactive: 0, suspended: 0, banned: 0 });
    expect(figures.publisherActivity).toEqual({ posts: 1, reach: 80, engagements: 11 });
    expect(figures.influencersBySex).toEqual({
      total: 2,
      shares: [{ key: "male", count: 1, percent: 50 }, { key: "female", count: 1, percent: 50 }, { key: "other", count: 0, percent: 0 }],
    });
    expect(figures.influencersByAge).toEqual({
      total: 2,
      shares: [{ key: "18-24", count: 1, percent: 50 }, { key: "25-34", count: 1, percent: 50 }, { key: "35-44", count: 0, percent: 0 }, { key: "45+", count: 0, percent: 0 }],
    });
    // Three choices by two influencers: beauty 2 (66.7 → 67), food 1 (33.3 → 33).
    const interest = figures.influencersByInterest;
    expect([interest.influencers, interest.total]).toEqual([2, 3]);
    expect(interest.shares.filter((share: { count: number }) => share.count > 0)).toEqual([
      { key: "beauty", count: 2, percent: 67 },
      { key: "food", count: 1, percent: 33 },
    ]);
    expect(figures.pendingWork).toEqual({ campaignsAwaitingReview: 0, tasksNotStarted: 1, submissionsAwaitingReview: 0, networkApprovalsAwaitingReview: 1 });
    expect(figures.financials).toEqual({ revenueCents: 1_000, payoutsCents: 200, currency: "USD" });
    // Z never joined and has no account (its approval is still pending): 2 of 3 converted.
    expect(figures.publisherFunnel).toEqual({ estimatedPublishers: 2, activePublishers: 2, potentialPublishers: 1, convertedPublishers: 2, conversionRate: 0.6667 });
    expect(figures.campaigns).toEqual({ total: 1, byStatus: { active: 1, pending: 0 } });
  });

  it("gives the legacy paths' figures", async () => {
    const figures = await everything({ range: { from: "2025-01-01" }, currency: "GBP" });
    const rest = async (path: string, body?: Record<string, unknown>) => (await legacyPost(server, path, { token: admin, ...(body ? { json: body } : {}) })).body;
    const percents = (breakdown: { shares: { key: string; percent: number }[] }) => Object.fromEntries(breakdown.shares.map((share) => [share.key, share.percent]));
    expect(await rest("/api/publishers/stats/status/")).toEqual(figures.publishersByStatus);
    const activity = figures.publisherActivity;
    expect(await rest("/api/publishers/stats/activity/", { date_from: "2025-01-01" })).toEqual({ total_posts: activity.posts, total_reach: activity.reach, total_engagement: activity.engagements });
    expect(await rest("/api/users/stats/sex/")).toEqual(percents(figures.influencersBySex));
    expect(await rest("/api/users/stats/age/")).toEqual(percents(figures.influencersByAge));
    expect(await rest("/api/users/stats/preferences/")).toEqual(percents(figures.influencersByInterest));
    const pending = figures.pendingWork;
    expect(await rest("/api/general/stats/pending/")).toEqual({ pending_campaigns: pending.campaignsAwaitingReview, pending_tasks: pending.tasksNotStarted, pending_approvals: pending.submissionsAwaitingReview });
    // 10.00 and 2.00 USD at 0.79 GBP per USD.
    expect(figures.financials).toEqual({ revenueCents: 790, payoutsCents: 158, currency: "GBP" });
    expect(await rest("/api/general/stats/financial/", { date_from: "2025-01-01", currency: "GBP" })).toEqual({ total_revenue: 7.9, total_payouts: 1.58, currency: "GBP" });
    const funnel = figures.publisherFunnel;
    expect(await rest("/api/general/stats/estimated-publishers/")).toEqual({ estimated_publishers: funnel.estimatedPublishers, active_publishers: funnel.activePublishers });
    expect(await rest("/api/general/stats/potential-publishers/")).toEqual({ potential_publishers: funnel.potentialPublishers, conversion_rate: funnel.conversionRate });
  });

  it("refuses a range that ends before it starts and a currency without a rate", async () => {
    const range = { from: "2025-02-01", to: "2025-01-31" };
    expect(await errorCode(server, `query($range: StatisticsRange) { adminStatistics { publisherActivity(range: $range) { posts } } }`, { range }, admin)).toBe("VALIDATION_ERROR");
    expect(await errorCode(server, `query($range: StatisticsRange) { adminStatistics { financials(range: $range) { currency } } }`, { range }, admin)).toBe("VALIDATION_ERROR");
    expect(await errorCode(server, `{ adminStatistics { financials(currency: "XTS") { currency } } }`, {}, admin)).toBe("VALIDATION_ERROR");
    expect((await ok(server, `{ adminStatistics { financials(currency: " eur ") { currency } } }`, {}, admin)).adminStatistics.financials.currency).toBe("EUR");
  });

  it("costs the same number of SQL statements for the whole query as the data grows", async () => {
    const before = await server.countStatements(() => everything());
    const more = await Promise.all(Array.from({ length: 5 }, () => signUp(server, "INFLUENCER")));
    const campaignId = await createActiveCampaign(server, brand, { rateCard: { flatCents: 100 } });
    await money(server).fund(brand, campaignId, 10_000);
    for (const [index, someone] of more.entries()) {
      await ok(server, PROFILE, { input: { sex: index % 2 ? "MALE" : "OTHER", birthDate: bornYearsAgo(20 + 9 * index), interestCategories: ["travel", "music"] } }, someone.token);
      await connectAccount(server, someone, "INSTAGRAM");
      const participation = await join(server, someone, campaignId);
      const { submission } = await submit(server, someone, participation);
      await review(server, brand, submission.id, "APPROVE");
      await insertSnapshots(server, await rowIdOf(server, submission.id), [{ at: "2025-04-01T00:00:00Z", reach: index, likes: index }]);
    }
    await accrueCampaign(db(server), await money(server).dbIdOf(campaigns, campaignId));
    const after = await server.countStatements(() => everything());
    expect(after.result.publishersByStatus.active).toBe(8);
    expect(after.result.publisherActivity.posts).toBe(6);
    expect(after.statements).toBe(before.statements);
  });

  it("refuses to add up money in a currency without a stored rate (CONFLICT) rather than leave it out", async () => {
    const other = await signUp(server, "BRAND");
    const campaignId = await createCampaign(server, other, { currency: "NZD" });
    await money(server).fund(other, campaignId, 500);
    const response = await server.gql(`{ adminStatistics { financials { revenueCents } } }`, {}, admin);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", details: { currencies: ["NZD"] } });
    // A range without that money adds up.
    await db(server).execute(sql`update ledger_transactions set created_at = '2020-01-01T00:00:00Z' where campaign_id = (select id from campaigns where public_id = ${campaignId})`);
    const later = await ok(server, `{ adminStatistics { financials(range: { from: "2021-01-01" }) { revenueCents } } }`, {}, admin);
    expect(later.adminStatistics.financials.revenueCents).toBe(11_000);
  });
});

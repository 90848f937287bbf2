// The legacy advertiser and campaign statistics paths (rest-compat/legacy/statistics/advertiser-routes.ts)
// on an empty database: a known world built through the API (dates moved into the past with SQL, which no
// API can do), exact figures computed by hand, who may read what, the seed's shapes, bad input → 400.
// docs/legacy-api.md, "Statistics: advertisers and campaigns".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createCampaign, ok, review, setCampaignStatus, signUp, submit, connectAccount, join, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, SEED, adminToken, expectLegacyError, expectSeedKeys, legacyPost } from "../../support/legacy-app.js";
import { db, insertSnapshots, rowIdOf, tiktokUrl } from "../../support/analytics.js";
import { key } from "../../support/money.js";
import { accrueCampaign } from "../../../src/wallets/accrual.service.js";

let server: TestServer;
let admin: string;
let brandA: Actor & { legacyId: number };
let brandB: Actor & { legacyId: number };
let influencer1: Actor & { legacyId: number };
let influencer2: Actor;
const ids: Record<string, { id: string; legacyId: number; rowId: number }> = {};

const FINANCIAL = "/api/advertiser/stats/financial/";
const LIMIT = "/api/advertiser/maximum-limit/";
const INVOICES = "/api/advertiser/invoices/";
const GENERAL = "/api/campaigns/stats/general/";
const STATUS = "/api/campaigns/stats/status/";
const NETWORKS = "/api/campaigns/stats/networks/";
const CAMPAIGN_NETWORKS = "/api/campaign/stats/networks/";
const COSTS = "/api/campaign/stats/costs/";

const legacyIdOf = async (token: string) => (await ok(server, `{ viewer { legacyId } }`, {}, token)).viewer.legacyId as number;
const exec = (query: ReturnType<typeof sql>) => db(server).execute(query);

async function campaign(name: string, brand: Actor, input: Record<string, unknown>, statuses: string[] = []) {
  const id = await createCampaign(server, brand, { submissionLimit: 3, ...input });
  for (const status of statuses) await setCampaignStatus(server, brand, id, status);
  const { legacyId } = (await ok(server, `query($id: ID!) { campaign(id: $id) { legacyId } }`, { id }, brand.token)).campaign;
  ids[name] = { id, legacyId, rowId: legacyId };
}

async function fund(brand: Actor, name: string, amountCents: number) {
  await ok(server, `mutation($input: FundCampaignInput!) { fundCampaign(input: $input) { amountCents } }`, { input: { campaignId: ids[name]!.id, amountCents, idempotencyKey: key() } }, brand.token);
}

/** An accepted submission of `influencer` in campaign `name`, with one snapshot. */
async function accepted(influencer: Actor, brand: Actor, name: string, platform: string, snapshot: Record<string, number | string>) {
  const participation = (await ok(server, `query($id: ID!) { campaign(id: $id) { viewerParticipation { id } } }`, { id: ids[name]!.id }, influencer.token)).campaign.viewerParticipation;
  const participationId = participation?.id ?? (await join(server, influencer, ids[name]!.id));
  const { submission } = await submit(server, influencer, participationId, platform === "TIKTOK" ? { platform, contentUrl: tiktokUrl() } : {});
  await review(server, brand, submission.id, "APPROVE");
  const rowId = await rowIdOf(server, submission.id);
  const { at, ...counts } = snapshot;
  await insertSnapshots(server, rowId, [{ at: at as string, ...counts }]);
  return { participationId, rowId };
}

beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN, seedDemoData: false });
  admin = await adminToken(server);
  const [a, b, i1, i2] = await Promise.all([signUp(server, "BRAND"), signUp(server, "BRAND"), signUp(server, "INFLUENCER"), signUp(server, "INFLUENCER")]);
  brandA = { ...a, legacyId: await legacyIdOf(a.token) };
  brandB = { ...b, legacyId: await legacyIdOf(b.token) };
  influencer1 = { ...i1, legacyId: await legacyIdOf(i1.token) };
  influencer2 = i2;
  await connectAccount(server, influencer1, "INSTAGRAM");
  await connectAccount(server, influencer2, "TIKTOK");

  // Brand A: six campaigns, one per status.
  await campaign("A1", brandA, { allowedPlatforms: ["INSTAGRAM", "TIKTOK"], rateCard: { flatCents: 1_000 } }, ["CAMPAIGN_ACTIVE"]);
  await campaign("A2", brandA, { currency: "EUR", rateCard: { flatCents: 500 } }, ["CAMPAIGN_ACTIVE"]);
  await campaign("A3", brandA, { allowedPlatforms: ["FACEBOOK"] });
  await campaign("A4", brandA, { allowedPlatforms: ["YOUTUBE", "FACEBOOK"] }, ["CAMPAIGN_PENDING"]);
  await campaign("A5", brandA, { allowedPlatforms: ["INSTAGRAM"] }, ["CAMPAIGN_CANCELLED"]);
  await campaign("A6", brandA, { allowedPlatforms: ["INSTAGRAM"] }, ["CAMPAIGN_ACTIVE", "CAMPAIGN_PAUSED"]);
  await campaign("B1", brandB, { allowedPlatforms: ["INSTAGRAM"] }, ["CAMPAIGN_ACTIVE"]);

  // A1 (USD, flat 10.00): two accepted posts and one pending; funded 50.00; each post accrues its flat fee.
  await fund(brandA, "A1", 5_000);
  const recent = new Date(Date.now() - 3_600_000).toISOString();
  const post1 = await accepted(influencer1, brandA, "A1", "INSTAGRAM", { at: recent, impressions: 2_000, reach: 1_500, likes: 100, comments: 20, shares: 5, saves: 3 });
  await accepted(influencer2, brandA, "A1", "TIKTOK", { at: recent, views: 3_000, likes: 50, comments: 10, shares: 2 });
  await submit(server, influencer1, post1.participationId); // pending: not counted
  await accrueCampaign(db(server), ids.A1!.rowId);

  // A2 (EUR, flat 5.00), all in 2024: created 2024-06-01, funded 30.00 that day, 5.00 accrued 2024-06-15, then
  // completed and its remaining escrow refunded (its invoice is `refunded`).
  await fund(brandA, "A2", 3_000);
  await accepted(influencer1, brandA, "A2", "INSTAGRAM", { at: "2024-06-10T12:00:00Z", impressions: 1_000, reach: 900, likes: 10 });
  await accrueCampaign(db(server), ids.A2!.rowId);
  await setCampaignStatus(server, brandA, ids.A2!.id, "CAMPAIGN_COMPLETED");
  await ok(server, `mutation($input: RefundCampaignInput!) { refundCampaign(input: $input) { refundedCents } }`, { input: { campaignId: ids.A2!.id, idempotencyKey: key() } }, brandA.token);
  const a2 = ids.A2!.rowId;
  await exec(sql`update campaigns set created_at = '2024-06-01T08:00:00Z' where id = ${a2}`);
  await exec(sql`update ledger_transactions set created_at = '2024-06-01T09:00:00Z' where campaign_id = ${a2} and kind = 'FUND'`);
  await exec(sql`update ledger_entries e set created_at = '2024-06-15T10:00:00Z' from ledger_accounts a
                 where a.id = e.account_id and a.campaign_id = ${a2} and a.kind = 'INFLUENCER_PAYABLE'`);

  await fund(brandB, "B1", 1_000);
});
afterAll(() => server?.close());

const post = (path: string, token: string, form: Record<string, unknown> = {}) => legacyPost(server, path, { token, form });

describe("/api/advertiser/stats/financial/", () => {
  it("sums what was accrued to influencers, converted to the reporting currency, with the CPM over the paid posts", async () => {
    // A1: 2 × 10.00 USD; A2: 5.00 EUR = 500 / 0.92 = 543.48 → 543 US cents. Units: 2,000 impressions + 3,000
    // views (TikTok reports no impressions) + 1,000 impressions = 6,000; CPM = 2,543 × 1000 / 6000 = 423.8 → 4.24.
    const all = await post(FINANCIAL, brandA.token);
    expectSeedKeys(all, FINANCIAL);
    expect(all.body).toEqual({ total_spent: 25.43, total_campaigns: 2, average_cpm: 4.24, currency: "USD" });
    // The same from JSON, named explicitly, by an admin.
    const asAdmin = await legacyPost(server, FINANCIAL, { token: admin, json: { advertiser_id: brandA.legacyId } });
    expect(asAdmin.body).toEqual(all.body);

    // 2024 holds A2 only: 543 cents over its 1,000 impressions.
    const in2024 = await post(FINANCIAL, brandA.token, { date_from: "2024-01-01", date_to: "2024-12-31" });
    expect(in2024.body).toEqual({ total_spent: 5.43, total_campaigns: 1, average_cpm: 5.43, currency: "USD" });
    // In euros: A1's 2,000 US cents = 1,840 EUR cents, A2's 500; CPM 2,340 × 1000 / 6000 = 390.
    const euros = await post(FINANCIAL, brandA.token, { currency: "EUR" });
    expect(euros.body).toEqual({ total_spent: 23.4, total_campaigns: 2, average_cpm: 3.9, currency: "EUR" });
    // A range that holds nothing, and a one-day range on the accrual's day (inclusive end).
    expect((await post(FINANCIAL, brandA.token, { date_from: "2023-01-01", date_to: "2023-12-31" })).body).toEqual({ total_spent: 0, total_campaigns: 0, average_cpm: 0, currency: "USD" });
    expect((await post(FINANCIAL, brandA.token, { date_from: "2024-06-15", date_to: "2024-06-15" })).body.total_spent).toBe(5.43);
    expect((await post(FINANCIAL, brandA.token, { date_to: "2024-06-14" })).body.total_spent).toBe(0);
    // Brand B accrued nothing; an admin without advertiser_id sees the platform (brand A's and B's).
    expect((await post(FINANCIAL, brandB.token)).body).toEqual({ total_spent: 0, total_campaigns: 0, average_cpm: 0, currency: "USD" });
    expect((await post(FINANCIAL, admin)).body).toEqual(all.body);
  });
});

describe("/api/advertiser/maximum-limit/", () => {
  it("answers null without a limit, and the limit an admin set in GraphQL", async () => {
    const none = await post(LIMIT, brandB.token);
    expectSeedKeys(none, LIMIT);
    expect(none.body).toEqual({ maximum_limit: null, currency: null });
    await ok(server, `mutation($input: SetAdvertiserCreditLimitInput!) { setAdvertiserCreditLimit(input: $input) { creditLimit { amountCents } } }`,
      { input: { advertiserId: String(brandB.legacyId), amountCents: 100_050, currency: "EUR" } }, admin);
    expect((await post(LIMIT, brandB.token)).body).toEqual({ maximum_limit: 1000.5, currency: "EUR" });
    expect((await post(LIMIT, admin, { advertiser_id: brandB.legacyId })).body).toEqual({ maximum_limit: 1000.5, currency: "EUR" });
    const missing = expectLegacyError(await post(LIMIT, admin), 400, "VALIDATION_ERROR");
    expect(Object.keys(missing.details.fields)).toEqual(["advertiser_id"]);
  });
});

describe("/api/advertiser/invoices/", () => {
  it("lists one invoice per funding, newest first, filtered by status and day", async () => {
    const all = await post(INVOICES, brandA.token);
    expectSeedKeys(all, INVOICES);
    const today = new Date().toISOString().slice(0, 10);
    const a1 = { amount: 50, currency: "USD", date: today, status: "paid" };
    const a2 = { amount: 30, currency: "EUR", date: "2024-06-01", status: "refunded" };
    expect(all.body.invoices).toEqual([{ id: expect.any(Number), ...a1 }, { id: expect.any(Number), ...a2 }]);
    const [idA1, idA2] = all.body.invoices.map((invoice: { id: number }) => invoice.id);
    expect((await post(INVOICES, brandA.token, { invoice_status: "paid" })).body).toEqual({ invoices: [{ id: idA1, ...a1 }] });
    expect((await post(INVOICES, brandA.token, { invoice_status: "refunded" })).body).toEqual({ invoices: [{ id: idA2, ...a2 }] });
    expect((await post(INVOICES, brandA.token, { date_from: "2024-06-01", date_to: "2024-06-01" })).body).toEqual({ invoices: [{ id: idA2, ...a2 }] });
    expect((await post(INVOICES, brandA.token, { date_from: "2024-06-02", date_to: "2024-12-31" })).body).toEqual({ invoices: [] });
    expect((await post(INVOICES, brandA.token, { invoice_status: "refunded", date_from: today })).body).toEqual({ invoices: [] });
    // Brand B's one funding; the admin's platform-wide list holds all three.
    expect((await post(INVOICES, brandB.token)).body.invoices).toEqual([{ id: expect.any(Number), amount: 10, currency: "USD", date: today, status: "paid" }]);
    expect((await post(INVOICES, admin)).body.invoices).toHaveLength(3);
  });
});

describe("/api/campaigns/stats/*", () => {
  it("counts the campaigns created in the range by current status", async () => {
    const general = await post(GENERAL, brandA.token);
    expectSeedKeys(general, GENERAL);
    expect(general.body).toEqual({ total_campaigns: 6, active_campaigns: 1, completed_campaigns: 1, pending_campaigns: 1 });
    expect((await legacyPost(server, GENERAL, { token: brandA.token, json: SEED[GENERAL]!.request })).body).toEqual({ total_campaigns: 1, active_campaigns: 0, completed_campaigns: 1, pending_campaigns: 0 });
    expect((await post(GENERAL, brandA.token, { date_from: "2025-01-01", date_to: "2025-01-01" })).body).toEqual({ total_campaigns: 0, active_campaigns: 0, completed_campaigns: 0, pending_campaigns: 0 });
    expect((await post(GENERAL, admin)).body).toEqual({ total_campaigns: 7, active_campaigns: 2, completed_campaigns: 1, pending_campaigns: 1 });
    expect((await post(GENERAL, admin, { advertiser_id: brandB.legacyId })).body).toEqual({ total_campaigns: 1, active_campaigns: 1, completed_campaigns: 0, pending_campaigns: 0 });
  });

  it("answers every status, in lower case", async () => {
    const status = await post(STATUS, brandA.token);
    expectSeedKeys(status, STATUS);
    expect(status.body).toEqual({ draft: 1, pending: 1, active: 1, paused: 1, completed: 1, cancelled: 1 });
    expect((await post(STATUS, brandB.token)).body).toEqual({ draft: 0, pending: 0, active: 1, paused: 0, completed: 0, cancelled: 0 });
    expect((await post(STATUS, brandA.token, { date_from: "2024-01-01", date_to: "2024-12-31" })).body).toEqual({ draft: 0, pending: 0, active: 0, paused: 0, completed: 1, cancelled: 0 });
  });

  it("counts campaigns per network they accept, every tracked network present", async () => {
    const networks = await post(NETWORKS, brandA.token);
    expectSeedKeys(networks, NETWORKS, [""]);
    // A2 names no network: it accepts all four.
    expect(networks.body).toEqual({ instagram: 4, tiktok: 2, facebook: 3, youtube: 2 });
    expect((await post(NETWORKS, admin)).body).toEqual({ instagram: 5, tiktok: 2, facebook: 3, youtube: 2 });
    expect((await post(NETWORKS, admin, { date_from: "2024-06-01", date_to: "2024-06-01" })).body).toEqual({ instagram: 1, tiktok: 1, facebook: 1, youtube: 1 });
  });
});

describe("/api/campaign/stats/*", () => {
  it("answers posts, reach and engagement per network of the campaign from the accepted posts' latest snapshots", async () => {
    const networks = await post(CAMPAIGN_NETWORKS, brandA.token, { campaign_id: ids.A1!.legacyId });
    expectSeedKeys(networks, CAMPAIGN_NETWORKS, [""]);
    // Engagement = likes + comments + shares + saves: 100 + 20 + 5 + 3 and 50 + 10 + 2 (TikTok: no reach).
    expect(networks.body).toEqual({ instagram: { posts: 1, reach: 1_500, engagement: 128 }, tiktok: { posts: 1, reach: 0, engagement: 62 } });
    const empty = await post(CAMPAIGN_NETWORKS, admin, { campaign_id: ids.A4!.legacyId });
    expect(empty.body).toEqual({ facebook: { posts: 0, reach: 0, engagement: 0 }, youtube: { posts: 0, reach: 0, engagement: 0 } });
  });

  it("answers the campaign's whole spending and CPM", async () => {
    const costs = await post(COSTS, brandA.token, { campaign_id: ids.A1!.legacyId });
    expectSeedKeys(costs, COSTS);
    // 2,000 cents over 5,000 units: 400 cents per thousand.
    expect(costs.body).toEqual({ total_spent: 20, average_cpm: 4, currency: "USD" });
    expect((await post(COSTS, admin, { campaign_id: ids.A1!.legacyId, currency: "EUR" })).body).toEqual({ total_spent: 18.4, average_cpm: 3.68, currency: "EUR" });
    expect((await post(COSTS, brandA.token, { campaign_id: ids.A2!.legacyId, currency: "EUR" })).body).toEqual({ total_spent: 5, average_cpm: 5, currency: "EUR" });
    expect((await post(COSTS, brandB.token, { campaign_id: ids.B1!.legacyId })).body).toEqual({ total_spent: 0, average_cpm: 0, currency: "USD" });
  });
});

describe("who may read what", () => {
  const ADVERTISER_PATHS = [FINANCIAL, LIMIT, INVOICES, GENERAL, STATUS, NETWORKS];
  it("refuses influencers everywhere and another advertiser's figures or campaigns to a brand", async () => {
    for (const path of [...ADVERTISER_PATHS, CAMPAIGN_NETWORKS, COSTS]) {
      expectLegacyError(await post(path, influencer1.token, path.startsWith("/api/campaign/") ? { campaign_id: ids.A1!.legacyId } : {}), 403, "PERMISSION_DENIED");
    }
    for (const path of ADVERTISER_PATHS) {
      expectLegacyError(await post(path, brandB.token, { advertiser_id: brandA.legacyId }), 403, "PERMISSION_DENIED");
      expect((await post(path, brandA.token, { advertiser_id: brandA.legacyId })).status).toBe(200);
      expectLegacyError(await post(path, admin, { advertiser_id: influencer1.legacyId }), 404, "NOT_FOUND");
      expectLegacyError(await post(path, admin, { advertiser_id: 999_999 }), 404, "NOT_FOUND");
      expectLegacyError(await legacyPost(server, path, { form: {} }), 401, "UNAUTHORIZED");
    }
    for (const path of [CAMPAIGN_NETWORKS, COSTS]) {
      expectLegacyError(await post(path, brandB.token, { campaign_id: ids.A1!.legacyId }), 403, "PERMISSION_DENIED");
      expectLegacyError(await post(path, admin, { campaign_id: 999_999 }), 404, "NOT_FOUND");
    }
  });
});

describe("bad input", () => {
  it("answers 400 in the legacy shape, naming the field", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [FINANCIAL, { advertiser_id: "abc" }, "advertiser_id"],
      [FINANCIAL, { date_from: "2024-13-01" }, "date_from"],
      [FINANCIAL, { date_from: "2024-02-30" }, "date_from"],
      [FINANCIAL, { date_from: "2024-05-02", date_to: "2024-05-01" }, "date_to"],
      [FINANCIAL, { currency: "XXX" }, "currency"],
      [FINANCIAL, { currency: "dollars" }, "currency"],
      [LIMIT, { advertiser_id: "0" }, "advertiser_id"],
      [INVOICES, { invoice_status: "unpaid" }, "invoice_status"],
      [INVOICES, { date_to: "yesterday" }, "date_to"],
      [GENERAL, { date_from: "2024-05-02", date_to: "2024-05-01" }, "date_to"],
      [STATUS, { advertiser_id: "-3" }, "advertiser_id"],
      [NETWORKS, { advertiser_id: "1.5" }, "advertiser_id"],
      [CAMPAIGN_NETWORKS, {}, "campaign_id"],
      [CAMPAIGN_NETWORKS, { campaign_id: "x" }, "campaign_id"],
      [COSTS, { campaign_id: ids.A1?.legacyId ?? 1, currency: "ZZZ" }, "currency"],
      [COSTS, {}, "campaign_id"],
    ];
    for (const [path, form, field] of cases) {
      const response = await post(path, brandA.token, form);
      const error = expectLegacyError(response, 400, "VALIDATION_ERROR");
      expect(Object.keys(error.details?.fields ?? {}), `${path} ${JSON.stringify(form)}`).toContain(field);
    }
  });
});

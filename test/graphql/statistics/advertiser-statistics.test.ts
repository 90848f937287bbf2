// advertiserStatistics and Campaign.statistics in GraphQL (src/statistics/advertiser-statistics.*): who sees
// what, and a constant number of SQL statements per figure whatever the number of campaigns, posts and
// ledger entries (counted at two sizes, for the GraphQL fields and for every legacy path over them).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { connectAccount, createActiveCampaign, errorCode, join, ok, review, signUp, submit, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, adminToken, legacyPost } from "../../support/legacy-app.js";
import { db, insertSnapshots, rowIdOf } from "../../support/analytics.js";
import { key } from "../../support/money.js";
import { accrueCampaign } from "../../../src/wallets/accrual.service.js";

let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN, seedDemoData: false });
  admin = await adminToken(server);
});
afterAll(() => server?.close());

interface World {
  brand: Actor & { legacyId: number };
  campaigns: { id: string; legacyId: number }[];
}

/** A brand with `size` active, funded campaigns, each with `size` influencers' accepted, measured, accrued posts. */
async function world(size: number): Promise<World> {
  const brand = await signUp(server, "BRAND");
  const influencers = await Promise.all(Array.from({ length: size }, () => signUp(server, "INFLUENCER")));
  await Promise.all(influencers.map((influencer) => connectAccount(server, influencer, "INSTAGRAM")));
  const campaigns: World["campaigns"] = [];
  for (let i = 0; i < size; i++) {
    const id = await createActiveCampaign(server, brand, { rateCard: { flatCents: 100, cpmCents: 500 }, currency: i % 2 ? "EUR" : "USD" });
    const { legacyId } = (await ok(server, `query($id: ID!) { campaign(id: $id) { legacyId } }`, { id }, brand.token)).campaign;
    await ok(server, `mutation($input: FundCampaignInput!) { fundCampaign(input: $input) { amountCents } }`, { input: { campaignId: id, amountCents: 100_000, idempotencyKey: key() } }, brand.token);
    for (const influencer of influencers) {
      const participationId = await join(server, influencer, id);
      const { submission } = await submit(server, influencer, participationId);
      await review(server, brand, submission.id, "APPROVE");
      await insertSnapshots(server, await rowIdOf(server, submission.id), [{ at: "2025-03-01T00:00:00Z", impressions: 1_000, reach: 800, likes: 10, comments: 2 }]);
    }
    await accrueCampaign(db(server), legacyId);
    campaigns.push({ id, legacyId });
  }
  const { legacyId } = (await ok(server, `{ viewer { legacyId } }`, {}, brand.token)).viewer;
  return { brand: { ...brand, legacyId }, campaigns };
}

const ADVERTISER = `query($id: ID, $range: StatisticsRange) {
  advertiserStatistics(advertiserId: $id) {
    advertiser { id }
    financial(range: $range, currency: "EUR") { totalSpentCents averageCpmCents totalCampaigns currency }
    maximumLimit { amountCents currency }
    invoices(range: $range) { legacyId amountCents currency date status campaignLegacyId }
    campaigns(range: $range) { total byStatus { draft active } byNetwork { network campaigns } }
  }
}`;
const CAMPAIGN_LIST = `{ campaigns(first: 100) { edges { node { id statistics { networks { network posts reach engagement } costs(currency: "GBP") { totalSpentCents averageCpmCents currency } } } } } }`;

describe("advertiserStatistics", () => {
  it("answers the brand's own figures, the named brand's to an admin, and refuses the rest", async () => {
    const { brand, campaigns } = await world(2);
    const other = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    const own = (await ok(server, ADVERTISER, {}, brand.token)).advertiserStatistics;
    expect(own.advertiser).toEqual({ id: brand.id });
    // Each campaign: 2 posts × (1.00 flat + 1,000 impressions at 5.00 CPM = 6.00) = 12.00 in its currency.
    // In EUR: 1,200 USD cents = 1,104 EUR cents, plus 1,200 EUR cents; CPM = 2,304 × 1000 / 4,000 = 576.
    expect(own.financial).toEqual({ totalSpentCents: 2_304, averageCpmCents: 576, totalCampaigns: 2, currency: "EUR" });
    expect(own.maximumLimit).toBeNull();
    expect(own.invoices.map((invoice: any) => [invoice.campaignLegacyId, invoice.amountCents, invoice.currency, invoice.status])).toEqual([
      [campaigns[1]!.legacyId, 100_000, "EUR", "PAID"],
      [campaigns[0]!.legacyId, 100_000, "USD", "PAID"],
    ]);
    expect(own.campaigns).toEqual({
      total: 2,
      byStatus: { draft: 0, active: 2 },
      byNetwork: [{ network: "instagram", campaigns: 2 }, { network: "tiktok", campaigns: 2 }, { network: "facebook", campaigns: 2 }, { network: "youtube", campaigns: 2 }],
    });
    expect((await ok(server, ADVERTISER, { id: String(brand.legacyId) }, admin)).advertiserStatistics).toEqual(own);
    expect(await errorCode(server, ADVERTISER, { id: brand.id }, other.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, ADVERTISER, {}, influencer.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, ADVERTISER, { id: influencer.id }, admin)).toBe("NOT_FOUND");
    expect(await errorCode(server, ADVERTISER, { range: { from: "2025-02-01", to: "2025-01-01" } }, brand.token)).toBe("VALIDATION_ERROR");
  });

  it("shows Campaign.statistics to the owner and admins only", async () => {
    const { brand, campaigns } = await world(1);
    const influencer = await signUp(server, "INFLUENCER");
    const QUERY = `query($id: ID!) { campaign(id: $id) { statistics { networks { network posts reach engagement } costs { totalSpentCents averageCpmCents currency } } } }`;
    const owner = (await ok(server, QUERY, { id: campaigns[0]!.id }, brand.token)).campaign.statistics;
    // One post: 1.00 + 1,000 × 5.00 / 1000 = 6.00 USD; CPM 600 × 1000 / 1,000 = 600.
    expect(owner.costs).toEqual({ totalSpentCents: 600, averageCpmCents: 600, currency: "USD" });
    expect(owner.networks[0]).toEqual({ network: "instagram", posts: 1, reach: 800, engagement: 12 });
    expect((await ok(server, QUERY, { id: campaigns[0]!.id }, admin)).campaign.statistics).toEqual(owner);
    // An influencer sees the active campaign but not its money.
    expect((await ok(server, QUERY, { id: campaigns[0]!.id }, influencer.token)).campaign.statistics).toBeNull();
  });
});

describe("money in a currency without a stored rate", () => {
  it("is CONFLICT, naming the currency, rather than a figure that leaves it out", async () => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    await connectAccount(server, influencer, "INSTAGRAM");
    const id = await createActiveCampaign(server, brand, { currency: "NOK", rateCard: { flatCents: 100 } });
    const { legacyId } = (await ok(server, `query($id: ID!) { campaign(id: $id) { legacyId } }`, { id }, brand.token)).campaign;
    await ok(server, `mutation($input: FundCampaignInput!) { fundCampaign(input: $input) { amountCents } }`, { input: { campaignId: id, amountCents: 1_000, idempotencyKey: key() } }, brand.token);
    const { submission } = await submit(server, influencer, await join(server, influencer, id));
    await review(server, brand, submission.id, "APPROVE");
    await accrueCampaign(db(server), legacyId);
    const financial = await server.gql(`{ advertiserStatistics { financial { totalSpentCents } } }`, {}, brand.token);
    expect(financial.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", details: { currencies: ["NOK"] } });
    const costs = await server.gql(`query($id: ID!) { campaign(id: $id) { statistics { costs { totalSpentCents } } } }`, { id }, brand.token);
    expect(costs.errors?.[0]?.extensions.code).toBe("CONFLICT");
    expect(await errorCode(server, `query($id: ID!) { campaign(id: $id) { statistics { costs(currency: "NOK") { totalSpentCents } } } }`, { id }, brand.token)).toBe("VALIDATION_ERROR");
    // Counting campaigns needs no conversion.
    expect((await ok(server, `{ advertiserStatistics { campaigns { total } } }`, {}, brand.token)).advertiserStatistics.campaigns.total).toBe(1);
  });
});

describe("statement counts", () => {
  let small: World;
  let large: World;
  beforeAll(async () => {
    small = await world(2);
    large = await world(5);
  }, 600_000);

  const count = async (work: () => Promise<unknown>) => (await server.countStatements(work)).statements;

  it("costs the same for 2 campaigns of 2 posts as for 5 of 5, in GraphQL", async () => {
    const run = (actor: World, query: string, variables: Record<string, unknown> = {}) => count(() => ok(server, query, variables, actor.brand.token));
    const range = { from: "2020-01-01", to: "2030-12-31" };
    const [advertiserSmall, advertiserLarge] = [await run(small, ADVERTISER, { range }), await run(large, ADVERTISER, { range })];
    const [listSmall, listLarge] = [await run(small, CAMPAIGN_LIST), await run(large, CAMPAIGN_LIST)];
    console.info(`advertiserStatistics: ${advertiserSmall} / ${advertiserLarge} statements; campaign list statistics: ${listSmall} / ${listLarge}`);
    expect(advertiserLarge).toBe(advertiserSmall);
    expect(listLarge).toBe(listSmall);
    const data = await ok(server, CAMPAIGN_LIST, {}, large.brand.token);
    expect(data.campaigns.edges).toHaveLength(5);
    for (const { node } of data.campaigns.edges) expect(node.statistics.networks[0].posts).toBe(5);
  });

  it("costs the same on every legacy path", async () => {
    const paths: [string, (world: World) => Record<string, unknown>][] = [
      ["/api/advertiser/stats/financial/", () => ({ date_from: "2020-01-01", currency: "EUR" })],
      ["/api/advertiser/maximum-limit/", () => ({})],
      ["/api/advertiser/invoices/", () => ({ invoice_status: "paid" })],
      ["/api/campaigns/stats/general/", () => ({ date_from: "2020-01-01" })],
      ["/api/campaigns/stats/status/", () => ({})],
      ["/api/campaigns/stats/networks/", () => ({})],
      ["/api/campaign/stats/networks/", (world) => ({ campaign_id: world.campaigns[0]!.legacyId })],
      ["/api/campaign/stats/costs/", (world) => ({ campaign_id: world.campaigns[1]!.legacyId })],
    ];
    for (const [path, form] of paths) {
      const run = (world: World) =>
        count(async () => {
          const response = await legacyPost(server, path, { token: world.brand.token, form: form(world) });
          expect(response.status, JSON.stringify(response.body)).toBe(200);
        });
      const [few, many] = [await run(small), await run(large)];
      expect(many, path).toBe(few);
    }
  });
});

// A brand's credit limit (src/wallets/credit-limit.ts, docs/money.md "Credit limit"): admins set and remove
// it, fundCampaign refuses a funding that would take the escrow held for the brand's campaigns (converted to
// the limit's currency) above it, and two concurrent fundings that are each under but together over the
// limit cannot both pass.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createActiveCampaign, errorCode, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, adminToken } from "../../support/legacy-app.js";
import { key, money } from "../../support/money.js";

let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN, seedDemoData: false });
  admin = await adminToken(server);
});
afterAll(() => server?.close());

const SET_LIMIT = `mutation($input: SetAdvertiserCreditLimitInput!) {
  setAdvertiserCreditLimit(input: $input) { advertiser { id } creditLimit { amountCents currency } }
}`;
const FUND = `mutation($input: FundCampaignInput!) { fundCampaign(input: $input) { escrowBalanceCents } }`;
const LIMIT = `query($id: ID) { advertiserStatistics(advertiserId: $id) { maximumLimit { amountCents currency } } }`;

const setLimit = (advertiserId: string, amountCents: number | null, currency?: string) =>
  ok(server, SET_LIMIT, { input: { advertiserId, amountCents, currency } }, admin);
const fund = (brand: Actor, campaignId: string, amountCents: number) =>
  server.gql(FUND, { input: { campaignId, amountCents, idempotencyKey: key() } }, brand.token);

describe("setAdvertiserCreditLimit", () => {
  it("sets, reads and removes a brand's limit; admin only", async () => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    expect((await ok(server, LIMIT, {}, brand.token)).advertiserStatistics.maximumLimit).toBeNull();
    const set = await setLimit(brand.id, 12_345, "eur");
    expect(set.setAdvertiserCreditLimit).toEqual({ advertiser: { id: brand.id }, creditLimit: { amountCents: 12_345, currency: "EUR" } });
    expect((await ok(server, LIMIT, {}, brand.token)).advertiserStatistics.maximumLimit).toEqual({ amountCents: 12_345, currency: "EUR" });
    expect((await setLimit(brand.id, null)).setAdvertiserCreditLimit.creditLimit).toBeNull();
    expect((await ok(server, LIMIT, { id: brand.id }, admin)).advertiserStatistics.maximumLimit).toBeNull();

    const input = { advertiserId: brand.id, amountCents: 100, currency: "USD" };
    expect(await errorCode(server, SET_LIMIT, { input }, brand.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, SET_LIMIT, { input }, influencer.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, SET_LIMIT, { input: { ...input, advertiserId: influencer.id } }, admin)).toBe("NOT_FOUND");
    for (const bad of [{ amountCents: -1 }, { currency: "XXX" }, { currency: null }, { currency: "dollars" }]) {
      expect(await errorCode(server, SET_LIMIT, { input: { ...input, ...bad } }, admin), JSON.stringify(bad)).toBe("VALIDATION_ERROR");
    }
    expect((await ok(server, LIMIT, {}, brand.token)).advertiserStatistics.maximumLimit).toBeNull();
  });
});

describe("fundCampaign under a credit limit", () => {
  it("refuses a funding that would take the brand's escrow, converted, above the limit", async () => {
    const brand = await signUp(server, "BRAND");
    const usd = await createActiveCampaign(server, brand, { currency: "USD" });
    const gbp = await createActiveCampaign(server, brand, { currency: "GBP" });
    // Unlimited before a limit is set.
    expect((await fund(brand, usd, 10_000)).errors).toBeUndefined();
    await setLimit(brand.id, 10_000, "EUR");
    // Held: 100.00 USD = 92.00 EUR. +8.00 USD → 108.00 USD = 99.36 EUR ≤ 100; +1.00 more → 100.28 EUR.
    expect((await fund(brand, usd, 800)).errors).toBeUndefined();
    const refused = await fund(brand, usd, 100);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", details: { limitCents: 10_000, currency: "EUR", heldAfterFundingCents: 10_028 } });
    // Campaigns in other currencies count too: 0.79 GBP = 1.00 USD = 0.92 EUR would also be over.
    expect((await fund(brand, gbp, 79)).errors?.[0]?.extensions.code).toBe("CONFLICT");
    // 0.50 GBP = 0.58 EUR (50 / 0.79 × 0.92 = 58.2): 99.36 + 0.58 = 99.94.
    expect((await fund(brand, gbp, 50)).errors).toBeUndefined();
    const { checkInvariants } = money(server);
    await checkInvariants();
    // The refused fundings moved nothing.
    const wallet = await ok(server, `query($id: ID!) { campaign(id: $id) { wallet { escrowBalanceCents fundedCents } } }`, { id: usd }, brand.token);
    expect(wallet.campaign.wallet).toEqual({ escrowBalanceCents: 10_800, fundedCents: 10_800 });
    // Another brand's escrow does not count; removing the limit lifts it.
    const other = await signUp(server, "BRAND");
    expect((await fund(other, await createActiveCampaign(server, other), 1_000_000)).errors).toBeUndefined();
    await setLimit(brand.id, null);
    expect((await fund(brand, usd, 1_000_000)).errors).toBeUndefined();
  });

  it("lets exactly one of two concurrent fundings through when together they exceed the limit", async () => {
    for (let round = 0; round < 3; round++) {
      const brand = await signUp(server, "BRAND");
      const [first, second] = await Promise.all([createActiveCampaign(server, brand), createActiveCampaign(server, brand)]);
      await setLimit(brand.id, 10_000, "USD");
      const answers = await Promise.all([fund(brand, first, 6_000), fund(brand, second, 6_000)]);
      const codes = answers.map((answer) => answer.errors?.[0]?.extensions.code ?? "OK").sort();
      expect(codes).toEqual(["CONFLICT", "OK"]);
      const held = await ok(server, `query($a: ID!, $b: ID!) { a: campaign(id: $a) { wallet { escrowBalanceCents } } b: campaign(id: $b) { wallet { escrowBalanceCents } } }`, { a: first, b: second }, brand.token);
      expect(held.a.wallet.escrowBalanceCents + held.b.wallet.escrowBalanceCents).toBe(6_000);
    }
  });
});

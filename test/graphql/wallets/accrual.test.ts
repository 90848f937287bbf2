// Accrual by the rate card (docs/analytics.md), with hand-computed expectations: flat + CPM, views where the
// platform reports no impressions, falling counts, rounding over many small steps, blocked amounts and
// their release in order, payouts, and what happens when a submission stops being tracked.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { ok } from "../../support/factories.js";
import { key, money, PAY_OUT } from "../../support/money.js";
import { queryRows } from "../../../src/db/client.js";
import { accrueCampaign, accrueSubmission } from "../../../src/wallets/accrual.service.js";
import { earnedCents } from "../../../src/wallets/money.js";

let server: TestServer;
let m: ReturnType<typeof money>;
beforeAll(async () => {
  server = await startTestServer();
  m = money(server);
});
afterAll(() => server?.close());

const accrue = (sid: number) => accrueSubmission(m.db(), sid);

describe("earnedCents", () => {
  it.each([
    [500, 250, 12_345, 500 + 3_086], // 12,345 × 250 / 1000 = 3,086.25
    [0, 130, 7_777, 1_011], // 1,011.01
    [100, 999, 999, 100 + 998], // 998.001
    [0, 1, 999, 0],
    [0, 1, 1_000, 1],
    [0, 1_001, 999_999_999_999_999, 1_000_999_999_999_998], // the product passes 2^53: floating point would say …999
  ])("flat %i + floor(%i CPM × %i units / 1000) = %i", (flat, cpm, units, expected) => {
    expect(earnedCents(flat, cpm, units)).toBe(expected);
  });

  it("refuses a total beyond what cents can hold exactly", () => {
    expect(() => earnedCents(0, 1_000_000, 9_999_999_999_999_999)).toThrow();
  });
});

describe("accrueSubmission", () => {
  it("flat + CPM on impressions, funded from escrow; falling counts never claw back; re-running adds nothing", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 500, cpmCents: 250 });
    await m.fund(brand, campaignId, 100_000);
    const { sid } = await m.acceptedSubmission(brand, campaignId);

    await m.snapshot(sid, { impressions: 12_345, views: 9_000 });
    expect(await accrue(sid)).toMatchObject({ tracked: true, accruedCents: 3_586, fundedCents: 3_586, blockedCents: 0 });
    expect(await m.earnings(sid)).toMatchObject({ highWaterUnits: 12_345, earnedCents: 3_586, accruedCents: 3_586, blockedCents: 0, paidCents: 0, blockedReason: null });
    expect(await accrue(sid)).toMatchObject({ accruedCents: 0 });

    await m.snapshot(sid, { impressions: 10_000 }); // the platform's count fell
    expect(await accrue(sid)).toMatchObject({ accruedCents: 0 });
    expect(await m.earnings(sid)).toMatchObject({ highWaterUnits: 12_345, accruedCents: 3_586 });

    await m.snapshot(sid, { impressions: 20_000 });
    expect(await accrue(sid)).toMatchObject({ accruedCents: 1_914 }); // 500 + 5,000 − 3,586
    expect(await m.wallet(brand, campaignId)).toEqual({
      currency: "USD",
      escrowBalanceCents: 100_000 - 5_500,
      fundedCents: 100_000,
      accruedCents: 5_500,
      blockedCents: 0,
      paidCents: 0,
      payableCents: 5_500,
    });
    await m.checkInvariants();
  });

  it.each(["TIKTOK", "YOUTUBE"])("%s: CPM on views when the platform reports no impressions", async (platform) => {
    const { brand, campaignId } = await m.campaign({ flatCents: 0, cpmCents: 130 });
    await m.fund(brand, campaignId, 50_000);
    const { sid } = await m.acceptedSubmission(brand, campaignId, { platform });
    await m.snapshot(sid, { impressions: null, views: 7_777 });
    expect(await accrue(sid)).toMatchObject({ accruedCents: 1_011 });
    await m.snapshot(sid, { impressions: null, views: 7_000 });
    await m.snapshot(sid, { impressions: null, views: 15_384 }); // 1,999.92
    expect(await accrue(sid)).toMatchObject({ accruedCents: 1_999 - 1_011 });
    expect(await m.earnings(sid)).toMatchObject({ highWaterUnits: 15_384, accruedCents: 1_999 });
    await m.checkInvariants();
  });

  it("rounding over 250 small increments never drifts: the total is floor(final units × CPM / 1000)", async () => {
    const { brand, campaignId, cid } = await m.campaign({ flatCents: 0, cpmCents: 7 });
    await m.fund(brand, campaignId, 1_000);
    const { sid } = await m.acceptedSubmission(brand, campaignId);
    let accrued = 0;
    for (let step = 1; step <= 250; step++) {
      await m.snapshot(sid, { impressions: step * 13 });
      accrued += (await accrue(sid))!.accruedCents;
      expect(accrued).toBe(Math.floor((step * 13 * 7) / 1000));
    }
    expect(accrued).toBe(22); // 3,250 × 7 / 1000 = 22.75; floor per step would give 0
    const [ledger] = await queryRows<{ accrued: string }>(
      m.db(),
      sql`select coalesce(sum(e.amount_cents), 0)::text as accrued from ledger_entries e
          join ledger_accounts a on a.id = e.account_id join ledger_transactions t on t.id = e.transaction_id
          where a.kind = 'INFLUENCER_PAYABLE' and t.kind = 'ACCRUAL' and a.campaign_id = ${cid}`,
    );
    expect(Number(ledger!.accrued)).toBe(22);
    await m.checkInvariants();
  });

  it("the flat fee accrues once a tracked submission is accrued, even before any snapshot", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 1_200, cpmCents: 500 });
    await m.fund(brand, campaignId, 10_000);
    const { sid } = await m.acceptedSubmission(brand, campaignId);
    expect(await accrue(sid)).toMatchObject({ accruedCents: 1_200 });
    expect(await accrue(sid)).toMatchObject({ accruedCents: 0 });
  });

  it("a submission that is not accepted accrues nothing and gets no earnings row", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 1_000, cpmCents: 0 });
    const { sid } = await m.acceptedSubmission(brand, campaignId);
    await m.db().execute(sql`update submissions set status = 'PENDING' where id = ${sid}`);
    expect(await accrue(sid)).toMatchObject({ tracked: false, accruedCents: 0, earnings: undefined });
    expect(await m.earnings(sid)).toBeUndefined();
    expect(await accrue(2_000_000_000)).toBeUndefined();
  });

  it("two accruals of the same growth at once accrue it once", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 0, cpmCents: 1_000 });
    await m.fund(brand, campaignId, 1_000_000);
    const { sid } = await m.acceptedSubmission(brand, campaignId);
    await m.snapshot(sid, { impressions: 4_321 });
    const results = await Promise.all(Array.from({ length: 8 }, () => accrue(sid)));
    expect(results.reduce((sum, r) => sum + r!.accruedCents, 0)).toBe(4_321);
    expect(await m.earnings(sid)).toMatchObject({ accruedCents: 4_321 });
    await m.checkInvariants();
  });
});

describe("blocked accruals", () => {
  it("what escrow cannot cover is blocked (INSUFFICIENT_ESCROW); funding releases blocked amounts oldest first", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 1_000, cpmCents: 0 });
    await m.fund(brand, campaignId, 300);
    const a = await m.acceptedSubmission(brand, campaignId);
    const b = await m.acceptedSubmission(brand, campaignId);
    const c = await m.acceptedSubmission(brand, campaignId);

    expect(await accrue(a.sid)).toMatchObject({ accruedCents: 1_000, fundedCents: 300, blockedCents: 700 });
    expect(await accrue(b.sid)).toMatchObject({ accruedCents: 1_000, fundedCents: 0, blockedCents: 1_000 });
    expect(await accrue(c.sid)).toMatchObject({ accruedCents: 1_000, fundedCents: 0, blockedCents: 1_000 });
    expect(await m.earnings(a.sid)).toMatchObject({ blockedCents: 700, blockedReason: "INSUFFICIENT_ESCROW" });
    expect(await m.wallet(brand, campaignId)).toMatchObject({ escrowBalanceCents: 0, accruedCents: 3_000, blockedCents: 2_700, payableCents: 300 });
    await m.checkInvariants();

    // 1,500 covers a's 700 and 800 of b's 1,000; c waits.
    expect(await m.fund(brand, campaignId, 1_500)).toMatchObject({ amountCents: 1_500, releasedCents: 1_500, escrowBalanceCents: 0 });
    expect(await m.earnings(a.sid)).toMatchObject({ blockedCents: 0, blockedReason: null, blockedSince: null });
    expect(await m.earnings(b.sid)).toMatchObject({ blockedCents: 200, blockedReason: "INSUFFICIENT_ESCROW" });
    expect(await m.earnings(c.sid)).toMatchObject({ blockedCents: 1_000 });
    await m.checkInvariants();

    expect(await m.fund(brand, campaignId, 2_000)).toMatchObject({ releasedCents: 1_200, escrowBalanceCents: 800 });
    expect(await m.wallet(brand, campaignId)).toMatchObject({ escrowBalanceCents: 800, fundedCents: 3_800, accruedCents: 3_000, blockedCents: 0, payableCents: 3_000 });

    const earnings = await ok(
      server,
      `query($id: ID!) { participation(id: $id) { earnings { currency accruedCents blockedCents blockedReason paidCents payableCents } } }`,
      { id: c.participationId },
      c.influencer.token,
    );
    expect(earnings.participation.earnings).toEqual({ currency: "USD", accruedCents: 1_000, blockedCents: 0, blockedReason: null, paidCents: 0, payableCents: 1_000 });
    await m.checkInvariants();
  });
});

describe("payOut", () => {
  it("pays payable earnings (not blocked ones), updates paid_cents per submission, and the influencer sees it", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 1_000, cpmCents: 100 });
    await m.fund(brand, campaignId, 2_500);
    const a = await m.acceptedSubmission(brand, campaignId);
    const b = await m.acceptedSubmission(brand, campaignId);
    await m.snapshot(a.sid, { impressions: 5_000 }); // 1,500
    await m.snapshot(b.sid, { impressions: 20_000 }); // 3,000: 1,000 funded, 2,000 blocked
    await accrue(a.sid);
    await accrue(b.sid);

    const onlyA = await ok(server, PAY_OUT, { input: { campaignId, influencerId: a.influencer.id, idempotencyKey: key() } }, brand.token);
    expect(onlyA.payOut).toMatchObject({ paidCents: 1_500, transaction: { kind: "PAYOUT" } });
    const all = await ok(server, PAY_OUT, { input: { campaignId, idempotencyKey: key() } }, brand.token);
    expect(all.payOut.paidCents).toBe(1_000);
    expect(await m.earnings(a.sid)).toMatchObject({ accruedCents: 1_500, paidCents: 1_500, blockedCents: 0 });
    expect(await m.earnings(b.sid)).toMatchObject({ accruedCents: 3_000, paidCents: 1_000, blockedCents: 2_000 });
    const nothing = await ok(server, PAY_OUT, { input: { campaignId, idempotencyKey: key() } }, brand.token);
    expect(nothing.payOut.paidCents).toBe(0);

    await m.fund(brand, campaignId, 2_000);
    expect((await ok(server, PAY_OUT, { input: { campaignId, idempotencyKey: key() } }, brand.token)).payOut.paidCents).toBe(2_000);
    expect(await m.wallet(brand, campaignId)).toMatchObject({ escrowBalanceCents: 0, accruedCents: 4_500, paidCents: 4_500, blockedCents: 0, payableCents: 0 });

    const viewer = await ok(server, `{ viewer { earnings { currency accruedCents paidCents blockedCents payableCents } } }`, {}, b.influencer.token);
    expect(viewer.viewer.earnings).toEqual([{ currency: "USD", accruedCents: 3_000, paidCents: 3_000, blockedCents: 0, payableCents: 0 }]);
    await m.checkInvariants();
  });

  it("an influencer who is not in the campaign is NOT_FOUND; a malformed id is VALIDATION_ERROR", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 1 });
    const response = await server.gql(PAY_OUT, { input: { campaignId, influencerId: brand.id, idempotencyKey: key() } }, brand.token);
    expect(response.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    const malformed = await server.gql(PAY_OUT, { input: { campaignId, influencerId: "nope", idempotencyKey: key() } }, brand.token);
    expect(malformed.errors?.[0]?.extensions.code).toBe("VALIDATION_ERROR");
  });
});

describe("tracking", () => {
  it("a submission that stops being tracked (limit lowered) keeps what it accrued and accrues no more", async () => {
    const { brand, campaignId, cid } = await m.campaign({ flatCents: 100, cpmCents: 1_000 }, { submissionLimit: 2 });
    await m.fund(brand, campaignId, 1_000_000);
    const first = await m.acceptedSubmission(brand, campaignId);
    const second = await m.acceptedSubmission(brand, campaignId, { influencer: first.influencer });
    await m.snapshot(first.sid, { impressions: 1_000 });
    await m.snapshot(second.sid, { impressions: 2_000 });
    expect(await accrueCampaign(m.db(), cid)).toEqual({ submissionCount: 2, accruedCents: 1_100 + 2_100, fundedCents: 3_200, blockedCents: 0 });

    await ok(server, `mutation($id: ID!) { updateCampaign(id: $id, input: { submissionLimit: 1 }) { campaign { id } } }`, { id: campaignId }, brand.token);
    await m.snapshot(first.sid, { impressions: 3_000 });
    await m.snapshot(second.sid, { impressions: 9_000 });
    expect(await accrueCampaign(m.db(), cid)).toEqual({ submissionCount: 1, accruedCents: 2_000, fundedCents: 2_000, blockedCents: 0 });
    expect(await accrue(second.sid)).toMatchObject({ tracked: false, accruedCents: 0 });
    expect(await m.earnings(second.sid)).toMatchObject({ accruedCents: 2_100, highWaterUnits: 2_000 });
    // What it accrued is still paid out.
    expect((await ok(server, PAY_OUT, { input: { campaignId, idempotencyKey: key() } }, brand.token)).payOut.paidCents).toBe(3_100 + 2_100);
    await m.checkInvariants();
  });
});

describe("metrics refresh", () => {
  it("refreshParticipationMetrics stores a snapshot and accrues it (views: Instagram reports no impressions)", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 250, cpmCents: 400 });
    await m.fund(brand, campaignId, 1_000_000);
    const { sid, participationId, influencer } = await m.acceptedSubmission(brand, campaignId, { postedAt: new Date(Date.now() - 72 * 3_600_000) });
    const refreshed = await ok(
      server,
      `mutation($id: ID!) { refreshParticipationMetrics(participationId: $id) { snapshot { impressions views } } }`,
      { id: participationId },
      influencer.token,
    );
    const { impressions, views } = refreshed.refreshParticipationMetrics.snapshot;
    expect(impressions).toBeNull();
    expect(views).toBeGreaterThan(0);
    expect(await m.earnings(sid)).toMatchObject({ highWaterUnits: views, accruedCents: 250 + Math.floor((views * 400) / 1000) });
    await m.checkInvariants();
  });
});

// The rate card's typed fields and updateRateCard, and the promo bonuses a completed campaign awards
// (docs/money.md, "Bonuses"): winners from hand-computed metrics, awarded once however often or however
// concurrently the campaign is completed, funded from escrow (blocked when it runs short), ledger balanced.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createCampaign, errorCode, ok, setCampaignStatus, signUp, type Actor } from "../../support/factories.js";
import { money } from "../../support/money.js";
import { insertSnapshots, submissionAnalytics, type Counts } from "../../support/analytics.js";
import { queryRows } from "../../../src/db/client.js";
import { accrueCampaign, accrueSubmission } from "../../../src/wallets/accrual.service.js";
import { awardCampaignBonuses } from "../../../src/wallets/bonus.service.js";
import { insertTransaction } from "../../../src/ledger/ledger.service.js";

const errorCodeOf = (response: { errors?: { extensions: { code: string } }[] }) => response.errors?.[0]?.extensions.code;

let server: TestServer;
let m: ReturnType<typeof money>;
beforeAll(async () => {
  server = await startTestServer();
  m = money(server);
});
afterAll(() => server?.close());

const RATE_CARD = "flatCents postRateCents cpmCents minimumRewardCents hasBonus promoReachBonusCents promoEngagementRateBonusCents promoBestPostBonusCents";
const UPDATE_RATE_CARD = `mutation($campaignId: ID!, $input: UpdateRateCardInput!) {
  updateRateCard(campaignId: $campaignId, input: $input) { campaign { id rateCard { ${RATE_CARD} } } }
}`;

describe("updateRateCard", () => {
  it("sets the typed fields; postRateCents is flatCents", async () => {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createCampaign(server, brand, { rateCard: { flatCents: 100, cpmCents: 50 } });
    const input = { postRateCents: 3_000, minimumRewardCents: 2_500, hasBonus: true, promoReachBonusCents: 5_000, promoEngagementRateBonusCents: 2_500, promoBestPostBonusCents: 10_000 };
    const data = await ok(server, UPDATE_RATE_CARD, { campaignId, input }, brand.token);
    expect(data.updateRateCard.campaign.rateCard).toEqual({ flatCents: 3_000, cpmCents: 50, ...input });
    // Omitted fields stay.
    const again = await ok(server, UPDATE_RATE_CARD, { campaignId, input: { promoReachBonusCents: 0 } }, brand.token);
    expect(again.updateRateCard.campaign.rateCard).toMatchObject({ postRateCents: 3_000, promoReachBonusCents: 0, hasBonus: true });
  });

  it("refuses negative money (VALIDATION_ERROR naming each field), other brands and influencers", async () => {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createCampaign(server, brand);
    const response = await server.gql(UPDATE_RATE_CARD, { campaignId, input: { postRateCents: -1, promoBestPostBonusCents: -5 } }, brand.token);
    expect(response.errors?.[0]?.extensions.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(response.errors![0]!.extensions.details.fields).sort()).toEqual(["postRateCents", "promoBestPostBonusCents"]);
    const other = await signUp(server, "BRAND");
    expect(await errorCode(server, UPDATE_RATE_CARD, { campaignId, input: { postRateCents: 1 } }, other.token)).toBe("NOT_FOUND");
    const influencer = await signUp(server, "INFLUENCER");
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_ACTIVE");
    expect(await errorCode(server, UPDATE_RATE_CARD, { campaignId, input: { postRateCents: 1 } }, influencer.token)).toBe("PERMISSION_DENIED");
  });

  it("in a running campaign rates may only rise and bonuses change freely; a completed one is fixed", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 500, cpmCents: 100 });
    expect(await errorCode(server, UPDATE_RATE_CARD, { campaignId, input: { postRateCents: 499 } }, brand.token)).toBe("CONFLICT");
    expect(await errorCode(server, UPDATE_RATE_CARD, { campaignId, input: { cpmCents: 99 } }, brand.token)).toBe("CONFLICT");
    const UPDATE_CAMPAIGN = `mutation($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(id: $id, input: $input) { campaign { id } } }`;
    expect(await errorCode(server, UPDATE_CAMPAIGN, { id: campaignId, input: { rateCard: { flatCents: 1 } } }, brand.token)).toBe("CONFLICT");
    const raised = await ok(server, UPDATE_RATE_CARD, { campaignId, input: { postRateCents: 600, hasBonus: true, promoReachBonusCents: 10 } }, brand.token);
    expect(raised.updateRateCard.campaign.rateCard).toMatchObject({ postRateCents: 600, hasBonus: true, promoReachBonusCents: 10 });
    await ok(server, UPDATE_RATE_CARD, { campaignId, input: { hasBonus: false, promoReachBonusCents: 0 } }, brand.token);
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_COMPLETED");
    expect(await errorCode(server, UPDATE_RATE_CARD, { campaignId, input: { promoReachBonusCents: 10 } }, brand.token)).toBe("CONFLICT");
  });
});

/**
 * Polls until some session of this database waits on a row lock (PostgreSQL only), so that no sleep guesses;
 * or until `gaveUp()` (a request that was expected to wait finished instead).
 */
async function untilSomeoneWaitsOnALock(gaveUp: () => boolean = () => false) {
  while (!gaveUp()) {
    const [row] = await queryRows<{ n: number }>(
      m.db(),
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (row!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.runIf(process.env.DATABASE_URL !== undefined)("a rate card change racing an accrual (PostgreSQL)", () => {
  it("an accrual that waited on the escrow lock while the post rate rose earns the raised rate", async () => {
    const { brand, campaignId, cid } = await m.campaign({ flatCents: 100, cpmCents: 0 });
    await m.fund(brand, campaignId, 10_000);
    const post = await m.acceptedSubmission(brand, campaignId);
    let accrual: Promise<unknown> | undefined;
    // What updateRateCard does (rate-card.ts): take the escrow lock, raise the rate, commit. The accrual starts
    // while the lock is held, so it reads the submission before the raise commits and then waits.
    await m.db().transaction(async (tx) => {
      await tx.execute(sql`select id from ledger_accounts where campaign_id = ${cid} and kind = 'CAMPAIGN_ESCROW' for update`);
      await tx.execute(sql`update campaigns set rate_flat_cents = 300 where id = ${cid}`);
      accrual = accrueSubmission(m.db(), post.sid);
      await untilSomeoneWaitsOnALock();
    });
    await accrual;
    expect(await m.earnings(post.sid)).toMatchObject({ accruedCents: 300, earnedCents: 300 });
    await m.checkInvariants();
  });

  it("awarding reads hasBonus under the lock: a rate card change committed while it waited counts", async () => {
    const { brand, campaignId, cid } = await bonusCampaign(100_000);
    const post = await m.acceptedSubmission(brand, campaignId);
    await latest(post.sid, { reach: 300, likes: 30 });
    let award: Promise<unknown> | undefined;
    // Under the lock: updateRateCard turns the bonuses off, then the campaign completes (awarding nothing).
    await m.db().transaction(async (tx) => {
      await tx.execute(sql`select id from ledger_accounts where campaign_id = ${cid} and kind = 'CAMPAIGN_ESCROW' for update`);
      await tx.execute(sql`update campaigns set rate_has_bonus = false, status = 'CAMPAIGN_COMPLETED', completed_at = now() where id = ${cid}`);
      award = awardCampaignBonuses(m.db(), cid);
      await untilSomeoneWaitsOnALock();
    });
    expect(await award).toEqual([]);
    expect(await awardRows(cid)).toEqual([]);
    await m.checkInvariants();
  });

  it("updateCampaign cannot change the currency of a campaign whose first funding commits meanwhile", async () => {
    const { brand, campaignId, cid } = await m.campaign({ flatCents: 100 });
    const UPDATE = `mutation($id: ID!, $currency: Currency!) { updateCampaign(id: $id, input: { currency: $currency }) { campaign { currency } } }`;
    let answered = false;
    let update: Promise<Awaited<ReturnType<typeof server.gql>>> | undefined;
    // A funding holds the escrow lock and has written its transaction when the currency change arrives.
    await m.db().transaction(async (tx) => {
      await tx.execute(sql`select id from ledger_accounts where campaign_id = ${cid} and kind = 'CAMPAIGN_ESCROW' for update`);
      await insertTransaction(tx, { idempotencyKey: `test-fund:${cid}`, requestHash: "test", kind: "FUND", campaignId: cid, createdById: null });
      update = server.gql(UPDATE, { id: campaignId, currency: "EUR" }, brand.token).finally(() => (answered = true));
      await untilSomeoneWaitsOnALock(() => answered);
    });
    expect(errorCodeOf(await update!)).toBe("CONFLICT");
    const [row] = await queryRows<{ currency: string }>(m.db(), sql`select currency from campaigns where id = ${cid}`);
    expect(row!.currency).toBe("USD");
  });
});

const BONUS_CARD = { hasBonus: true, promoReachBonusCents: 5_000, promoEngagementRateBonusCents: 3_000, promoBestPostBonusCents: 2_000 };
const COMPLETE = `mutation($id: ID!) { setCampaignStatus(id: $id, status: CAMPAIGN_COMPLETED) { campaign { status } } }`;
const PARTICIPATION_MONEY = `query($id: ID!) {
  participation(id: $id) {
    earnings { accruedCents bonusCents blockedCents payableCents }
    bonuses { kind amountCents fundedAtAwardCents currency score submission { id } participation { id } }
  }
}`;
const CAMPAIGN_AWARDS = `query($id: ID!) { campaign(id: $id) { bonusAwards { kind amountCents participation { id } submission { id } } } }`;

let clock = Date.parse("2025-03-01T00:00:00Z");
/** An older snapshot with other counts, then the latest one: only the latest may count. */
async function latest(sid: number, counts: Counts) {
  clock += 3_600_000;
  await insertSnapshots(server, sid, [
    { at: new Date(clock - 1_800_000), reach: 99_999, likes: 99_999 },
    { at: new Date(clock), ...counts },
  ]);
}

/** A campaign on the bonus card with `flatCents` per post, funded with `fundCents`. */
async function bonusCampaign(fundCents: number, card: Record<string, unknown> = BONUS_CARD, submissionLimit = 3) {
  const { brand, campaignId, cid } = await m.campaign({ flatCents: 100, cpmCents: 0 }, { submissionLimit });
  await ok(server, UPDATE_RATE_CARD, { campaignId, input: card }, brand.token);
  if (fundCents > 0) await m.fund(brand, campaignId, fundCents);
  return { brand, campaignId, cid };
}

const complete = (brand: Actor, campaignId: string) => ok(server, COMPLETE, { id: campaignId }, brand.token);
const awardRows = (cid: number) =>
  queryRows<{ kind: string; submission_id: number; amount_cents: string; funded_cents: string; score: string }>(
    m.db(),
    sql`select kind, submission_id, amount_cents::text, funded_cents::text, score::text from campaign_bonus_awards where campaign_id = ${cid} order by kind::text`,
  );
const bonusTransactions = (cid: number) =>
  queryRows<{ idempotency_key: string }>(m.db(), sql`select idempotency_key from ledger_transactions where campaign_id = ${cid} and idempotency_key like 'bonus:%' order by 1`);

describe("bonuses on completion", () => {
  it("awards reach, engagement rate and best post to the hand-computed winners, once, over tracked posts' latest snapshots", async () => {
    const { brand, campaignId, cid } = await bonusCampaign(100_000);
    const a1 = await m.acceptedSubmission(brand, campaignId);
    const a2 = await m.acceptedSubmission(brand, campaignId, { influencer: a1.influencer });
    const a3 = await m.acceptedSubmission(brand, campaignId, { influencer: a1.influencer });
    const b1 = await m.acceptedSubmission(brand, campaignId);
    // a3 stops being tracked: its huge counts must not count.
    await ok(server, `mutation($id: ID!) { updateCampaign(id: $id, input: { submissionLimit: 2 }) { campaign { id } } }`, { id: campaignId }, brand.token);
    await latest(a1.sid, { reach: 1_000, likes: 50, comments: 10, shares: 0, saves: 0 }); // engagements 60
    await latest(a2.sid, { reach: 500, likes: 40, comments: 5, shares: 5 }); // 50 (saves not reported: 0)
    await latest(a3.sid, { reach: 100_000, likes: 90_000 });
    await latest(b1.sid, { reach: 1_200, likes: 100, comments: 20, shares: 10, saves: 10 }); // 140
    // A: reach 1,500, rate 110 / 1,500 = 0.0733…; B: reach 1,200, rate 140 / 1,200 = 0.1166…; best post b1 (140).
    expect(await accrueCampaign(m.db(), cid)).toMatchObject({ submissionCount: 3, accruedCents: 300 });

    expect((await complete(brand, campaignId)).setCampaignStatus.campaign.status).toBe("CAMPAIGN_COMPLETED");
    expect(await awardRows(cid)).toEqual([
      { kind: "REACH", submission_id: a1.sid, amount_cents: "5000", funded_cents: "5000", score: "1500" },
      { kind: "ENGAGEMENT_RATE", submission_id: b1.sid, amount_cents: "3000", funded_cents: "3000", score: expect.stringMatching(/^0\.11666666/) },
      { kind: "BEST_POST", submission_id: b1.sid, amount_cents: "2000", funded_cents: "2000", score: "140" },
    ].sort((x, y) => x.kind.localeCompare(y.kind)));
    expect(await m.earnings(a1.sid)).toMatchObject({ accruedCents: 5_100, bonusCents: 5_000, blockedCents: 0 });
    expect(await m.earnings(b1.sid)).toMatchObject({ accruedCents: 5_100, bonusCents: 5_000 });
    expect(await m.earnings(a3.sid)).toBeUndefined();

    const a = (await ok(server, PARTICIPATION_MONEY, { id: a1.participationId }, a1.influencer.token)).participation;
    expect(a.earnings).toEqual({ accruedCents: 5_200, bonusCents: 5_000, blockedCents: 0, payableCents: 5_200 });
    expect(a.bonuses).toEqual([
      { kind: "REACH", amountCents: 5_000, fundedAtAwardCents: 5_000, currency: "USD", score: 1_500, submission: { id: a1.submissionId }, participation: { id: a1.participationId } },
    ]);
    const b = (await ok(server, PARTICIPATION_MONEY, { id: b1.participationId }, brand.token)).participation;
    expect(b.bonuses.map((bonus: { kind: string }) => bonus.kind)).toEqual(["ENGAGEMENT_RATE", "BEST_POST"]);
    expect(b.bonuses[0].score).toBeCloseTo(140 / 1_200, 12);
    // The bonus is part of the carrying submission's money in its analytics.
    expect((await submissionAnalytics(server, brand.token, b1.submissionId)).money).toMatchObject({ accruedCents: 5_100, blockedCents: 0, payableCents: 5_100 });
    const onSubmission = await ok(server, `query($id: ID!) { node(id: $id) { ... on Submission { bonuses { kind } } } }`, { id: b1.submissionId }, brand.token);
    expect(onSubmission.node.bonuses).toEqual([{ kind: "ENGAGEMENT_RATE" }, { kind: "BEST_POST" }]);
    expect((await ok(server, CAMPAIGN_AWARDS, { id: campaignId }, brand.token)).campaign.bonusAwards).toHaveLength(3);
    expect((await ok(server, CAMPAIGN_AWARDS, { id: campaignId }, a1.influencer.token)).campaign.bonusAwards).toEqual([]);
    expect(await m.wallet(brand, campaignId)).toMatchObject({ escrowBalanceCents: 100_000 - 300 - 10_000, accruedCents: 10_300, blockedCents: 0 });

    // Completing again, awarding again, and a late snapshot change nothing.
    const before = await m.ledgerState();
    await complete(brand, campaignId);
    expect(await awardCampaignBonuses(m.db(), cid)).toEqual([]);
    await latest(a2.sid, { reach: 50_000, likes: 10_000 });
    expect(await accrueSubmission(m.db(), a2.sid)).toMatchObject({ tracked: false, accruedCents: 0 });
    expect(await m.ledgerState()).toBe(before);
    expect(await bonusTransactions(cid)).toEqual([
      { idempotency_key: `bonus:${cid}:BEST_POST` },
      { idempotency_key: `bonus:${cid}:ENGAGEMENT_RATE` },
      { idempotency_key: `bonus:${cid}:REACH` },
    ]);
    await m.checkInvariants();
  });

  it("ties go to the earliest participation; a kind nobody qualifies for, a zero amount or hasBonus false awards nothing", async () => {
    const { brand, campaignId, cid } = await bonusCampaign(100_000, { ...BONUS_CARD, promoBestPostBonusCents: 0 });
    const first = await m.acceptedSubmission(brand, campaignId);
    const second = await m.acceptedSubmission(brand, campaignId);
    const silent = await m.acceptedSubmission(brand, campaignId);
    const viewsOnly = await m.acceptedSubmission(brand, campaignId);
    await latest(first.sid, { reach: 800, likes: 40 }); // rate 0.05
    await latest(second.sid, { reach: 800, likes: 20, comments: 20 }); // same reach, same rate
    await latest(silent.sid, { comments: 0 }); // nothing else reported: reach 0, engagements 0
    await latest(viewsOnly.sid, { views: 800 }); // no reach, no impressions: views are its reach (a tie too), no engagements
    await complete(brand, campaignId);
    const awards = await awardRows(cid);
    expect(awards.map((award) => [award.kind, award.submission_id])).toEqual([
      ["ENGAGEMENT_RATE", first.sid],
      ["REACH", first.sid],
    ]);

    const none = await bonusCampaign(100_000);
    const lonely = await m.acceptedSubmission(none.brand, none.campaignId); // no snapshot at all
    expect(lonely).toBeDefined();
    await complete(none.brand, none.campaignId);
    expect(await awardRows(none.cid)).toEqual([]);

    const off = await bonusCampaign(100_000, { ...BONUS_CARD, hasBonus: false });
    const post = await m.acceptedSubmission(off.brand, off.campaignId);
    await latest(post.sid, { reach: 10, likes: 1 });
    await complete(off.brand, off.campaignId);
    expect(await awardRows(off.cid)).toEqual([]);
    await m.checkInvariants();
  });

  it("an escrow shortfall blocks the bonuses like any accrual; funding later releases them", async () => {
    const { brand, campaignId, cid } = await bonusCampaign(6_000);
    const winner = await m.acceptedSubmission(brand, campaignId);
    await latest(winner.sid, { reach: 100, likes: 10 });
    await accrueCampaign(m.db(), cid); // flat 100
    await complete(brand, campaignId);
    // Escrow 5,900 after the flat fee: REACH 5,000 funded, ENGAGEMENT_RATE 900 of 3,000, BEST_POST 0 of 2,000.
    expect((await awardRows(cid)).map((award) => [award.kind, award.funded_cents])).toEqual([
      ["BEST_POST", "0"],
      ["ENGAGEMENT_RATE", "900"],
      ["REACH", "5000"],
    ]);
    expect(await m.earnings(winner.sid)).toMatchObject({ accruedCents: 10_100, bonusCents: 10_000, blockedCents: 4_100, blockedReason: "INSUFFICIENT_ESCROW" });
    expect(await m.wallet(brand, campaignId)).toMatchObject({ escrowBalanceCents: 0, blockedCents: 4_100, payableCents: 6_000 });
    await m.checkInvariants();
    expect((await m.fund(brand, campaignId, 5_000)).releasedCents).toBe(4_100);
    expect(await m.earnings(winner.sid)).toMatchObject({ blockedCents: 0, blockedReason: null });
    await m.checkInvariants();
  });

  it("concurrent completions award each bonus once", async () => {
    const { brand, campaignId, cid } = await bonusCampaign(100_000);
    const post = await m.acceptedSubmission(brand, campaignId);
    await latest(post.sid, { reach: 300, likes: 30 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => server.gql(COMPLETE, { id: campaignId }, brand.token)));
    for (const answer of answers) expect(answer.errors ?? []).toEqual([]);
    await Promise.all(Array.from({ length: 4 }, () => awardCampaignBonuses(m.db(), cid)));
    expect(await awardRows(cid)).toHaveLength(3);
    expect(await bonusTransactions(cid)).toHaveLength(3);
    expect(await m.earnings(post.sid)).toMatchObject({ accruedCents: 10_000, bonusCents: 10_000 });
    await m.checkInvariants();
  });
});

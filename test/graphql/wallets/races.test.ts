// Money against the campaign lifecycle: fundings racing a cancellation, refunds (idempotent, once in total
// under parallel requests), what stops accruing (completed or cancelled campaigns, left or rejected
// participations) and what the refresher stops claiming, and idempotency keys scoped to their account.
// On the PostgreSQL server (DATABASE_URL) the parallel requests are parallel transactions; on PGlite they
// interleave on one connection. A trigger installed below refuses, in the database itself, any FUND or
// ACCRUAL entry written while the campaign is cancelled, and any ACCRUAL entry while it is completed.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type GraphQLResponse, type TestServer } from "../../support/server.js";
import { ok, setCampaignStatus, signUp, type Actor } from "../../support/factories.js";
import { FUND, key, money, PAY_OUT } from "../../support/money.js";
import { queryRows } from "../../../src/db/client.js";
import { newPublicId } from "../../../src/shared/ids.js";
import type { Config } from "../../../src/config.js";
import { MetricsRefresher } from "../../../src/metrics/refresher.js";
import { accrueCampaign, accrueSubmission } from "../../../src/wallets/accrual.service.js";
import { requestHash } from "../../../src/ledger/ledger.service.js";
import { campaigns, ledgerTransactions, users } from "../../../schema/tables.js";

const REFUND = `mutation($input: RefundCampaignInput!) {
  refundCampaign(input: $input) { campaign { id status wallet { escrowBalanceCents fundedCents } } transaction { id kind } refundedCents escrowBalanceCents }
}`;
const SET_STATUS = `mutation($id: ID!, $status: CampaignStatus!) { setCampaignStatus(id: $id, status: $status) { campaign { id status } } }`;
const REFRESH = `mutation($id: ID!) { refreshParticipationMetrics(participationId: $id) { snapshot { views } } }`;

let server: TestServer;
let m: ReturnType<typeof money>;
beforeAll(async () => {
  server = await startTestServer();
  m = money(server);
  await m.db().execute(sql`
    create function refuse_money_after_campaign_end() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from ledger_transactions t join campaigns c on c.id = t.campaign_id
                 where t.id = new.transaction_id
                   and ((t.kind in ('FUND', 'ACCRUAL') and c.status = 'CAMPAIGN_CANCELLED')
                     or (t.kind = 'ACCRUAL' and c.status = 'CAMPAIGN_COMPLETED'))) then
        raise exception 'money moved in an ended campaign (transaction %)', new.transaction_id;
      end if;
      return new;
    end $$`);
  await m.db().execute(sql`
    create trigger refuse_money_after_campaign_end before insert on ledger_entries
    for each row execute function refuse_money_after_campaign_end()`);
});
afterAll(() => server?.close());

const code = (response: GraphQLResponse) => response.errors?.[0]?.extensions.code;
const refund = (actor: Actor, campaignId: string, idempotencyKey = key()) => server.gql(REFUND, { input: { campaignId, idempotencyKey } }, actor.token);
const fundTransactions = async (cid: number) =>
  (await queryRows<{ n: number }>(m.db(), sql`select count(*)::int as n from ledger_transactions where campaign_id = ${cid} and kind = 'FUND'`))[0]!.n;

describe("fundings racing a cancellation", () => {
  it("each funding lands before the cancellation or is refused (CONFLICT); then refunds return the escrow once in total", async () => {
    const { brand, campaignId, cid } = await m.campaign({ flatCents: 300, cpmCents: 200 });
    const subs = [await m.acceptedSubmission(brand, campaignId), await m.acceptedSubmission(brand, campaignId)];
    for (const [i, sub] of subs.entries()) await m.snapshot(sub.sid, { impressions: 5_000 + i * 1_000 });
    await m.fund(brand, campaignId, 1_000); // certainly before the cancellation

    // 48 fundings and 2 accruals on the way while the cancellation is sent, then one after it answered.
    const amounts = Array.from({ length: 48 }, (_, i) => 101 + i * 7);
    const fund = (amountCents: number) => server.gql(FUND, { input: { campaignId, amountCents, idempotencyKey: key() } }, brand.token);
    const early = amounts.slice(0, 24).map(fund);
    const accruals = subs.map((sub) => accrueSubmission(m.db(), sub.sid));
    const cancel = server.gql(SET_STATUS, { id: campaignId, status: "CAMPAIGN_CANCELLED" }, brand.token);
    const late = amounts.slice(24).map(fund);
    expect((await cancel).errors).toBeUndefined();
    const afterCancel = await fund(999);
    const racing = await Promise.all([...early, ...late]);
    await Promise.all(accruals);

    expect(code(afterCancel)).toBe("CONFLICT");
    expect(afterCancel.errors![0]!.extensions.details).toMatchObject({ status: "CAMPAIGN_CANCELLED" });
    const landed = racing.flatMap((response, i) => (response.errors ? [] : [amounts[i]!]));
    const refused = racing.filter((response) => response.errors);
    expect(refused.map(code)).toEqual(refused.map(() => "CONFLICT"));
    expect(landed.length + refused.length).toBe(48);
    // Refused fundings left nothing behind; the landed ones (and the first) are all that was funded.
    const funded = 1_000 + landed.reduce((a, b) => a + b, 0);
    expect(await fundTransactions(cid)).toBe(1 + landed.length);
    const wallet = await m.wallet(brand, campaignId);
    expect(wallet.fundedCents).toBe(funded);
    expect(wallet.escrowBalanceCents).toBe(funded - (wallet.accruedCents - wallet.blockedCents));
    await m.checkInvariants();

    // Two requests with one key and eight with their own keys, all at once: the escrow leaves once.
    const escrow = wallet.escrowBalanceCents;
    const sharedKey = key();
    const refunds = await Promise.all([
      refund(brand, campaignId, sharedKey),
      refund(brand, campaignId, sharedKey),
      ...Array.from({ length: 8 }, () => refund(brand, campaignId)),
    ]);
    expect(refunds.flatMap((response) => response.errors ?? [])).toEqual([]);
    const results = refunds.map((response) => response.data.refundCampaign);
    expect(results[1].transaction).toEqual(results[0].transaction);
    expect(results[1].refundedCents).toBe(results[0].refundedCents);
    const distinct = new Map<string, number>(results.map((result: any) => [result.transaction.id, result.refundedCents]));
    expect(distinct.size).toBe(9);
    expect([...distinct.values()].reduce((a, b) => a + b, 0)).toBe(escrow);
    expect([...distinct.values()].filter((cents) => cents > 0).length).toBe(escrow > 0 ? 1 : 0);
    expect(results.every((result: any) => result.escrowBalanceCents === 0 && result.transaction.kind === "REFUND")).toBe(true);

    const after = await m.wallet(brand, campaignId);
    expect(after).toMatchObject({
      escrowBalanceCents: 0,
      fundedCents: funded - escrow,
      blockedCents: wallet.blockedCents,
      accruedCents: wallet.accruedCents,
    });
    const replay = (await ok(server, REFUND, { input: { campaignId, idempotencyKey: sharedKey } }, brand.token)).refundCampaign;
    expect([replay.transaction, replay.refundedCents]).toEqual([results[0].transaction, results[0].refundedCents]);
    expect(code(await fund(100))).toBe("CONFLICT");
    await m.checkInvariants();
  });
});

describe("refundCampaign", () => {
  it("is CONFLICT until the campaign is completed or cancelled, and a refused request leaves its key unused", async () => {
    const { brand, campaignId } = await m.campaign({});
    await m.fund(brand, campaignId, 4_000);
    const idempotencyKey = key();
    const active = await refund(brand, campaignId, idempotencyKey);
    expect([code(active), active.errors?.[0]?.extensions.details]).toEqual(["CONFLICT", { status: "CAMPAIGN_ACTIVE" }]);
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_PAUSED");
    expect(code(await refund(brand, campaignId, idempotencyKey))).toBe("CONFLICT");
    expect(await m.wallet(brand, campaignId)).toMatchObject({ escrowBalanceCents: 4_000 });

    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_CANCELLED");
    const refunded = (await ok(server, REFUND, { input: { campaignId, idempotencyKey } }, brand.token)).refundCampaign;
    expect(refunded).toMatchObject({
      refundedCents: 4_000,
      escrowBalanceCents: 0,
      campaign: { status: "CAMPAIGN_CANCELLED", wallet: { escrowBalanceCents: 0, fundedCents: 0 } },
    });
    await m.checkInvariants();
  });

  it("an empty escrow refunds 0 and moves nothing; who may not refund", async () => {
    const { brand, campaignId } = await m.campaign({});
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_CANCELLED");
    const entries = async () => (await queryRows<{ n: number }>(m.db(), sql`select count(*)::int as n from ledger_entries`))[0]!.n;
    const before = await entries();
    const empty = (await ok(server, REFUND, { input: { campaignId, idempotencyKey: key() } }, brand.token)).refundCampaign;
    expect(empty).toMatchObject({ refundedCents: 0, escrowBalanceCents: 0, transaction: { kind: "REFUND" } });
    expect(await entries()).toBe(before);

    const otherBrand = await signUp(server, "BRAND");
    expect(code(await refund(otherBrand, campaignId))).toBe("NOT_FOUND");
    expect(code(await server.gql(REFUND, { input: { campaignId, idempotencyKey: key() } }))).toBe("UNAUTHORIZED");
    expect(code(await refund(brand, campaignId, ""))).toBe("VALIDATION_ERROR");
    expect(code(await refund(brand, "campaign", key()))).toBe("VALIDATION_ERROR");
  });

  it("a completed campaign accrues no more, can be funded to release what is blocked, and refunds what is left", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 1_000, cpmCents: 100 });
    await m.fund(brand, campaignId, 600);
    const { sid, participationId, influencer } = await m.acceptedSubmission(brand, campaignId);
    await m.snapshot(sid, { impressions: 4_000 }); // earns 1,000 + 400
    expect(await accrueSubmission(m.db(), sid)).toMatchObject({ tracked: true, accruedCents: 1_400, fundedCents: 600, blockedCents: 800 });

    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_COMPLETED");
    await m.snapshot(sid, { impressions: 50_000 });
    expect(await accrueSubmission(m.db(), sid)).toMatchObject({ tracked: false, accruedCents: 0 });
    expect(await accrueCampaign(m.db(), await m.dbIdOf(campaigns, campaignId))).toMatchObject({ submissionCount: 0, accruedCents: 0 });
    // The snapshot still comes in (analytics), but earns nothing.
    await ok(server, REFRESH, { id: participationId }, influencer.token);
    expect(await m.earnings(sid)).toMatchObject({ accruedCents: 1_400, blockedCents: 800 });

    // Blocked accruals mean an empty escrow: nothing to refund, and what is owed stays owed.
    expect((await ok(server, REFUND, { input: { campaignId, idempotencyKey: key() } }, brand.token)).refundCampaign.refundedCents).toBe(0);
    expect(await m.fund(brand, campaignId, 1_000)).toMatchObject({ releasedCents: 800, escrowBalanceCents: 200 });
    expect((await ok(server, REFUND, { input: { campaignId, idempotencyKey: key() } }, brand.token)).refundCampaign.refundedCents).toBe(200);
    expect(await m.wallet(brand, campaignId)).toMatchObject({
      escrowBalanceCents: 0,
      fundedCents: 1_400,
      accruedCents: 1_400,
      blockedCents: 0,
      payableCents: 1_400,
    });
    await m.checkInvariants();
  });

  it("accruals racing the completion land entirely before it or not at all", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 100, cpmCents: 1_000 });
    await m.fund(brand, campaignId, 1_000_000);
    const subs = [await m.acceptedSubmission(brand, campaignId), await m.acceptedSubmission(brand, campaignId)];
    const steps: Promise<unknown>[] = [];
    for (let i = 1; i <= 10; i++) {
      for (const sub of subs) {
        await m.snapshot(sub.sid, { impressions: i * 100 });
        steps.push(accrueSubmission(m.db(), sub.sid));
      }
      if (i === 5) steps.push(setCampaignStatus(server, brand, campaignId, "CAMPAIGN_COMPLETED"));
    }
    await Promise.all(steps);
    const settled = await m.wallet(brand, campaignId);
    for (const sub of subs) await accrueSubmission(m.db(), sub.sid);
    expect(await m.wallet(brand, campaignId)).toEqual(settled); // nothing more after completion
    const refunded = (await ok(server, REFUND, { input: { campaignId, idempotencyKey: key() } }, brand.token)).refundCampaign.refundedCents;
    expect(refunded).toBe(1_000_000 - settled.accruedCents);
    await m.checkInvariants();
  });
});

describe("left and rejected participations", () => {
  it("stop accruing, keep what they earned, refuse a manual refresh (CONFLICT) and are not claimed by the refresher", async () => {
    const { brand, campaignId, cid } = await m.campaign({ flatCents: 200, cpmCents: 1_000 });
    await m.fund(brand, campaignId, 1_000_000);
    const rejected = await m.acceptedSubmission(brand, campaignId);
    const left = await m.acceptedSubmission(brand, campaignId);
    const live = await m.acceptedSubmission(brand, campaignId);
    for (const sub of [rejected, left, live]) {
      await m.snapshot(sub.sid, { impressions: 1_000 });
      expect(await accrueSubmission(m.db(), sub.sid)).toMatchObject({ tracked: true, accruedCents: 1_200 });
    }
    await ok(server, `mutation($id: ID!) { rejectParticipation(id: $id) { participation { status } } }`, { id: rejected.participationId }, brand.token);
    await ok(server, `mutation($id: ID!) { leaveParticipation(id: $id) { participation { status } } }`, { id: left.participationId }, left.influencer.token);

    for (const sub of [rejected, left, live]) await m.snapshot(sub.sid, { impressions: 5_000 });
    for (const sub of [rejected, left]) {
      expect(await accrueSubmission(m.db(), sub.sid)).toMatchObject({ tracked: false, accruedCents: 0 });
      expect(await m.earnings(sub.sid)).toMatchObject({ accruedCents: 1_200, highWaterUnits: 1_000 });
    }
    expect(await accrueCampaign(m.db(), cid)).toMatchObject({ submissionCount: 1, accruedCents: 4_000 });

    const refused = await server.gql(REFRESH, { id: rejected.participationId }, brand.token);
    expect([code(refused), refused.errors?.[0]?.extensions.details]).toEqual(["CONFLICT", { status: "PARTICIPATION_STATUS_REJECTED" }]);
    expect(code(await server.gql(REFRESH, { id: left.participationId }, left.influencer.token))).toBe("CONFLICT");

    const base = server.server.app.config;
    const config: Config = {
      ...base,
      workerBatchSize: 10,
      metricsFreshnessHours: 24,
      platforms: Object.fromEntries(
        Object.entries(base.platforms).map(([name, settings]) => [name, { ...settings, requestsPerMinute: 6_000_000 }]),
      ) as Config["platforms"],
    };
    const { encryption, providers } = server.server.app;
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const round = await new MetricsRefresher({ db: m.db(), encryption, providers, log }, config).runRound();
    expect(round.submissionIds).toContain(live.submissionId);
    expect(round.submissionIds).not.toContain(rejected.submissionId);
    expect(round.submissionIds).not.toContain(left.submissionId);
    for (const sub of [rejected, left]) expect(await m.earnings(sub.sid)).toMatchObject({ accruedCents: 1_200 });

    // What they earned is still theirs: a payout pays it.
    const paid = (await ok(server, PAY_OUT, { input: { campaignId, idempotencyKey: key() } }, brand.token)).payOut.paidCents;
    expect(paid).toBe((await m.wallet(brand, campaignId)).paidCents);
    expect(paid).toBeGreaterThanOrEqual(3 * 1_200 + 4_000);
    await m.checkInvariants();
  });
});

describe("idempotency keys belong to the account that sends them", () => {
  it("another brand's key neither blocks nor reveals anything: the same key is simply a new movement", async () => {
    const a = await m.campaign({});
    const b = await m.campaign({});
    const shared = key();
    const first = await m.fund(a.brand, a.campaignId, 1_000, shared);
    const other = await m.fund(b.brand, b.campaignId, 2_000, shared);
    expect(other).toMatchObject({ amountCents: 2_000, escrowBalanceCents: 2_000 });
    expect(other.transaction.id).not.toBe(first.transaction.id);
    // Replays stay within each account; a different request is CONFLICT only against one's own use.
    expect((await m.fund(a.brand, a.campaignId, 1_000, shared)).transaction).toEqual(first.transaction);
    expect((await m.fund(b.brand, b.campaignId, 2_000, shared)).transaction).toEqual(other.transaction);
    const mismatch = await server.gql(FUND, { input: { campaignId: b.campaignId, amountCents: 2_001, idempotencyKey: shared } }, b.brand.token);
    expect([code(mismatch), mismatch.errors?.[0]?.extensions.details]).toEqual(["CONFLICT", { idempotencyKey: shared }]);

    // Two more brands send one fresh key at the same moment: two movements.
    const c = await m.campaign({});
    const d = await m.campaign({});
    const simultaneous = key();
    const [forC, forD] = await Promise.all([
      server.gql(FUND, { input: { campaignId: c.campaignId, amountCents: 300, idempotencyKey: simultaneous } }, c.brand.token),
      server.gql(PAY_OUT, { input: { campaignId: d.campaignId, idempotencyKey: simultaneous } }, d.brand.token),
    ]);
    expect([forC.errors, forD.errors]).toEqual([undefined, undefined]);
    expect(forC.data.fundCampaign.transaction.id).not.toBe(forD.data.payOut.transaction.id);
    expect(await m.wallet(a.brand, a.campaignId)).toMatchObject({ escrowBalanceCents: 1_000 });
    expect(await m.wallet(c.brand, c.campaignId)).toMatchObject({ escrowBalanceCents: 300 });
    await m.checkInvariants();
  });

  it("a key stored before keys were scoped (req:<key>) still replays for its own account, and only for it", async () => {
    const a = await m.campaign({});
    const b = await m.campaign({});
    const legacyKey = key();
    const createdById = await m.dbIdOf(users, a.brand.id);
    const publicId = newPublicId("txn");
    await m.db().insert(ledgerTransactions).values({
      publicId,
      idempotencyKey: `req:${legacyKey}`,
      requestHash: requestHash({ kind: "FUND", campaignId: a.cid, createdById, amountCents: 1_000 }),
      kind: "FUND",
      campaignId: a.cid,
      createdById,
      result: { amountCents: 1_000, releasedCents: 0, escrowBalanceCents: 1_000 },
    });
    expect(await m.fund(a.brand, a.campaignId, 1_000, legacyKey)).toMatchObject({ transaction: { id: publicId }, escrowBalanceCents: 1_000 });
    expect(await m.wallet(a.brand, a.campaignId)).toMatchObject({ escrowBalanceCents: 0 }); // a replay moves nothing
    expect(await m.fund(b.brand, b.campaignId, 1_000, legacyKey)).toMatchObject({ escrowBalanceCents: 1_000 });
    expect(await m.wallet(b.brand, b.campaignId)).toMatchObject({ escrowBalanceCents: 1_000 });
  });
});

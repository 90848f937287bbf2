// Helpers for the money tests: tracked submissions, snapshots written straight to the database, the
// wallet mutations, and the ledger's invariants checked in SQL.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { TestServer } from "./server.js";
import { connectAccount, createActiveCampaign, join, ok, review, signUp, submit, type Actor } from "./factories.js";
import { queryRows } from "../../src/db/client.js";
import { newPublicId } from "../../src/shared/ids.js";
import { campaigns, metricsSnapshots, submissionEarnings, submissions, users } from "../../schema/tables.js";

export const FUND = `mutation($input: FundCampaignInput!) {
  fundCampaign(input: $input) { campaign { id wallet { escrowBalanceCents } } transaction { id kind } amountCents releasedCents escrowBalanceCents }
}`;

export const PAY_OUT = `mutation($input: PayOutInput!) {
  payOut(input: $input) { campaign { id } transaction { id kind } paidCents }
}`;

export const WALLET = `query($id: ID!) {
  campaign(id: $id) { wallet { currency escrowBalanceCents fundedCents accruedCents blockedCents paidCents payableCents } }
}`;

export const key = () => `key-${randomBytes(8).toString("hex")}`;

const URLS: Record<string, () => string> = {
  INSTAGRAM: () => `https://www.instagram.com/p/C${randomBytes(5).toString("hex")}/`,
  TIKTOK: () => `https://www.tiktok.com/@someone/video/7${String(Date.now()).slice(-9)}${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`,
  YOUTUBE: () => `https://www.youtube.com/watch?v=${randomBytes(6).toString("base64url").slice(0, 11)}`,
};

export function money(server: TestServer) {
  const db = () => server.server.app.database.db;

  async function dbIdOf(table: typeof submissions | typeof campaigns | typeof users, publicId: string): Promise<number> {
    const [row] = await db().select({ id: table.id }).from(table).where(eq(table.publicId, publicId));
    if (!row) throw new Error(`no row for ${publicId}`);
    return row.id;
  }

  /** An influencer (with an account on `platform`) who joined the campaign and has one accepted submission. */
  async function acceptedSubmission(brand: Actor, campaignId: string, options: { influencer?: Actor; platform?: string; postedAt?: Date } = {}) {
    const platform = options.platform ?? "INSTAGRAM";
    let influencer = options.influencer;
    let participationId: string;
    if (!influencer) {
      influencer = await signUp(server, "INFLUENCER");
      await connectAccount(server, influencer, platform);
      participationId = await join(server, influencer, campaignId);
    } else {
      const data = await ok(server, `query($id: ID!) { campaign(id: $id) { viewerParticipation { id } } }`, { id: campaignId }, influencer.token);
      participationId = data.campaign.viewerParticipation.id;
    }
    const { submission } = await submit(server, influencer, participationId, {
      platform,
      contentUrl: URLS[platform]!(),
      ...(options.postedAt ? { postedAt: options.postedAt.toISOString() } : {}),
    });
    expect(submission.status).toBe("PENDING");
    await review(server, brand, submission.id, "APPROVE");
    return { influencer, participationId, submissionId: submission.id, sid: await dbIdOf(submissions, submission.id) };
  }

  /** A brand with an active campaign on this rate card. */
  async function campaign(rateCard: { flatCents?: number; cpmCents?: number }, extra: Record<string, unknown> = {}) {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, brand, { rateCard, ...extra });
    return { brand, campaignId, cid: await dbIdOf(campaigns, campaignId) };
  }

  let clock = Date.parse("2025-01-01T00:00:00Z");
  async function snapshot(sid: number, counts: { impressions?: number | null; views?: number | null }) {
    clock += 60_000;
    await db()
      .insert(metricsSnapshots)
      .values({ publicId: newPublicId("snapshot"), submissionId: sid, fetchedAt: new Date(clock), impressions: null, views: null, ...counts });
  }

  async function earnings(sid: number) {
    const [row] = await db().select().from(submissionEarnings).where(eq(submissionEarnings.submissionId, sid));
    return row;
  }

  async function fund(actor: Actor, campaignId: string, amountCents: number, idempotencyKey = key()) {
    return (await ok(server, FUND, { input: { campaignId, amountCents, idempotencyKey } }, actor.token)).fundCampaign;
  }

  async function wallet(actor: Actor, campaignId: string) {
    return (await ok(server, WALLET, { id: campaignId }, actor.token)).campaign.wallet;
  }

  /**
   * Every invariant of docs/money.md, checked over the whole database: entries balance (overall and per
   * transaction), balances equal their entries, nothing but EXTERNAL is negative, and per campaign and
   * influencer the ledger agrees with submission_earnings (accrued = paid + blocked + payable).
   */
  async function checkInvariants() {
    const [totals] = await queryRows<{ total: string; debits: string; credits: string }>(
      db(),
      sql`select coalesce(sum(amount_cents), 0)::text as total,
                 coalesce(sum(amount_cents) filter (where amount_cents > 0), 0)::text as debits,
                 coalesce(-sum(amount_cents) filter (where amount_cents < 0), 0)::text as credits
          from ledger_entries`,
    );
    expect(Number(totals!.total)).toBe(0);
    expect(totals!.debits).toBe(totals!.credits);

    const unbalanced = await queryRows(db(), sql`select transaction_id from ledger_entries group by transaction_id having sum(amount_cents) <> 0`);
    expect(unbalanced).toEqual([]);

    const drift = await queryRows(
      db(),
      sql`select a.id from ledger_accounts a left join ledger_entries e on e.account_id = a.id
          group by a.id, a.balance_cents having a.balance_cents <> coalesce(sum(e.amount_cents), 0)`,
    );
    expect(drift).toEqual([]);

    const negative = await queryRows(db(), sql`select id, kind from ledger_accounts where kind <> 'EXTERNAL' and balance_cents < 0`);
    expect(negative).toEqual([]);

    // Per campaign and influencer: payable account = Σ(accrued − blocked − paid); paid-out account = Σ paid.
    const mismatched = await queryRows(
      db(),
      sql`with earned as (
            select p.campaign_id, p.influencer_id,
                   sum(e.accrued_cents) as accrued, sum(e.blocked_cents) as blocked, sum(e.paid_cents) as paid,
                   bool_and(e.accrued_cents = e.paid_cents + e.blocked_cents + (e.accrued_cents - e.blocked_cents - e.paid_cents)
                            and e.accrued_cents - e.blocked_cents - e.paid_cents >= 0) as rows_ok
            from submission_earnings e join submissions s on s.id = e.submission_id join participations p on p.id = s.participation_id
            group by p.campaign_id, p.influencer_id
          ), ledger as (
            select campaign_id, user_id,
                   sum(balance_cents) filter (where kind = 'INFLUENCER_PAYABLE') as payable,
                   sum(balance_cents) filter (where kind = 'PAID_OUT') as paid_out
            from ledger_accounts where user_id is not null group by campaign_id, user_id
          )
          select earned.*, ledger.payable, ledger.paid_out
          from earned full join ledger on ledger.campaign_id = earned.campaign_id and ledger.user_id = earned.influencer_id
          where not coalesce(earned.rows_ok, true)
             or coalesce(earned.accrued - earned.blocked - earned.paid, 0) <> coalesce(ledger.payable, 0)
             or coalesce(earned.paid, 0) <> coalesce(ledger.paid_out, 0)`,
    );
    expect(mismatched).toEqual([]);

    // Per campaign: what came in is in escrow, payable or paid out; anything blocked means escrow is empty.
    const campaignsOff = await queryRows(
      db(),
      sql`select a.campaign_id,
                 sum(a.balance_cents) filter (where kind = 'EXTERNAL') as external,
                 sum(a.balance_cents) filter (where kind <> 'EXTERNAL') as held,
                 sum(a.balance_cents) filter (where kind = 'CAMPAIGN_ESCROW') as escrow,
                 (select coalesce(sum(e.blocked_cents), 0) from submission_earnings e join submissions s on s.id = e.submission_id
                    join participations p on p.id = s.participation_id where p.campaign_id = a.campaign_id) as blocked
          from ledger_accounts a group by a.campaign_id
          having sum(a.balance_cents) <> 0
              or (sum(a.balance_cents) filter (where kind = 'CAMPAIGN_ESCROW') > 0
                  and (select coalesce(sum(e.blocked_cents), 0) from submission_earnings e join submissions s on s.id = e.submission_id
                         join participations p on p.id = s.participation_id where p.campaign_id = a.campaign_id) > 0)`,
    );
    expect(campaignsOff).toEqual([]);
  }

  /** Everything money-related, to compare before and after replays. */
  async function ledgerState() {
    return JSON.stringify({
      accounts: await queryRows(db(), sql`select id, kind, campaign_id, user_id, balance_cents::text from ledger_accounts order by id`),
      transactions: await queryRows(db(), sql`select id, idempotency_key, kind from ledger_transactions order by id`),
      entries: await queryRows(db(), sql`select id, transaction_id, account_id, amount_cents::text from ledger_entries order by id`),
      earnings: await queryRows(
        db(),
        sql`select submission_id, high_water_units::text, accrued_cents::text, blocked_cents::text, paid_cents::text, blocked_reason from submission_earnings order by submission_id`,
      ),
    });
  }

  return { db, dbIdOf, acceptedSubmission, campaign, snapshot, earnings, fund, wallet, checkInvariants, ledgerState };
}

// Accrual (docs/money.md): what a tracked, accepted submission has earned from the campaign's rate card
// (the formulas are money.ts'), moved from the campaign's escrow to the influencer's payable account as far
// as escrow covers, the rest blocked (INSUFFICIENT_ESCROW) until funding releases it, oldest first. The
// high-water mark only rises, so falling counts never claw back, and each accrual adds earned total −
// already accrued, so rounding never drifts however small the steps.
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { queryRows } from "../db/client.js";
import { campaigns, metricsSnapshots, participations, submissionEarnings, submissions } from "../../schema/tables.js";
import { ENDED_CAMPAIGN_STATUSES, trackedSubmissions } from "../participations/participation.tracking.js";
import { influencerAccounts, insertTransaction, lockCampaign, postEntries, requestHash, type CampaignLock, type Posting } from "../ledger/ledger.service.js";
import { blockedReasonOf, cpmUnitsSql, earnedCents, fundFromEscrow } from "./money.js";
import { arrayParam } from "../db/array-param.js";
import { accrued } from "../webhooks/webhook.events.js";

export type SubmissionEarningsRow = typeof submissionEarnings.$inferSelect;

export interface AccrualResult {
  submissionId: number;
  /**
   * False when the submission does not accrue: it is not (or no longer) tracked, its participation was left
   * or rejected, or its campaign is completed or cancelled. It keeps what it accrued and accrues no more.
   */
  tracked: boolean;
  /** Cents this call accrued, of which `fundedCents` moved from escrow and `blockedCents` was blocked. */
  accruedCents: number;
  fundedCents: number;
  blockedCents: number;
  /** The submission's state after this call (undefined when it never accrued anything). */
  earnings: SubmissionEarningsRow | undefined;
}

/** The submission with its campaign's rate card, and whether it is tracked (participation.tracking.ts). */
async function submissionForAccrual(tx: Executor, submissionId: number) {
  const [row] = await tx
    .select({
      submissionId: submissions.id,
      influencerId: participations.influencerId,
      campaignId: campaigns.id,
      currency: campaigns.currency,
      rateFlatCents: campaigns.rateFlatCents,
      rateCpmCents: campaigns.rateCpmCents,
      tracked: sql<boolean>`exists (
        select 1 from (${trackedSubmissions(sql`t.participation_id = ${submissions.participationId}`)}) tracked
        where tracked.id = ${submissions.id})`,
    })
    .from(submissions)
    .innerJoin(participations, eq(participations.id, submissions.participationId))
    .innerJoin(campaigns, eq(campaigns.id, participations.campaignId))
    .where(eq(submissions.id, submissionId));
  return row;
}

const lockEarnings = async (tx: Executor, submissionId: number) =>
  (await tx.select().from(submissionEarnings).where(eq(submissionEarnings.submissionId, submissionId)).for("update"))[0];

/**
 * Accrues one submission: idempotent (a second run with no new snapshot adds nothing) and safe under
 * concurrency (the campaign's escrow row, then the submission's earnings row, are locked for the whole
 * computation). Takes the database or an open transaction (it then runs in a savepoint).
 * Returns undefined when the submission does not exist.
 */
export async function accrueSubmission(executor: Executor, submissionId: number): Promise<AccrualResult | undefined> {
  return executor.transaction(async (tx) => {
    const before = await submissionForAccrual(tx, submissionId);
    if (!before) return undefined;
    const lock = await lockCampaign(tx, { id: before.campaignId, currency: before.currency });
    // Read again under the lock: a rate card change (rate-card.ts takes the same lock) that committed while
    // this waited is what this step earns on, not the rates read before the wait.
    const submission = (await submissionForAccrual(tx, submissionId))!;
    let earnings = await lockEarnings(tx, submissionId);
    // The campaign's status as of the lock: completing or cancelling it takes the same lock, so an accrual
    // lands entirely before the campaign ends or not at all.
    const accrues = submission.tracked && !ENDED_CAMPAIGN_STATUSES.includes(lock.status);
    const nothing = { submissionId, tracked: accrues, accruedCents: 0, fundedCents: 0, blockedCents: 0 };
    if (!accrues) return { ...nothing, earnings };
    if (!earnings) {
      await tx.insert(submissionEarnings).values({ submissionId }).onConflictDoNothing();
      earnings = (await lockEarnings(tx, submissionId))!;
    }

    const [seen] = await tx
      .select({
        units: sql<number>`coalesce(max(${cpmUnitsSql("metrics_snapshots")}), 0)`.mapWith(Number),
      })
      .from(metricsSnapshots)
      .where(eq(metricsSnapshots.submissionId, submissionId));
    const highWaterUnits = Math.max(earnings.highWaterUnits, seen?.units ?? 0);
    const earned = earnedCents(submission.rateFlatCents, submission.rateCpmCents, highWaterUnits);
    // Bonuses (bonus.service.ts) are accrued on the same row but are not part of the post's earned total.
    const delta = earned - (earnings.accruedCents - earnings.bonusCents);
    if (delta <= 0) {
      if (highWaterUnits === earnings.highWaterUnits && earned === earnings.earnedCents) return { ...nothing, earnings };
      const [updated] = await tx
        .update(submissionEarnings)
        .set({ highWaterUnits, earnedCents: earned, updatedAt: new Date() })
        .where(eq(submissionEarnings.submissionId, submissionId))
        .returning();
      return { ...nothing, earnings: updated };
    }

    const { fundedCents: funded, blockedCents: blocked } = fundFromEscrow(delta, lock.escrow.balanceCents);
    const accruedAfter = earnings.accruedCents + delta;
    if (funded > 0) {
      // The key is derived from the locked state: accrued only grows, so each step has its own key.
      const transaction = await insertTransaction(tx, {
        idempotencyKey: `accrual:${submissionId}:${accruedAfter}`,
        requestHash: requestHash({ submissionId, accruedBefore: earnings.accruedCents, accruedAfter }),
        kind: "ACCRUAL",
        campaignId: submission.campaignId,
        createdById: null,
      });
      const payable = await influencerAccounts(tx, lock.campaign, "INFLUENCER_PAYABLE", [submission.influencerId]);
      await postEntries(tx, transaction.id, [
        { accountId: lock.escrow.id, amountCents: -funded },
        { accountId: payable.get(submission.influencerId)!.id, amountCents: funded },
      ]);
    }
    const blockedAfter = earnings.blockedCents + blocked;
    const now = new Date();
    const [updated] = await tx
      .update(submissionEarnings)
      .set({
        highWaterUnits,
        earnedCents: earned,
        accruedCents: accruedAfter,
        blockedCents: blockedAfter,
        blockedReason: blockedReasonOf(blockedAfter),
        blockedSince: blockedAfter > 0 ? (earnings.blockedSince ?? now) : null,
        updatedAt: now,
      })
      .where(eq(submissionEarnings.submissionId, submissionId))
      .returning();
    await accrued(tx, { submissionId, currency: submission.currency, accruedCents: delta, fundedCents: funded, blockedCents: blocked, totalAccruedCents: accruedAfter });
    return { submissionId, tracked: true, accruedCents: delta, fundedCents: funded, blockedCents: blocked, earnings: updated };
  });
}

export interface CampaignAccrualSummary {
  submissionCount: number;
  accruedCents: number;
  fundedCents: number;
  blockedCents: number;
}

/** Accrues every tracked submission of a campaign, oldest first, each in its own transaction. */
export async function accrueCampaign(executor: Executor, campaignId: number): Promise<CampaignAccrualSummary> {
  const rows = await queryRows<{ id: number }>(
    executor,
    sql`select tracked.id from (${trackedSubmissions(sql`tp.campaign_id = ${campaignId}`)}) tracked order by tracked.submitted_at, tracked.id`,
  );
  const summary: CampaignAccrualSummary = { submissionCount: 0, accruedCents: 0, fundedCents: 0, blockedCents: 0 };
  for (const { id } of rows) {
    const result = await accrueSubmission(executor, Number(id));
    if (!result?.tracked) continue;
    summary.submissionCount++;
    summary.accruedCents += result.accruedCents;
    summary.fundedCents += result.fundedCents;
    summary.blockedCents += result.blockedCents;
  }
  return summary;
}

/**
 * Releases the campaign's blocked accruals, oldest first, as far as `availableCents` of escrow covers. Call
 * with the campaign locked; returns the legs to post (escrow → each influencer's payable) and the total.
 */
export async function releaseBlocked(
  tx: Executor,
  lock: CampaignLock,
  availableCents: number,
): Promise<{ releasedCents: number; postings: Posting[] }> {
  if (availableCents <= 0) return { releasedCents: 0, postings: [] };
  const blocked = await tx
    .select({ submissionId: submissionEarnings.submissionId, blockedCents: submissionEarnings.blockedCents, influencerId: participations.influencerId })
    .from(submissionEarnings)
    .innerJoin(submissions, eq(submissions.id, submissionEarnings.submissionId))
    .innerJoin(participations, eq(participations.id, submissions.participationId))
    .where(and(eq(participations.campaignId, lock.campaign.id), gt(submissionEarnings.blockedCents, 0)))
    .orderBy(asc(submissionEarnings.blockedSince), asc(submissionEarnings.submissionId))
    .for("update", { of: submissionEarnings });

  let remaining = availableCents;
  const releases: { submissionId: number; influencerId: number; amount: number }[] = [];
  for (const row of blocked) {
    if (remaining === 0) break;
    const amount = fundFromEscrow(row.blockedCents, remaining).fundedCents;
    releases.push({ submissionId: row.submissionId, influencerId: row.influencerId, amount });
    remaining -= amount;
  }
  if (releases.length === 0) return { releasedCents: 0, postings: [] };

  await tx.execute(sql`
    update submission_earnings e set
      blocked_cents = e.blocked_cents - d.amount,
      blocked_reason = case when e.blocked_cents - d.amount > 0 then e.blocked_reason end,
      blocked_since = case when e.blocked_cents - d.amount > 0 then e.blocked_since end,
      updated_at = now()
    from unnest(${arrayParam(releases.map((r) => r.submissionId), "int")}, ${arrayParam(releases.map((r) => String(r.amount)), "bigint")}) as d(id, amount)
    where e.submission_id = d.id`);

  const payable = await influencerAccounts(
    tx,
    lock.campaign,
    "INFLUENCER_PAYABLE",
    releases.map((r) => r.influencerId),
  );
  const perInfluencer = new Map<number, number>();
  for (const r of releases) perInfluencer.set(r.influencerId, (perInfluencer.get(r.influencerId) ?? 0) + r.amount);
  const releasedCents = availableCents - remaining;
  return {
    releasedCents,
    postings: [
      { accountId: lock.escrow.id, amountCents: -releasedCents },
      ...[...perInfluencer].map(([influencerId, amount]) => ({ accountId: payable.get(influencerId)!.id, amountCents: amount })),
    ],
  };
}

// The promo bonuses (docs/money.md, "Bonuses"): prizes a campaign with `hasBonus` awards once when it
// completes — the participation first by reach, the one first by engagement rate, and the single best post.
// Winners are chosen in one SQL statement over the tracked submissions (participation.tracking.ts) and their
// latest snapshots; each award is an accrual on the carrying submission's earnings, funded from escrow as far
// as it goes and blocked for the rest, exactly like any accrual (funding releases it later).
import { eq, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { queryRows } from "../db/client.js";
import { arrayParam } from "../db/array-param.js";
import { newPublicId } from "../shared/ids.js";
import { campaignBonusAwards, campaigns, submissionEarnings } from "../../schema/tables.js";
import { trackedSubmissions } from "../participations/participation.tracking.js";
import { influencerAccounts, insertTransaction, lockCampaign, postEntries, requestHash, type Posting } from "../ledger/ledger.service.js";
import { onCampaignCompleted } from "../campaigns/campaign.service.js";
import type { CampaignRow } from "../campaigns/campaign.type.js";
import { accrued } from "../webhooks/webhook.events.js";
import { blockedReasonOf, bonusReachSql, engagementsSql, fundFromEscrow } from "./money.js";

export const BONUS_KINDS = ["REACH", "ENGAGEMENT_RATE", "BEST_POST"] as const;
export type BonusKindValue = (typeof BONUS_KINDS)[number];
export type BonusAwardRow = typeof campaignBonusAwards.$inferSelect;

/** The rate card amount of each bonus kind. */
export function bonusAmounts(campaign: CampaignRow): Record<BonusKindValue, number> {
  return {
    REACH: campaign.ratePromoReachBonusCents,
    ENGAGEMENT_RATE: campaign.ratePromoEngagementRateBonusCents,
    BEST_POST: campaign.ratePromoBestPostBonusCents,
  };
}

export interface BonusWinner {
  kind: BonusKindValue;
  participationId: number;
  /** The submission whose earnings carry the bonus. */
  submissionId: number;
  influencerId: number;
  /** Reach, engagement rate (a fraction, as decimal text) or the post's engagements. */
  score: string;
}

/**
 * The winner of each bonus kind in a campaign (none for a kind nobody qualifies for), in one statement:
 * - counted: the tracked submissions (participation.tracking.ts), each by its latest snapshot (fetched_at,
 *   then id); a submission without a snapshot counts 0; reach and engagements as money.ts defines them;
 * - REACH: the participation with the largest sum of its posts' reach (> 0);
 * - ENGAGEMENT_RATE: the participation with the largest Σ engagements / Σ reach over its posts (reach > 0,
 *   engagements > 0), compared exactly (scaled by 10^30 before rounding, far beyond any count's digits);
 * - BEST_POST: the single post with the most engagements (> 0);
 * - ties: the earliest participation (joined first, then id), then the earliest submission;
 * - REACH and ENGAGEMENT_RATE attach to the winner's post with the highest reach (then the earliest), BEST_POST
 *   to the winning post.
 */
export function bonusWinnersSql(campaignId: number): SQL {
  return sql`with tracked as (${trackedSubmissions(sql`tp.campaign_id = ${campaignId}`)}),
    latest as (
      select distinct on (s.submission_id) s.submission_id, ${bonusReachSql("s")}::numeric as reach, ${engagementsSql("s")}::numeric as engagements
      from metrics_snapshots s where s.submission_id in (select id from tracked)
      order by s.submission_id, s.fetched_at desc, s.id desc
    ),
    posts as (
      select t.id as submission_id, t.participation_id, t.submitted_at, p.created_at as joined_at, p.influencer_id,
        coalesce(l.reach, 0) as reach, coalesce(l.engagements, 0) as engagements
      from tracked t join participations p on p.id = t.participation_id left join latest l on l.submission_id = t.id
    ),
    per_participation as (
      select participation_id, influencer_id, joined_at, sum(reach) as reach, sum(engagements) as engagements,
        (array_agg(submission_id order by reach desc, submitted_at, submission_id))[1] as carrier
      from posts group by participation_id, influencer_id, joined_at
    ),
    reach_winner as (
      select 'REACH' as kind, participation_id, carrier as submission_id, influencer_id, reach as score
      from per_participation where reach > 0 order by reach desc, joined_at, participation_id limit 1
    ),
    rate_winner as (
      select 'ENGAGEMENT_RATE' as kind, participation_id, carrier as submission_id, influencer_id, engagements / reach as score
      from per_participation where reach > 0 and engagements > 0
      order by round(engagements * 1e30 / reach) desc, joined_at, participation_id limit 1
    ),
    post_winner as (
      select 'BEST_POST' as kind, participation_id, submission_id, influencer_id, engagements as score
      from posts where engagements > 0 order by engagements desc, joined_at, participation_id, submitted_at, submission_id limit 1
    )
    select kind, participation_id, submission_id, influencer_id, score::text as score from reach_winner
    union all select kind, participation_id, submission_id, influencer_id, score::text from rate_winner
    union all select kind, participation_id, submission_id, influencer_id, score::text from post_winner`;
}

export async function bonusWinners(executor: Executor, campaignId: number): Promise<BonusWinner[]> {
  const rows = await queryRows<{ kind: BonusKindValue; participation_id: number; submission_id: number; influencer_id: number; score: string }>(
    executor,
    bonusWinnersSql(campaignId),
  );
  const order = (kind: BonusKindValue) => BONUS_KINDS.indexOf(kind);
  return [...rows].sort((a, b) => order(a.kind) - order(b.kind)).map((row) => ({
    kind: row.kind,
    participationId: Number(row.participation_id),
    submissionId: Number(row.submission_id),
    influencerId: Number(row.influencer_id),
    score: row.score,
  }));
}

/**
 * Awards a completed campaign's bonuses: each kind at most once (the award row is unique per campaign and
 * kind, and its ledger transaction's key is `bonus:<campaign>:<kind>`), so running it again, or completing
 * twice, awards nothing more. Takes the campaign's escrow lock (re-entrant inside the completing
 * transaction), then the carrying earnings rows, then the influencers' accounts: the order of every movement.
 * Does nothing unless the campaign, read under the lock, is COMPLETED with `hasBonus`.
 */
export async function awardCampaignBonuses(executor: Executor, campaignId: number): Promise<BonusAwardRow[]> {
  return executor.transaction(async (tx) => {
    const [unlocked] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId));
    if (!unlocked) return [];
    const lock = await lockCampaign(tx, unlocked);
    // The rate card as of the lock: a hasBonus or prize change that committed while this waited counts.
    const campaign = (await tx.select().from(campaigns).where(eq(campaigns.id, campaignId)))[0]!;
    if (lock.status !== "CAMPAIGN_COMPLETED" || !campaign.rateHasBonus) return [];
    const amounts = bonusAmounts(campaign);
    const done = new Set(
      (await tx.select({ kind: campaignBonusAwards.kind }).from(campaignBonusAwards).where(eq(campaignBonusAwards.campaignId, campaignId))).map(
        (row) => row.kind,
      ),
    );
    const winners = (await bonusWinners(tx, campaignId)).filter((winner) => amounts[winner.kind] > 0 && !done.has(winner.kind));
    if (winners.length === 0) return [];

    // Lock order: the earnings rows (by submission id), then the influencers' accounts (influencerAccounts sorts).
    const carriers = [...new Set(winners.map((winner) => winner.submissionId))].sort((a, b) => a - b);
    await tx
      .insert(submissionEarnings)
      .values(carriers.map((submissionId) => ({ submissionId })))
      .onConflictDoNothing();
    const earnings = new Map(
      (
        await tx
          .select()
          .from(submissionEarnings)
          .where(sql`${submissionEarnings.submissionId} = any(${arrayParam(carriers, "int")})`)
          .orderBy(submissionEarnings.submissionId)
          .for("update")
      ).map((row) => [row.submissionId, row]),
    );
    const payable = await influencerAccounts(
      tx,
      lock.campaign,
      "INFLUENCER_PAYABLE",
      winners.map((winner) => winner.influencerId),
    );

    let escrowLeft = lock.escrow.balanceCents;
    const awards: BonusAwardRow[] = [];
    for (const winner of winners) {
      const amount = amounts[winner.kind];
      const { fundedCents, blockedCents } = fundFromEscrow(amount, escrowLeft);
      escrowLeft -= fundedCents;
      // Written even when nothing is funded: the key is what makes the award once-only in the ledger too.
      const transaction = await insertTransaction(tx, {
        idempotencyKey: `bonus:${campaignId}:${winner.kind}`,
        requestHash: requestHash({ campaignId, kind: winner.kind, submissionId: winner.submissionId, amount }),
        kind: "ACCRUAL",
        campaignId,
        createdById: null,
      });
      const postings: Posting[] = [
        { accountId: lock.escrow.id, amountCents: -fundedCents },
        { accountId: payable.get(winner.influencerId)!.id, amountCents: fundedCents },
      ];
      await postEntries(tx, transaction.id, postings);
      const before = earnings.get(winner.submissionId)!;
      const blockedAfter = before.blockedCents + blockedCents;
      const now = new Date();
      const [after] = await tx
        .update(submissionEarnings)
        .set({
          accruedCents: before.accruedCents + amount,
          bonusCents: before.bonusCents + amount,
          blockedCents: blockedAfter,
          blockedReason: blockedReasonOf(blockedAfter),
          blockedSince: blockedAfter > 0 ? (before.blockedSince ?? now) : null,
          updatedAt: now,
        })
        .where(eq(submissionEarnings.submissionId, winner.submissionId))
        .returning();
      earnings.set(winner.submissionId, after!);
      const [award] = await tx
        .insert(campaignBonusAwards)
        .values({
          publicId: newPublicId("bonus"),
          campaignId,
          kind: winner.kind,
          participationId: winner.participationId,
          submissionId: winner.submissionId,
          amountCents: amount,
          fundedCents,
          score: winner.score,
          transactionId: transaction.id,
        })
        .returning();
      awards.push(award!);
      await accrued(tx, {
        submissionId: winner.submissionId,
        currency: campaign.currency,
        accruedCents: amount,
        fundedCents,
        blockedCents,
        totalAccruedCents: after!.accruedCents,
      });
    }
    return awards;
  });
}

// Completing a campaign awards its bonuses in the same transaction (campaign.service.ts, setCampaignStatus).
onCampaignCompleted(async (tx, campaign) => {
  await awardCampaignBonuses(tx, campaign.id);
});

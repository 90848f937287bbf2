// The metrics refresh mutations: who may refresh, which submissions count, and how failures answer.
import { and, asc, eq, exists, inArray, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { Conflict, DomainError, ServiceUnavailable } from "../shared/errors.js";
import type { Platform } from "../shared/enums.js";
import { requireViewer } from "../auth/access.js";
import { getOwnedCampaign } from "../campaigns/campaign.access.js";
import { getParticipation } from "../participations/participation.access.js";
import type { ParticipationRow } from "../participations/participation.type.js";
import { DROPPED_PARTICIPATION_STATUSES, UNTRACKED_CAMPAIGN_STATUSES } from "../participations/participation.tracking.js";
import { participations, submissions } from "../../schema/tables.js";
import { refreshSubmission, usableAccount, type IngestionDeps, type RefreshOutcome } from "./ingestion.js";
import type { SnapshotRow } from "./metrics.type.js";

export function ingestionDeps(context: Context): IngestionDeps {
  const { database, encryption, providers, log } = context.app;
  return { db: database.db, encryption, providers, log };
}

/**
 * Refreshes every tracked submission of a participation, one after another. No tracked submission, or no
 * valid account for a tracked submission's platform, is CONFLICT (nothing is attempted); a platform failure
 * is recorded and answered SERVICE_UNAVAILABLE with its reason (snapshots of the other submissions stay).
 */
async function refreshTrackedSubmissions(context: Context, participation: ParticipationRow): Promise<SnapshotRow[]> {
  const tracking = await context.loaders.participations.trackingById.load(participation.id);
  if (tracking.trackedSubmissionIds.size === 0) throw Conflict("The participation has no tracked (accepted) submission to refresh");
  const tracked = await context.db
    .select()
    .from(submissions)
    .where(inArray(submissions.id, [...tracking.trackedSubmissionIds]))
    .orderBy(asc(submissions.submittedAt), asc(submissions.id));
  for (const platform of new Set(tracked.map((submission) => submission.platform))) {
    if (!(await usableAccount(context.db, participation.influencerId, platform))) {
      throw Conflict(`The influencer has no valid connected ${platform} account`, { platform });
    }
  }
  // Spent from the platform budget the scheduled refresher uses: when it is, nothing is called (RATE_LIMITED).
  const callsByPlatform = new Map<Platform, number>();
  for (const submission of tracked) callsByPlatform.set(submission.platform, (callsByPlatform.get(submission.platform) ?? 0) + 1);
  await context.app.rateLimits.platformCalls.takeForManualRefresh(callsByPlatform);
  const outcomes: RefreshOutcome[] = [];
  for (const submission of tracked) outcomes.push(await refreshSubmission(ingestionDeps(context), submission, participation.influencerId));
  const failed = outcomes.filter((outcome) => !outcome.ok);
  if (failed.length) {
    const first = failed[0]!;
    throw ServiceUnavailable(`The platform did not return metrics (${first.ok ? "" : first.reason})`, {
      failureReason: first.ok ? undefined : first.reason,
      failedSubmissionIds: failed.map((outcome) => outcome.submission.publicId),
      snapshotsWritten: outcomes.length - failed.length,
    });
  }
  return outcomes.map((outcome) => (outcome as Extract<RefreshOutcome, { ok: true }>).snapshot);
}

/** The participation's influencer, the campaign owner and admins may refresh it. */
export async function refreshParticipationMetrics(context: Context, participationId: string) {
  await context.app.rateLimits.checkManualMetricsRefresh(requireViewer(context).id);
  const { participation, campaign } = await getParticipation(context, participationId, "participationId");
  // Left or rejected, or a cancelled campaign: nothing is tracked (participation.tracking.ts), so the
  // scheduled refresher no longer fetches these posts and neither does a manual refresh.
  if (DROPPED_PARTICIPATION_STATUSES.includes(participation.status)) {
    throw Conflict(`A ${participation.status} participation is no longer refreshed`, { status: participation.status });
  }
  if (UNTRACKED_CAMPAIGN_STATUSES.includes(campaign.status)) {
    throw Conflict(`A ${campaign.status} campaign is no longer refreshed`, { status: campaign.status });
  }
  const snapshots = await refreshTrackedSubmissions(context, participation);
  return { snapshot: snapshots[0]!, snapshots, participation };
}

/** Owner or admin: refreshes each eligible participation in turn; one failure does not stop the rest. */
export async function refreshCampaignMetrics(context: Context, campaignId: string) {
  await context.app.rateLimits.checkManualMetricsRefresh(requireViewer(context).id);
  const campaign = await getOwnedCampaign(context, campaignId, "campaignId");
  if (UNTRACKED_CAMPAIGN_STATUSES.includes(campaign.status)) {
    throw Conflict(`A ${campaign.status} campaign is no longer refreshed`, { status: campaign.status });
  }
  const eligible = await context.db
    .select()
    .from(participations)
    .where(
      and(
        eq(participations.campaignId, campaign.id),
        sql`${participations.status} in ('PARTICIPATION_STATUS_APPROVED', 'PARTICIPATION_STATUS_COMPLETED')`,
        exists(context.db.select({ one: sql`1` }).from(submissions).where(eq(submissions.participationId, participations.id))),
      ),
    )
    .orderBy(asc(participations.id));
  const failedParticipations: ParticipationRow[] = [];
  const rateLimited: DomainError[] = [];
  for (const participation of eligible) {
    try {
      await refreshTrackedSubmissions(context, participation);
    } catch (error) {
      context.app.log.info({ requestId: context.requestId, participationId: participation.publicId, err: error }, "campaign refresh: participation failed");
      failedParticipations.push(participation);
      if (error instanceof DomainError && error.code === "RATE_LIMITED") rateLimited.push(error);
    }
  }
  // Nothing refreshed because the platform budget is spent: say so (429, Retry-After) rather than list failures.
  if (rateLimited.length > 0 && rateLimited.length === eligible.length) throw rateLimited[0]!;
  return {
    campaign,
    totalEligibleParticipationCount: eligible.length,
    successfulCount: eligible.length - failedParticipations.length,
    failedCount: failedParticipations.length,
    failedParticipations,
  };
}


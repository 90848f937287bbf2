// Which submissions are tracked, in one place. A submission is tracked when it is among the first
// `submission_limit` ACCEPTED submissions of its participation (by submitted_at, then id), the
// participation was not left or rejected, and the campaign was not cancelled. The tracking fields
// (isTracked, trackingSummary, analytics' isTracked), the metrics refresher (what is fetched, scheduled or
// manual) and accrual (what earns; it also stops once the campaign is completed) all read the fragments
// below, so the rule cannot drift between them (test/graphql/participations/tracking-agreement.test.ts checks that they agree).
import { sql, type SQL } from "drizzle-orm";
import { preparedArrays, type Executor } from "../db/client.js";
import type { CampaignStatus, ParticipationStatus } from "../shared/enums.js";

/** A participation the influencer left or the owner rejected: its posts are no longer tracked. */
export const DROPPED_PARTICIPATION_STATUSES: ParticipationStatus[] = ["PARTICIPATION_STATUS_LEFT", "PARTICIPATION_STATUS_REJECTED"];

/** A campaign that tracks nothing any more: its posts are neither refreshed nor shown as tracked. */
export const UNTRACKED_CAMPAIGN_STATUSES: CampaignStatus[] = ["CAMPAIGN_CANCELLED"];

/**
 * A campaign whose earning period is over: nothing accrues once it reaches one of these (docs/money.md).
 * A completed campaign's posts stay tracked (refreshed, so analytics keep their numbers); they just stop earning.
 */
export const ENDED_CAMPAIGN_STATUSES: CampaignStatus[] = ["CAMPAIGN_COMPLETED", "CAMPAIGN_CANCELLED"];

const statusList = (statuses: string[]) => sql.raw(statuses.map((status) => `'${status}'`).join(", "));

/** Whether participation `tp` of campaign `c` still tracks its submissions (aliases of the fragments below). */
const participationTracks = sql`(tp.status not in (${statusList(DROPPED_PARTICIPATION_STATUSES)})
  and c.status not in (${statusList(UNTRACKED_CAMPAIGN_STATUSES)}))`;

/**
 * Every ACCEPTED submission, with `within_limit` (among the first `submission_limit` accepted of its
 * participation by (submitted_at, id)) and `tracked` (within the limit, and the participation and campaign
 * still track). Columns: id, participation_id, campaign_id, submitted_at, within_limit, tracked. `scope`
 * narrows the rows (aliases: t = submissions, tp = participations, c = campaigns) without changing the
 * ranking, as long as it keeps or drops whole participations; `onlyTracking` drops the participations that no
 * longer track before ranking (same answer for `tracked`, less work). A window function ranks them in one
 * pass (a per-row count would be quadratic without table statistics); it counts the accepted rows of the
 * participation so far instead of filtering on status first, so that a scoped query reads the
 * participation's rows by its index (a status filter would let the planner, without statistics, combine
 * it with the partial index of every accepted submission).
 */
export function rankedAcceptedSubmissions(options: { scope?: SQL; onlyTracking?: boolean } = {}): SQL {
  const conditions = [options.onlyTracking ? participationTracks : undefined, options.scope].filter((condition) => condition !== undefined);
  return sql`select ranked.id, ranked.participation_id, ranked.campaign_id, ranked.submitted_at,
      ranked.accepted_rank <= ranked.submission_limit as within_limit,
      ranked.accepted_rank <= ranked.submission_limit and ranked.tracks as tracked
    from (
      select t.id, t.participation_id, tp.campaign_id, t.submitted_at, t.status, c.submission_limit, ${participationTracks} as tracks,
        count(*) filter (where t.status = 'ACCEPTED') over (partition by t.participation_id order by t.submitted_at, t.id) as accepted_rank
      from submissions t
      join participations tp on tp.id = t.participation_id
      join campaigns c on c.id = tp.campaign_id
      ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
    ) ranked
    where ranked.status = 'ACCEPTED'`;
}

/**
 * The tracked submissions (in `scope`, as for `rankedAcceptedSubmissions`). Columns: id, participation_id,
 * campaign_id, submitted_at. The refresher fetches these; accrual accrues these while the campaign, read
 * under its escrow lock, is not completed.
 */
export function trackedSubmissions(scope?: SQL): SQL {
  return sql`select ranked.id, ranked.participation_id, ranked.campaign_id, ranked.submitted_at
    from (${rankedAcceptedSubmissions({ scope, onlyTracking: true })}) ranked
    where ranked.tracked`;
}

export interface Tracking {
  submissionLimit: number;
  acceptedSubmissionCount: number;
  /** Accepted and among the first `submissionLimit`, whether or not the participation and campaign still track. */
  withinLimitSubmissionIds: Set<number>;
  /** Tracked: within the limit, in a participation and campaign that still track. */
  trackedSubmissionIds: Set<number>;
}

/** The tracking of each participation, in the order of `ids` (an unknown id tracks nothing): one statement. */
export async function trackingOfParticipations(executor: Executor, ids: readonly number[]): Promise<Tracking[]> {
  // Built once per executor (the dashboard and every participation ask for it); the keys are its parameter.
  const run = preparedArrays(
    executor,
    "tracking_of_participations",
    () => sql`select p.id, c.submission_limit, s.id, s.within_limit, s.tracked
        from participations p
        join campaigns c on c.id = p.campaign_id
        left join (${rankedAcceptedSubmissions({ scope: sql`t.participation_id = any(${sql.placeholder("ids")}::int[])` })}) s
          on s.participation_id = p.id
        where p.id = any(${sql.placeholder("ids")}::int[])`,
  );
  const rows = (await run({ ids: [...ids] })) as [participationId: number, submissionLimit: number, submissionId: number | null, withinLimit: boolean | null, tracked: boolean | null][];
  const empty = (submissionLimit: number): Tracking => ({
    submissionLimit,
    acceptedSubmissionCount: 0,
    withinLimitSubmissionIds: new Set(),
    trackedSubmissionIds: new Set(),
  });
  const found = new Map<number, Tracking>();
  for (const [participationId, submissionLimit, submissionId, withinLimit, tracked] of rows) {
    const entry = found.get(participationId) ?? empty(submissionLimit);
    found.set(participationId, entry);
    if (submissionId === null) continue;
    entry.acceptedSubmissionCount++;
    if (withinLimit) entry.withinLimitSubmissionIds.add(submissionId);
    if (tracked) entry.trackedSubmissionIds.add(submissionId);
  }
  return ids.map((id) => found.get(id) ?? empty(0));
}

/**
 * Where a submission stands against its participation's limit (the GraphQL TrackingReason). It says nothing
 * about a left or rejected participation or a cancelled campaign: `isTracked` is false there whatever this says.
 */
export function trackingReasonOf(
  submission: { id: number; status: string },
  tracking: Pick<Tracking, "withinLimitSubmissionIds">,
): "NOT_ACCEPTED" | "WITHIN_SUBMISSION_LIMIT" | "OVER_SUBMISSION_LIMIT" {
  if (submission.status !== "ACCEPTED") return "NOT_ACCEPTED";
  return tracking.withinLimitSubmissionIds.has(submission.id) ? "WITHIN_SUBMISSION_LIMIT" : "OVER_SUBMISSION_LIMIT";
}

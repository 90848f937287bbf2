// Which submissions are tracked, in one place: the loaders (what clients see), accrual (what earns) and the
// metrics refresher (what is fetched) all read these fragments, so the rule cannot drift between them.
import { sql, type SQL } from "drizzle-orm";
import type { CampaignStatus, ParticipationStatus } from "../shared/enums.js";

/** A participation the influencer left or the owner rejected: its posts no longer earn and are not refreshed. */
export const DROPPED_PARTICIPATION_STATUSES: ParticipationStatus[] = ["PARTICIPATION_STATUS_LEFT", "PARTICIPATION_STATUS_REJECTED"];

/** A campaign whose earning period is over: nothing accrues once it reaches one of these (docs/money.md). */
export const ENDED_CAMPAIGN_STATUSES: CampaignStatus[] = ["CAMPAIGN_COMPLETED", "CAMPAIGN_CANCELLED"];

const statusList = (statuses: string[]) => sql.raw(statuses.map((status) => `'${status}'`).join(", "));

/**
 * Every ACCEPTED submission with `tracked`: among the first `submission_limit` accepted of its participation
 * by (submitted_at, id). Columns: id, participation_id, campaign_id, submitted_at, tracked. `scope` narrows
 * the rows (aliases: t = submissions, tp = participations, c = campaigns) without changing the ranking, as
 * long as it keeps or drops whole participations. `live` keeps only participations that are not dropped, in
 * campaigns that are not cancelled. A window function ranks them in one pass (a per-row count would be
 * quadratic without table statistics); it counts the accepted rows of the participation so far instead of
 * filtering on status first, so that a scoped query reads the participation's rows by its index (a status
 * filter would let the planner, without statistics, combine it with the partial index of every accepted
 * submission).
 */
export function rankedAcceptedSubmissions(options: { scope?: SQL; live?: boolean } = {}): SQL {
  const conditions = [
    options.live ? sql`tp.status not in (${statusList(DROPPED_PARTICIPATION_STATUSES)}) and c.status <> 'CAMPAIGN_CANCELLED'` : undefined,
    options.scope,
  ].filter((condition) => condition !== undefined);
  return sql`select ranked.id, ranked.participation_id, ranked.campaign_id, ranked.submitted_at,
      ranked.accepted_rank <= ranked.submission_limit as tracked
    from (
      select t.id, t.participation_id, tp.campaign_id, t.submitted_at, t.status, c.submission_limit,
        count(*) filter (where t.status = 'ACCEPTED') over (partition by t.participation_id order by t.submitted_at, t.id) as accepted_rank
      from submissions t
      join participations tp on tp.id = t.participation_id
      join campaigns c on c.id = tp.campaign_id
      ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
    ) ranked
    where ranked.status = 'ACCEPTED'`;
}

/**
 * The submissions the platform still follows: tracked, in a participation that is not dropped, in a campaign
 * that is not cancelled. Columns: id, participation_id, campaign_id, submitted_at. The refresher fetches these;
 * accrual additionally stops once the campaign is completed (checked under the campaign's escrow lock).
 */
export function liveTrackedSubmissions(scope?: SQL): SQL {
  return sql`select ranked.id, ranked.participation_id, ranked.campaign_id, ranked.submitted_at
    from (${rankedAcceptedSubmissions({ scope, live: true })}) ranked
    where ranked.tracked`;
}

// A campaign's leaderboard (docs/legacy-api.md, "Leaderboard"): every participant still in the campaign,
// scored by the reach of its tracked posts, ranked in SQL.
import { Arg, Authorized, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import { sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { queryRows } from "../db/client.js";
import { ValidationFailed } from "../shared/errors.js";
import { User } from "../users/user.type.js";
import type { UserRow } from "../users/user.type.js";
import { getCampaign } from "./campaign.access.js";

@ObjectType("LeaderboardEntry", { description: "One participant's place on a campaign's leaderboard." })
export class LeaderboardEntry {
  @Field(() => User) user!: UserRow;
  @Field(() => SafeIntResolver, {
    description:
      "The reach of the participant's tracked posts, each at its latest snapshot (impressions, then views, where the platform reports no reach).",
  })
  score!: number;
  @Field(() => Int, { description: "Competition rank by score: equal scores share a rank, the next rank skips (1, 1, 3)." })
  rank!: number;
  @Field(() => Int, { description: "The participant's accepted posts in this campaign." }) completedTasks!: number;
}

const MAX_ENTRIES = 100;

/**
 * Participants that left or were rejected are not ranked. Tracked posts are the first `submission_limit`
 * accepted ones by submission time, as everywhere else. Ties keep a stable order: the earlier participant first.
 */
export async function campaignLeaderboard(context: Context, campaignId: string, first: number): Promise<LeaderboardEntry[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_ENTRIES) throw ValidationFailed(`first must be 1 to ${MAX_ENTRIES}`, { first: `must be 1 to ${MAX_ENTRIES}` });
  const campaign = await getCampaign(context, campaignId, "campaignId");
  const entries = await queryRows<{ influencer_id: number; score: string | number; completed: number; rank: number }>(context.db, sql`
    with accepted as (
      select s.id, s.participation_id, row_number() over (partition by s.participation_id order by s.submitted_at, s.id) as n
      from submissions s join participations p on p.id = s.participation_id
      where p.campaign_id = ${campaign.id} and s.status = 'ACCEPTED'
    ),
    latest as (
      select distinct on (m.submission_id) m.submission_id, coalesce(m.reach, m.impressions, m.views, 0) as reach
      from metrics_snapshots m join accepted a on a.id = m.submission_id
      where a.n <= ${campaign.submissionLimit}
      order by m.submission_id, m.fetched_at desc, m.id desc
    ),
    scores as (
      select p.id, p.influencer_id, coalesce(sum(l.reach), 0)::bigint as score, count(a.id)::int as completed
      from participations p
      left join accepted a on a.participation_id = p.id
      left join latest l on l.submission_id = a.id
      where p.campaign_id = ${campaign.id} and p.status not in ('PARTICIPATION_STATUS_LEFT', 'PARTICIPATION_STATUS_REJECTED')
      group by p.id, p.influencer_id
    )
    select influencer_id, score, completed, rank() over (order by score desc)::int as rank
    from scores order by score desc, id asc limit ${first}`);
  const people = await context.loaders.users.byId.loadMany(entries.map((entry) => Number(entry.influencer_id)));
  return entries.map((entry, index) => ({
    user: people[index] as UserRow,
    score: Number(entry.score),
    rank: Number(entry.rank),
    completedTasks: Number(entry.completed),
  }));
}

@Resolver()
export class CampaignLeaderboardResolver {
  @Authorized()
  @Query(() => [LeaderboardEntry], {
    description: `A campaign's leaderboard, best first (at most ${MAX_ENTRIES} entries); visible to whoever may see the campaign.`,
  })
  campaignLeaderboard(
    @Arg("campaignId", () => ID) campaignId: string,
    @Arg("first", () => Int, { defaultValue: MAX_ENTRIES }) first: number,
    @Ctx() context: Context,
  ) {
    return campaignLeaderboard(context, campaignId, first);
  }
}

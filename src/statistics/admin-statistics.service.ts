// The SQL behind `adminStatistics`: one statement per figure group, whatever the number of rows
// (docs/legacy-api.md, "Statistics: publishers, users and the platform", holds the definitions).
import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "../db/client.js";
import { arrayParam } from "../db/array-param.js";
import { participationStatus, sex } from "../../schema/tables.js";
import { DROPPED_PARTICIPATION_STATUSES } from "../participations/participation.tracking.js";
import { engagementsSql } from "../wallets/money.js";
import { convertedHundredthsSql, refuseUnconvertible, requireKnownCurrency } from "../reference/exchange.js";
import { checkRange, withinRange, type StatisticsRange } from "./statistics.range.js";
import { largestRemainderPercentages } from "./percentages.js";
import type { InterestBreakdown, PendingWork, PercentageBreakdown, PlatformFinancials, PublisherActivity, PublisherFunnel, PublisherStatusCounts } from "./admin-statistics.type.js";

/** The age bands of /api/users/stats/age/: [key, first age, last age (null: no upper bound)]. */
export const AGE_BANDS: readonly [string, number, number | null][] = [
  ["18-24", 18, 24],
  ["25-34", 25, 34],
  ["35-44", 35, 44],
  ["45+", 45, null],
];


/** Counts in a fixed order → their breakdown (largest-remainder percents). */
function breakdown(entries: [key: string, count: number][]): PercentageBreakdown {
  const percents = largestRemainderPercentages(entries.map(([, count]) => count));
  return {
    total: entries.reduce((sum, [, count]) => sum + count, 0),
    shares: entries.map(([key, count], index) => ({ key, count, percent: percents[index]! })),
  };
}

/** Influencer accounts per status (BANNED apart from SUSPENDED). */
export async function publisherStatusCounts(db: Executor): Promise<PublisherStatusCounts> {
  const [row] = await queryRows<PublisherStatusCounts>(
    db,
    sql`select count(*) filter (where status = 'ACTIVE')::int as active, count(*) filter (where status = 'INACTIVE')::int as inactive,
               count(*) filter (where status = 'SUSPENDED')::int as suspended, count(*) filter (where status = 'BANNED')::int as banned
        from users where role = 'INFLUENCER'`,
  );
  return row!;
}

/**
 * The submissions made in the range that analytics counts (ACCEPTED: `counted` in
 * src/analytics/analytics.queries.ts), with the reach (as the platform reports it; unreported is 0, as in
 * analytics' totals) and engagements (`engagementsSql`) of each one's latest snapshot: the same figures as
 * the campaign network statistics (src/statistics/advertiser-statistics.queries.ts).
 */
export async function publisherActivity(db: Executor, range: StatisticsRange | null | undefined): Promise<PublisherActivity> {
  checkRange(range);
  const [row] = await queryRows<{ posts: number; reach: number; engagements: number }>(
    db,
    sql`select count(*)::int as posts, coalesce(sum(latest.reach), 0)::float8 as reach,
               coalesce(sum(${engagementsSql("latest")}), 0)::float8 as engagements
        from submissions s
        left join lateral (
          select ms.reach, ms.likes, ms.comments, ms.shares, ms.saves
          from metrics_snapshots ms where ms.submission_id = s.id order by ms.fetched_at desc limit 1
        ) latest on true
        where s.status = 'ACCEPTED' and ${withinRange(sql`s.submitted_at`, range)}`,
  );
  return { posts: row!.posts, reach: Number(row!.reach), engagements: Number(row!.engagements) };
}

/** Influencer accounts with a sex set, per sex. */
export async function influencersBySex(db: Executor): Promise<PercentageBreakdown> {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select ${sql.raw(sex.enumValues.map((value) => `count(*) filter (where sex = '${value}')::int as "${value}"`).join(", "))}
        from users where role = 'INFLUENCER' and sex is not null`,
  );
  return breakdown(sex.enumValues.map((value) => [value.toLowerCase(), row![value]!]));
}

/**
 * Influencer accounts with a birth date, per age band, aged in whole years on today's UTC date (so a 25th
 * birthday tomorrow is still 24 today). Younger than 18 counts nowhere, and is not in the total either.
 */
export async function influencersByAge(db: Executor): Promise<PercentageBreakdown> {
  const bands = AGE_BANDS.map(([key, from, to]) => sql`count(*) filter (where years >= ${from}${to === null ? sql`` : sql` and years <= ${to}`})::int as ${sql.identifier(key)}`);
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select ${sql.join(bands, sql`, `)}
        from (select date_part('year', age((now() at time zone 'UTC')::date, birth_date))::int as years
              from users where role = 'INFLUENCER' and birth_date is not null) aged`,
  );
  return breakdown(AGE_BANDS.map(([key]) => [key, row![key]!]));
}

/**
 * Every category of the `categories` table (zeros included, in table order) with the influencers who chose
 * it; the percents are shares of all (influencer, category) choices, so they add up to 100 however many
 * categories each person picked. Slugs that are not in `categories` any more count nowhere.
 */
export async function influencersByInterest(db: Executor): Promise<InterestBreakdown> {
  const rows = await queryRows<{ slug: string; count: number; influencers: number }>(
    db,
    sql`with choices as (
          select distinct u.id as user_id, c.slug from users u join categories c on c.slug = any(u.interest_categories)
          where u.role = 'INFLUENCER'
        )
        select c.slug, (select count(*) from choices x where x.slug = c.slug)::int as count,
               (select count(distinct user_id) from choices)::int as influencers
        from categories c order by c.id`,
  );
  return { ...breakdown(rows.map((row) => [row.slug, row.count])), influencers: rows[0]?.influencers ?? 0 };
}

/** What waits for review or for the influencer, now. */
export async function pendingWork(db: Executor): Promise<PendingWork> {
  const [row] = await queryRows<PendingWork>(
    db,
    sql`select (select count(*) from campaigns where status = 'CAMPAIGN_PENDING')::int as "campaignsAwaitingReview",
               (select count(*) from participations p join campaigns c on c.id = p.campaign_id
                where p.status = 'PARTICIPATION_STATUS_PENDING' and c.status in ('CAMPAIGN_ACTIVE', 'CAMPAIGN_PAUSED'))::int as "tasksNotStarted",
               (select count(*) from submissions where status = 'PENDING')::int as "submissionsAwaitingReview",
               (select count(*) from network_approvals where status = 'PENDING')::int as "networkApprovalsAwaitingReview"`,
  );
  return row!;
}

/**
 * Revenue: what brands moved from outside into campaign escrow (the EXTERNAL side of FUND transactions);
 * payouts: what reached influencers' PAID_OUT accounts (PAYOUT transactions); both in the range, summed per
 * currency and converted to `currency` at the stored rates. Money in a currency without a stored rate cannot be
 * added up: CONFLICT naming it, rather than a total that leaves it out.
 */
export async function platformFinancials(db: Executor, range: StatisticsRange | null | undefined, currency: string): Promise<PlatformFinancials> {
  checkRange(range);
  await requireKnownCurrency(db, currency);
  const rows = await queryRows<{ kind: string; currency: string; converted: string | null }>(
    db,
    sql`with moved as (
          select t.kind, a.currency, sum(case when t.kind = 'FUND' then -e.amount_cents else e.amount_cents end) as cents
          from ledger_transactions t
          join ledger_entries e on e.transaction_id = t.id
          join ledger_accounts a on a.id = e.account_id
          where ((t.kind = 'FUND' and a.kind = 'EXTERNAL') or (t.kind = 'PAYOUT' and a.kind = 'PAID_OUT'))
            and ${withinRange(sql`t.created_at`, range)}
          group by t.kind, a.currency
        )
        select moved.kind, moved.currency, (${convertedHundredthsSql(sql`moved.cents`, sql`moved.currency`, currency)})::text as converted from moved`,
  );
  refuseUnconvertible(rows.filter((row) => row.converted === null).map((row) => row.currency), currency);
  const total = (kind: string) => rows.filter((row) => row.kind === kind).reduce((sum, row) => sum + Number(row.converted), 0);
  return { revenueCents: total("FUND"), payoutsCents: total("PAYOUT"), currency };
}

/**
 * ACTIVE influencer accounts: able to publish (a VALID social account whose token has not lapsed beyond
 * refresh, as effectiveStatus in src/social-accounts/social-account.service.ts reads it, or an APPROVED
 * network approval: the accounts submitContent accepts), in a running campaign, never joined, joined.
 */
export async function publisherFunnel(db: Executor): Promise<PublisherFunnel> {
  const [row] = await queryRows<Omit<PublisherFunnel, "conversionRate"> & { conversionRate: string }>(
    db,
    sql`with influencers as (
          select
            exists (select 1 from social_accounts sa where sa.user_id = u.id and sa.status = 'VALID'
                      and (sa.expires_at is null or sa.expires_at > now() or sa.refresh_token_encrypted is not null))
              or exists (select 1 from network_approvals na where na.user_id = u.id and na.status = 'APPROVED') as can_publish,
            exists (select 1 from participations p join campaigns c on c.id = p.campaign_id
                    where p.influencer_id = u.id and c.status = 'CAMPAIGN_ACTIVE'
                      and p.status <> all(${arrayParam(DROPPED_PARTICIPATION_STATUSES, participationStatus)})) as running,
            exists (select 1 from participations p where p.influencer_id = u.id) as joined
          from users u where u.role = 'INFLUENCER' and u.status = 'ACTIVE'
        )
        select count(*) filter (where can_publish)::int as "estimatedPublishers", count(*) filter (where running)::int as "activePublishers",
               count(*) filter (where not joined)::int as "potentialPublishers", count(*) filter (where joined)::int as "convertedPublishers",
               case when count(*) = 0 then 0 else round(count(*) filter (where joined)::numeric / count(*), 4) end::text as "conversionRate"
        from influencers`,
  );
  return { ...row!, conversionRate: Number(row!.conversionRate) };
}

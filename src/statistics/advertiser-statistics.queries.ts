// The SQL of the advertiser and campaign statistics (docs/legacy-api.md, "Advertiser and campaign
// statistics"): each figure group is one statement, whatever the number of campaigns, posts or entries.
//
// - Spent: money accrued to influencers = positive postings into INFLUENCER_PAYABLE accounts (escrow →
//   payable: an ACCRUAL step's funded part, a bonus, or a FUND releasing a blocked accrual), dated by the
//   posting. Blocked accruals are unfunded promises kept outside the ledger (docs/money.md): they count
//   when funding releases them. Summed per currency, then converted at the stored rates.
// - CPM base: impressions, else views (`cpmUnitsSql`, what accrual pays CPM on) of the latest snapshot
//   (fetched before the range's end) of every ACCEPTED submission of the influencers paid in the range.
// - Posts, reach, engagement: the ACCEPTED submissions (what analytics counts, analytics.queries.ts) and
//   their latest snapshots; engagement is `engagementsSql` (likes + comments + shares + saves).
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Executor } from "../db/client.js";
import { arrayParam } from "../db/array-param.js";
import { cpmUnitsSql, engagementsSql } from "../wallets/money.js";
import { convertedHundredthsSql, refuseUnconvertible } from "../reference/exchange.js";
import { withinRange, type StatisticsRange } from "./statistics.range.js";

/** Which campaigns (alias `c`): every one, one owner's, or a list. */
export type CampaignScope = { ownerId?: number } | { campaignIds: readonly number[] };

function campaignFilter(scope: CampaignScope): SQL {
  if ("campaignIds" in scope) return sql`c.id = any(${arrayParam(scope.campaignIds, "int")})`;
  return scope.ownerId === undefined ? sql`true` : sql`c.owner_id = ${scope.ownerId}`;
}

/** The latest snapshot (alias `t`) of submission `s` fetched before `range`'s end. */
const latestSnapshot = (range: StatisticsRange | null | undefined) => sql`left join lateral (
    select ms.impressions, ms.reach, ms.likes, ms.comments, ms.shares, ms.saves, ms.views from metrics_snapshots ms
    where ms.submission_id = s.id and ${withinRange(sql`ms.fetched_at`, { to: range?.to ?? null })}
    order by ms.fetched_at desc limit 1
  ) t on true`;

/** Per campaign that spent in the range: spent (converted; null without a rate) and the CPM base. */
function spendingPerCampaign(scope: CampaignScope, range: StatisticsRange | null | undefined, currency: string): SQL {
  return sql`with paid as (
      select a.campaign_id, a.user_id, a.currency, sum(e.amount_cents) as cents
      from ledger_entries e
      join ledger_accounts a on a.id = e.account_id
      join campaigns c on c.id = a.campaign_id
      where a.kind = 'INFLUENCER_PAYABLE' and e.amount_cents > 0 and ${campaignFilter(scope)} and ${withinRange(sql`e.created_at`, range)}
      group by a.campaign_id, a.user_id, a.currency
    ), units as (
      select paid.campaign_id, sum(coalesce(${cpmUnitsSql("t")}, 0)) as units
      from paid
      join participations p on p.campaign_id = paid.campaign_id and p.influencer_id = paid.user_id
      join submissions s on s.participation_id = p.id and s.status = 'ACCEPTED'
      ${latestSnapshot(range)}
      group by paid.campaign_id
    ), per_campaign as (
      select campaign_id, currency, sum(cents) as cents from paid group by campaign_id, currency
    )
    select pc.campaign_id, pc.currency, ${convertedHundredthsSql(sql`pc.cents`, sql`pc.currency`, currency)} as spent, coalesce(u.units, 0) as units
    from per_campaign pc left join units u on u.campaign_id = pc.campaign_id`;
}

/** spent × 1000 / units, to whole hundredths (half away from zero); 0 without units. */
const cpmSql = (spent: string, units: string) => sql.raw(`case when ${units} > 0 then round(${spent}::numeric * 1000 / ${units})::bigint else 0 end`);

export interface SpendingRow {
  spentCents: number;
  averageCpmCents: number;
  campaigns: number;
}

/** The scope's total spending in the range, in `currency`: one statement. */
export async function spendingOf(executor: Executor, scope: CampaignScope, range: StatisticsRange | null | undefined, currency: string): Promise<SpendingRow> {
  const rows = await queryRows<{ spent: string; cpm: string; campaigns: number; unconverted: string[] | null }>(
    executor,
    sql`select coalesce(sum(x.spent), 0)::text as spent, ${cpmSql("coalesce(sum(x.spent), 0)", "coalesce(sum(x.units), 0)")}::text as cpm,
          count(*)::int as campaigns, array_agg(distinct x.currency::text) filter (where x.spent is null) as unconverted
        from (${spendingPerCampaign(scope, range, currency)}) x`,
  );
  refuseUnconvertible(rows[0]!.unconverted ?? [], currency);
  return { spentCents: Number(rows[0]!.spent), averageCpmCents: Number(rows[0]!.cpm), campaigns: rows[0]!.campaigns };
}

/** Each campaign's whole spending (no range), in `currency`: one statement for any number of campaigns. */
export async function spendingByCampaign(executor: Executor, campaignIds: readonly number[], currency: string): Promise<Map<number, SpendingRow>> {
  const rows = await queryRows<{ campaign_id: number; currency: string; spent: string | null; cpm: string }>(
    executor,
    sql`select x.campaign_id, x.currency, x.spent::text as spent, ${cpmSql("x.spent", "x.units")}::text as cpm
        from (${spendingPerCampaign({ campaignIds }, null, currency)}) x`,
  );
  refuseUnconvertible([...new Set(rows.filter((row) => row.spent === null).map((row) => row.currency))], currency);
  return new Map(rows.map((row) => [Number(row.campaign_id), { spentCents: Number(row.spent), averageCpmCents: Number(row.cpm), campaigns: 1 }]));
}

export interface NetworkRow {
  campaignId: number;
  platform: string;
  posts: number;
  reach: number;
  engagement: number;
}

/** Posts, reach and engagement per campaign and platform, from the ACCEPTED submissions' latest snapshots: one statement. */
export async function networksByCampaign(executor: Executor, campaignIds: readonly number[]): Promise<NetworkRow[]> {
  const rows = await queryRows<{ campaign_id: number; platform: string; posts: number; reach: string; engagement: string }>(
    executor,
    sql`select p.campaign_id, s.platform, count(*)::int as posts, coalesce(sum(t.reach), 0)::text as reach,
          coalesce(sum(${engagementsSql("t")}), 0)::text as engagement
        from submissions s
        join participations p on p.id = s.participation_id
        ${latestSnapshot(null)}
        where p.campaign_id = any(${arrayParam(campaignIds, "int")}) and s.status = 'ACCEPTED'
        group by p.campaign_id, s.platform`,
  );
  return rows.map((row) => ({
    campaignId: Number(row.campaign_id),
    platform: row.platform,
    posts: Number(row.posts),
    reach: Number(row.reach),
    engagement: Number(row.engagement),
  }));
}

export interface InvoiceRow {
  id: number;
  publicId: string;
  campaignId: number;
  amountCents: number;
  currency: string;
  date: string;
  status: "PAID" | "REFUNDED";
}

/**
 * The scope's fundings, newest first (by time, then id), at most `limit`: one per FUND transaction, its amount the EXTERNAL leg
 * (what came in, releases included), REFUNDED when a REFUND that moved money followed it on the campaign.
 */
export async function invoicesOf(
  executor: Executor,
  scope: CampaignScope,
  filter: { status?: "PAID" | "REFUNDED" | null; range?: StatisticsRange | null; limit: number },
): Promise<InvoiceRow[]> {
  const rows = await queryRows<{ id: number; public_id: string; campaign_id: number; amount: string; currency: string; day: string; status: InvoiceRow["status"] }>(
    executor,
    sql`select * from (
          select f.id, f.public_id, f.campaign_id, f.amount::text as amount, f.currency, f.day, f.created_at,
            case when exists (
              select 1 from ledger_transactions r join ledger_entries re on re.transaction_id = r.id
              where r.campaign_id = f.campaign_id and r.kind = 'REFUND' and r.id > f.id
            ) then 'REFUNDED' else 'PAID' end as status
          from (
            select t.id, t.public_id, t.campaign_id, c.currency, t.created_at, to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
              -sum(e.amount_cents) as amount
            from ledger_transactions t
            join campaigns c on c.id = t.campaign_id
            join ledger_entries e on e.transaction_id = t.id
            join ledger_accounts a on a.id = e.account_id and a.kind = 'EXTERNAL'
            where t.kind = 'FUND' and ${campaignFilter(scope)} and ${withinRange(sql`t.created_at`, filter.range)}
            group by t.id, c.currency
          ) f
        ) i
        ${filter.status ? sql`where i.status = ${filter.status}` : sql``}
        order by i.created_at desc, i.id desc
        limit ${filter.limit}`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    publicId: row.public_id,
    campaignId: Number(row.campaign_id),
    amountCents: Number(row.amount),
    currency: row.currency,
    date: row.day,
    status: row.status,
  }));
}

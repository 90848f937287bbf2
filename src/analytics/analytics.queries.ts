// The analytics SQL. Two statements answer every analytics request, whatever the number of snapshots,
// each run in a short read-only transaction whose first statement sets JIT off (inAnalyticsSession):
//
// - seriesPoints: the DAY/WEEK time series of a set of submissions (docs/analytics.md), per group and overall. It
//   never scans a submission's snapshots: for each bucket boundary b it looks up, through the
//   (submission_id, fetched_at) index, the last snapshot before b and, only when the bucket ending at b
//   holds none, the first one at or after b (LIMIT 1 probes); everything derives from those: C(b), whether
//   a bucket holds a snapshot (the last one before its end is not before its start), a gap's line.
// - submissionFacts: per submission, the totals (latest snapshot before `to`), money (submission_earnings)
//   and freshness (ingestion_attempts), and their sums per platform / participation / overall
//   (GROUPING SETS), returned as JSON so that both drivers hand back plain numbers.
// The campaign dashboard reads tables the database keeps instead where they give the same answer: its facts
// from each submission's latest state (campaignFacts, below) and its series from the bucket rollup
// (analytics.rollup.ts); submissionFacts over a campaign stays the reference the tests compare them with.
//
// Rules of the series, per submission, metric and bucket [s, e) (C(t): the metric in the last snapshot
// fetched strictly before t; a null count stays null, and so does anything computed from it — GREATEST
// would otherwise turn null into 0):
//   snapshot inside and one before → SNAPSHOT_DELTA  C(e) − C(s) − (estimates already shown for the gap
//                                                      just before s, if any), never below 0
//   snapshot inside, none before   → PLATFORM_TOTAL  C(e)
//   none inside, snapshots around  → ESTIMATED       growth of the line between the two surrounding
//                                                      snapshots over [s, e), floored at each end, ≥ 0
//   otherwise                      → value and source null
// so the non-null values of a series add up to the growth over the window (while counts do not fall).
// docs/analytics.md explains, with the reasons.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db, type Executor } from "../db/client.js";
import { METRIC_NAMES, type MetricCounts, type MetricName } from "../platforms/platforms.js";
import { rankedAcceptedSubmissions } from "../participations/participation.tracking.js";
import { cpmUnitsSql } from "../wallets/money.js";
import { BUCKET_ORIGIN, BUCKET_STRIDE, type AnalyticsWindow } from "./analytics.window.js";
import { arrayParam } from "../db/array-param.js";

export type MetricValues = MetricCounts;
export type PointSourceName = "SNAPSHOT_DELTA" | "PLATFORM_TOTAL" | "ESTIMATED";

/** One SQL fragment per metric, joined: the metric names are constants, never input. */
const perMetric = (fragment: (metric: MetricName) => string, separator = ",\n    ") => sql.raw(METRIC_NAMES.map(fragment).join(separator));

const emptyValues = (): MetricValues => Object.fromEntries(METRIC_NAMES.map((metric) => [metric, null])) as MetricValues;

/**
 * Runs analytics statements in one read-only transaction with JIT off. PostgreSQL cannot estimate how
 * many buckets generate_series yields, so a campaign's plan looks expensive enough to trigger JIT
 * compilation, which costs seconds and saves nothing on these index probes; `work_mem` keeps the window
 * sorts of a 1,000-submission campaign in memory. Both settings end with the transaction (PGlite has no JIT;
 * the settings are harmless there).
 */
export async function inAnalyticsSession<T>(db: Db, run: (executor: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('transaction_read_only', 'on', true), set_config('jit', 'off', true), set_config('work_mem', '32MB', true)`);
    return run(tx);
  });
}

// ---- time series -------------------------------------------------------------------------------------

export interface SeriesMember {
  submissionId: number;
  /** The group the submission's points are summed into besides the overall series (e.g. its platform). */
  group?: string;
}

/** The series' submissions: a list, or a campaign's counted (ACCEPTED) ones, read by the statement itself. */
export type SeriesMembers = readonly SeriesMember[] | { campaignId: number };

export interface BucketPoint {
  startAt: Date;
  endAt: Date;
  isPartial: boolean;
  values: MetricValues;
  sources: Record<MetricName, PointSourceName | null>;
}

export interface SeriesPoints {
  /** Every bucket of the window, summed over all members (null values when no member has one). */
  overall: BucketPoint[];
  byGroup: Map<string, BucketPoint[]>;
}

type SeriesRow = { grouped: boolean; k: string | null; i: number; start_ms: number; end_ms: number; partial: boolean } & Record<
  string,
  number | string | null | boolean
>;

function membersSql(members: SeriesMembers): SQL {
  if ("campaignId" in members) {
    return sql`select s.id as submission_id, ''::text as k from submissions s join participations p on p.id = s.participation_id
    where p.campaign_id = ${members.campaignId} and s.status = 'ACCEPTED'`;
  }
  const ids = members.map((member) => member.submissionId);
  const keys = members.map((member) => member.group ?? "");
  return sql`select * from unnest(${arrayParam(ids, "int")}, ${arrayParam(keys, "text")}) as m(submission_id, k)`;
}

function seriesStatement(members: SeriesMembers, window: AnalyticsWindow, grouped: boolean): SQL {
  return sql`
with w as (
  select ${window.from.toISOString()}::timestamptz as w_from, ${window.to.toISOString()}::timestamptz as w_to,
         ${BUCKET_STRIDE[window.bucket]}::interval as stride, ${window.now.toISOString()}::timestamptz as now_at,
         ${BUCKET_ORIGIN}::timestamptz as origin
),
-- the window's edges and every UTC day / Monday-week boundary strictly inside it
bounds as (
  select x.b, lag(x.b) over (order by x.b) as bp, (row_number() over (order by x.b))::int as i
  from (
    select w_from as b from w
    union select w_to from w
    union select g from w, generate_series(date_bin(w.stride, w.w_from, w.origin) + w.stride, w.w_to, w.stride) as g where g < w.w_to
  ) x
),
buckets as (
  select y.i, y.s, y.e,
         (y.s <> date_bin(w.stride, y.s, w.origin) or y.e <> date_bin(w.stride, y.s, w.origin) + w.stride
          or (y.s < w.now_at and w.now_at < y.e)) as partial
  from (select i, b as s, lead(b) over (order by i) as e from bounds) y cross join w
  where y.e is not null
),
members as (
  ${membersSql(members)}
),
-- per submission and boundary b: the last snapshot before b (p) and, when the bucket ending at b is empty,
-- the first snapshot at or after b (q)
at_bound as (
  select m.submission_id, m.k, bd.i, bd.b, p.fetched_at as p_t, q.fetched_at as q_t,
    ${perMetric((x) => `p.${x} as p_${x}, q.${x} as q_${x}`)}
  from members m cross join bounds bd
  left join lateral (
    select ms.fetched_at, ${perMetric((x) => `ms.${x}`, ", ")}
    from metrics_snapshots ms
    where ms.submission_id = m.submission_id and ms.fetched_at < bd.b
    order by ms.fetched_at desc limit 1
  ) p on true
  left join lateral (
    select ms.fetched_at, ${perMetric((x) => `ms.${x}`, ", ")}
    from metrics_snapshots ms
    where ms.submission_id = m.submission_id and ms.fetched_at >= bd.b
      and p.fetched_at < bd.bp -- only where the bucket ending at b holds no snapshot (it may be ESTIMATED)
    order by ms.fetched_at asc limit 1
  ) q on true
),
-- per submission and bucket [s, e): C(s) (s_*), C(e) (e_*), the snapshot before s (p_t) and the first at or after e (q_*)
spans as (
  select submission_id, k, i, b as s, lead(b) over sb as e, p_t, lead(p_t) over sb as e_p_t, lead(q_t) over sb as q_t,
    ${perMetric((x) => `p_${x} as s_${x}, lead(p_${x}) over sb as e_${x}, lead(q_${x}) over sb as q_${x}`)}
  from at_bound
  window sb as (partition by submission_id order by i)
),
classified as (
  select *,
    case when e_p_t >= s and p_t is not null then 'SNAPSHOT_DELTA'
         when e_p_t >= s then 'PLATFORM_TOTAL'
         when p_t is not null and q_t is not null then 'ESTIMATED' end as src
  from spans
  where e is not null
),
-- a gap's growth: the line from the snapshot before it to the one after it, floored at both ends of the bucket
-- (float8: counts below 2^53 stay exact, and it is far cheaper than numeric across a campaign)
estimated as (
  select *,
    ${perMetric(
      (x) => `case when src = 'ESTIMATED' and q_${x} is not null and s_${x} is not null then greatest(
        floor((q_${x} - s_${x})::float8 * extract(epoch from (e - p_t))::float8 / extract(epoch from (q_t - p_t))::float8)
      - floor((q_${x} - s_${x})::float8 * extract(epoch from (s - p_t))::float8 / extract(epoch from (q_t - p_t))::float8), 0) end as est_${x}`,
    )}
  from classified
),
-- cum_*: the estimates so far; the first bucket after a gap shows only the growth the gap's estimates did
-- not already show: cum_* now minus cum_* at the last bucket that was not estimated (cum_* never falls, so
-- that is the max over the earlier non-estimated buckets; same window order, no second sort)
cumulated as (
  select *, ${perMetric((x) => `coalesce(sum(est_${x}) over bucket_order, 0) as cum_${x}`)}
  from estimated
  window bucket_order as (partition by submission_id order by i)
),
valued as (
  select submission_id, k, i, src,
    ${perMetric(
      (x) => `case src
      when 'SNAPSHOT_DELTA' then case when e_${x} is not null and s_${x} is not null
        then greatest(e_${x} - s_${x} - (cum_${x} - coalesce(max(case when src <> 'ESTIMATED' then cum_${x} end) over earlier, 0)), 0) end
      when 'PLATFORM_TOTAL' then e_${x}
      when 'ESTIMATED' then est_${x} end as v_${x}`,
    )}
  from cumulated
  window earlier as (partition by submission_id order by i rows between unbounded preceding and 1 preceding)
)
select ${grouped ? sql`grouping(v.k) = 0 as grouped, v.k,` : sql`false as grouped, null::text as k,`}
  b.i, (extract(epoch from b.s) * 1000)::float8 as start_ms, (extract(epoch from b.e) * 1000)::float8 as end_ms, b.partial,
  ${perMetric(
    (x) => `sum(v.v_${x})::float8 as v_${x},
    case when count(v.v_${x}) = 0 then null
         when bool_or(v.src = 'ESTIMATED' and v.v_${x} is not null) then 'ESTIMATED'
         when bool_or(v.src = 'PLATFORM_TOTAL' and v.v_${x} is not null) then 'PLATFORM_TOTAL'
         else 'SNAPSHOT_DELTA' end as src_${x}`,
  )}
from buckets b
left join valued v on v.i = b.i
group by ${grouped ? sql`grouping sets ((b.i, b.s, b.e, b.partial, v.k), (b.i, b.s, b.e, b.partial))` : sql`b.i, b.s, b.e, b.partial`}
order by b.i`;
}

function toPoint(row: SeriesRow): BucketPoint {
  const values = emptyValues();
  const sources = {} as Record<MetricName, PointSourceName | null>;
  for (const metric of METRIC_NAMES) {
    const value = row[`v_${metric}`];
    values[metric] = value === null || value === undefined ? null : Number(value);
    sources[metric] = values[metric] === null ? null : ((row[`src_${metric}`] as PointSourceName | null) ?? null);
  }
  return { startAt: new Date(Number(row.start_ms)), endAt: new Date(Number(row.end_ms)), isPartial: row.partial === true, values, sources };
}

/**
 * The window's buckets with each metric's value and source, overall and per member group: one statement.
 * Pass `grouped` to get the per-group series too.
 */
export async function seriesPoints(
  executor: Executor,
  members: SeriesMembers,
  window: AnalyticsWindow,
  grouped = false,
): Promise<SeriesPoints> {
  const rows = await queryRows<SeriesRow>(executor, seriesStatement(members, window, grouped));
  const overall: BucketPoint[] = [];
  const byGroup = new Map<string, BucketPoint[]>();
  for (const row of rows) {
    if (!row.grouped) overall.push(toPoint(row));
    else if (row.k !== null) {
      const list = byGroup.get(row.k) ?? [];
      list.push(toPoint(row));
      byGroup.set(row.k, list);
    }
  }
  return { overall, byGroup };
}

// ---- totals, money and freshness -----------------------------------------------------------------------

export interface FreshnessFacts {
  lastSnapshotAt: Date | null;
  lastAttemptAt: Date | null;
  /** SUCCESS or FAILURE of the latest attempt. */
  lastAttemptOutcome: "SUCCESS" | "FAILURE" | null;
  /** The latest attempt's failure reason, when it failed. */
  lastAttemptFailure: string | null;
  lastSuccessAt: Date | null;
}

export interface MoneyFacts {
  accruedCents: number;
  paidCents: number;
  blockedCents: number;
}

export interface Performance {
  /** Impressions where the platform reports them, else views: the base CPM is paid on. */
  deliveredImpressions: number;
  /** likes + comments + shares + saves (unreported counts as 0). */
  engagements: number;
}

export interface SubmissionFactsRow extends FreshnessFacts, Performance {
  submissionId: number;
  publicId: string;
  participationId: number;
  participationPublicId: string;
  influencerId: number;
  influencerPublicId: string;
  influencerName: string;
  platform: string;
  status: string;
  contentUrl: string;
  submittedAt: Date;
  /** ACCEPTED: counted in aggregates. */
  counted: boolean;
  /** Tracked (participation.tracking.ts): metrics are pulled for it and it accrues. */
  tracked: boolean;
  /** The latest snapshot fetched before `to`, or null values when there is none. */
  totals: MetricValues;
  money: MoneyFacts;
}

export interface FactsAggregate extends FreshnessFacts, Performance {
  /** Which GROUPING SET the row is: a platform's, a participation's, or everything counted. */
  level: "platform" | "participation" | "overall";
  platform: string | null;
  participationId: number | null;
  influencerId: number | null;
  submissionCount: number;
  totals: MetricValues;
  money: MoneyFacts;
}

export interface SubmissionFacts {
  submissions: SubmissionFactsRow[];
  aggregates: FactsAggregate[];
  /** CAMPAIGN_ESCROW balance (campaign scope only, else 0). */
  escrowCents: number;
}

export type FactsScope =
  | { submissionId: number }
  | { participationId: number; levels: "platform"[] }
  | { campaignId: number; levels: ("platform" | "participation")[] };

type Json = Record<string, any>;

const date = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string));
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const parseJson = (value: unknown): Json[] => (typeof value === "string" ? JSON.parse(value) : ((value as Json[] | null) ?? []));

function valuesOf(row: Json): MetricValues {
  const values = emptyValues();
  for (const metric of METRIC_NAMES) values[metric] = row[metric] === null || row[metric] === undefined ? null : Number(row[metric]);
  return values;
}

function freshnessOf(row: Json): FreshnessFacts {
  return {
    lastSnapshotAt: date(row.last_snapshot_at),
    lastAttemptAt: date(row.last_attempt_at),
    lastAttemptOutcome: row.last_attempt_outcome ?? null,
    lastAttemptFailure: row.last_attempt_failure ?? null,
    lastSuccessAt: date(row.last_success_at),
  };
}

const moneyOf = (row: Json): MoneyFacts => ({
  accruedCents: num(row.accrued_cents),
  paidCents: num(row.paid_cents),
  blockedCents: num(row.blocked_cents),
});

const performanceOf = (row: Json): Performance => ({ deliveredImpressions: num(row.delivered_impressions), engagements: num(row.engagements) });

function factsStatement(scope: FactsScope, to: Date): SQL {
  const where =
    "submissionId" in scope
      ? sql`s.id = ${scope.submissionId}`
      : "participationId" in scope
        ? sql`s.participation_id = ${scope.participationId}`
        : sql`p.campaign_id = ${scope.campaignId} and s.status = 'ACCEPTED'`;
  // The tracking rule ranks whole participations: scoped to the participations of the rows above.
  const trackingScope =
    "submissionId" in scope
      ? sql`t.participation_id = (select x.participation_id from submissions x where x.id = ${scope.submissionId})`
      : "participationId" in scope
        ? sql`t.participation_id = ${scope.participationId}`
        : sql`tp.campaign_id = ${scope.campaignId}`;
  const levels = "levels" in scope ? (scope.levels as string[]) : [];
  const sets = [
    ...(levels.includes("platform") ? ["(f.platform)"] : []),
    ...(levels.includes("participation") ? ["(f.participation_id, f.influencer_id)"] : []),
    "()",
  ].join(", ");
  // GROUPING() and the grouped columns may only name columns some grouping set groups by.
  const levelColumns = [
    levels.includes("platform") ? "grouping(f.platform) = 0 as by_platform, f.platform" : "false as by_platform, null as platform",
    levels.includes("participation")
      ? "grouping(f.participation_id) = 0 as by_participation, f.participation_id, f.influencer_id"
      : "false as by_participation, null::int as participation_id, null::int as influencer_id",
  ].join(", ");
  const escrow =
    "campaignId" in scope
      ? sql`(select coalesce(sum(la.balance_cents), 0)::float8 from ledger_accounts la where la.kind = 'CAMPAIGN_ESCROW' and la.campaign_id = ${scope.campaignId})`
      : sql`0::float8`;
  return sql`
with subs as (
  select s.id, s.public_id, s.participation_id, p.public_id as participation_public_id, p.influencer_id,
         u.public_id as influencer_public_id, u.display_name as influencer_name, s.platform, s.status, s.content_url,
         s.submitted_at, s.status = 'ACCEPTED' as counted, coalesce(r.tracked, false) as tracked
  from submissions s
  join participations p on p.id = s.participation_id
  join users u on u.id = p.influencer_id
  left join (${rankedAcceptedSubmissions({ scope: trackingScope })}) r on r.id = s.id
  where ${where}
),
facts as (
  select subs.*, t.fetched_at as totals_at, ${perMetric((x) => `t.${x}`, ", ")},
         coalesce(${cpmUnitsSql("t")}, 0) as delivered_impressions,
         coalesce(t.likes, 0) + coalesce(t.comments, 0) + coalesce(t.shares, 0) + coalesce(t.saves, 0) as engagements,
         coalesce(se.accrued_cents, 0) as accrued_cents, coalesce(se.paid_cents, 0) as paid_cents, coalesce(se.blocked_cents, 0) as blocked_cents,
         ls.fetched_at as last_snapshot_at, la.attempted_at as last_attempt_at, la.outcome as last_attempt_outcome,
         la.failure_reason as last_attempt_failure, lsu.attempted_at as last_success_at
  from subs
  left join lateral (
    select ms.fetched_at, ${perMetric((x) => `ms.${x}`, ", ")} from metrics_snapshots ms
    where ms.submission_id = subs.id and ms.fetched_at < ${to.toISOString()}::timestamptz
    order by ms.fetched_at desc limit 1
  ) t on true
  left join submission_earnings se on se.submission_id = subs.id
  left join lateral (
    select ms.fetched_at from metrics_snapshots ms where ms.submission_id = subs.id order by ms.fetched_at desc limit 1
  ) ls on true
  left join lateral (
    select ia.attempted_at, ia.outcome, ia.failure_reason from ingestion_attempts ia
    where ia.submission_id = subs.id order by ia.attempted_at desc, ia.id desc limit 1
  ) la on true
  left join lateral (
    select ia.attempted_at from ingestion_attempts ia
    where ia.submission_id = subs.id and ia.outcome = 'SUCCESS' order by ia.attempted_at desc limit 1
  ) lsu on true
)
select
  (select coalesce(json_agg(f order by f.submitted_at, f.id), '[]'::json) from facts f) as submissions,
  (select coalesce(json_agg(a), '[]'::json) from (
     select ${sql.raw(levelColumns)}, count(*)::int as submission_count,
            ${perMetric((x) => `sum(f.${x}) as ${x}`)},
            sum(f.delivered_impressions) as delivered_impressions, sum(f.engagements) as engagements,
            sum(f.accrued_cents) as accrued_cents, sum(f.paid_cents) as paid_cents, sum(f.blocked_cents) as blocked_cents,
            max(f.last_snapshot_at) as last_snapshot_at, max(f.last_attempt_at) as last_attempt_at, max(f.last_success_at) as last_success_at,
            (array_agg(f.last_attempt_outcome order by f.last_attempt_at desc nulls last, f.id desc))[1] as last_attempt_outcome,
            (array_agg(f.last_attempt_failure order by f.last_attempt_at desc nulls last, f.id desc))[1] as last_attempt_failure
     from facts f
     where f.counted
     group by grouping sets (${sql.raw(sets)})
  ) a) as aggregates,
  ${escrow} as escrow_cents`;
}

/** Which submission a facts row is about (the columns both facts statements answer). */
function submissionIdentityOf(f: Json) {
  return {
    submissionId: f.id,
    publicId: f.public_id,
    participationId: f.participation_id,
    participationPublicId: f.participation_public_id,
    influencerId: f.influencer_id,
    influencerPublicId: f.influencer_public_id,
    influencerName: f.influencer_name,
    platform: f.platform,
    status: f.status,
    contentUrl: f.content_url,
    submittedAt: new Date(f.submitted_at),
  };
}

/** Totals, money and freshness per submission in scope, and their sums per level: one statement. */
export async function submissionFacts(executor: Executor, scope: FactsScope, to: Date): Promise<SubmissionFacts> {
  const [row] = await queryRows<{ submissions: unknown; aggregates: unknown; escrow_cents: number | string }>(executor, factsStatement(scope, to));
  const submissions = parseJson(row?.submissions).map(
    (f): SubmissionFactsRow => ({
      ...submissionIdentityOf(f),
      counted: f.counted === true,
      tracked: f.tracked === true,
      totals: valuesOf(f),
      money: moneyOf(f),
      ...performanceOf(f),
      ...freshnessOf(f),
    }),
  );
  const aggregates = parseJson(row?.aggregates)
    .filter((a) => a.submission_count > 0 || (!a.by_platform && !a.by_participation))
    .map(aggregateOf);
  return { submissions, aggregates, escrowCents: num(row?.escrow_cents) };
}

/** The aggregate row for everything counted (zeros and nulls when nothing is counted). */
export function overallOf(facts: SubmissionFacts): FactsAggregate {
  return (
    facts.aggregates.find((a) => a.level === "overall") ?? {
      level: "overall",
      platform: null,
      participationId: null,
      influencerId: null,
      submissionCount: 0,
      totals: emptyValues(),
      money: { accruedCents: 0, paidCents: 0, blockedCents: 0 },
      deliveredImpressions: 0,
      engagements: 0,
      lastSnapshotAt: null,
      lastAttemptAt: null,
      lastAttemptOutcome: null,
      lastAttemptFailure: null,
      lastSuccessAt: null,
    }
  );
}

// ---- campaign facts: from each submission's latest state ---------------------------------------------------
//
// The campaign dashboard reads submission_latest_metrics (schema/tables.ts; kept by the triggers of migration
// 0011 in the transaction that writes snapshots and attempts) instead of probing every counted submission's
// snapshots and attempts. Its counts are the latest snapshot's: the totals as of `to` whenever that snapshot was
// fetched before `to` (the default window ends now). Only a submission with a snapshot at or after `to` (a
// window in the past) is probed for the latest one before `to`, as the per-submission statement does.

/** A counted submission of a campaign with its facts (the CSV's row and the top-submissions list's). */
export type CampaignFactsRow = Omit<SubmissionFactsRow, "counted" | "tracked">;

export interface CampaignFacts {
  /** The overall aggregate, one per platform and, when asked for, one per participation (as submissionFacts's levels). */
  aggregates: FactsAggregate[];
  /** Every counted submission, oldest first (the CSV), when asked for. */
  rows: CampaignFactsRow[] | null;
  /** Participations with a counted submission. */
  influencerCount: number;
  /** The counted submissions with the most delivered impressions (then engagements, then oldest id), at most `top`. */
  top: CampaignFactsRow[];
  escrowCents: number;
}

/** Per counted submission of the campaign: the columns of factsStatement's `facts`, from the latest state. */
function campaignFactsCte(campaignId: number, to: Date, withNames: boolean): SQL {
  const at = sql`${to.toISOString()}::timestamptz`;
  return sql`
subs as (
  select s.id, s.public_id, s.participation_id, p.public_id as participation_public_id, p.influencer_id,
         ${withNames ? sql`u.public_id as influencer_public_id, u.display_name as influencer_name,` : sql``}
         s.platform, s.status, s.content_url, s.submitted_at
  from submissions s
  join participations p on p.id = s.participation_id
  ${withNames ? sql`join users u on u.id = p.influencer_id` : sql``}
  where p.campaign_id = ${campaignId} and s.status = 'ACCEPTED'
),
totals as (
  select subs.*,
    ${sql.join(
      METRIC_NAMES.map((x) => sql`case when l.last_fetched_at < ${at} then l.${sql.raw(x)} else t.${sql.raw(x)} end as ${sql.raw(x)}`),
      sql`, `,
    )},
    l.last_fetched_at as last_snapshot_at, l.last_attempt_at, l.last_attempt_outcome, l.last_attempt_failure, l.last_success_at,
    coalesce(se.accrued_cents, 0) as accrued_cents, coalesce(se.paid_cents, 0) as paid_cents, coalesce(se.blocked_cents, 0) as blocked_cents
  from subs
  left join submission_latest_metrics l on l.submission_id = subs.id
  left join lateral (
    -- only for a submission with a snapshot at or after the window's end
    select ${perMetric((x) => `ms.${x}`, ", ")} from metrics_snapshots ms
    where l.last_fetched_at >= ${at} and ms.submission_id = subs.id and ms.fetched_at < ${at}
    order by ms.fetched_at desc limit 1
  ) t on true
  left join submission_earnings se on se.submission_id = subs.id
),
facts as (
  select x.*, coalesce(${cpmUnitsSql("x")}, 0) as delivered_impressions,
         coalesce(x.likes, 0) + coalesce(x.comments, 0) + coalesce(x.shares, 0) + coalesce(x.saves, 0) as engagements
  from totals x
)`;
}

const campaignRowOf = (f: Json): CampaignFactsRow => ({
  ...submissionIdentityOf(f),
  totals: valuesOf(f),
  money: moneyOf(f),
  ...performanceOf(f),
  ...freshnessOf(f),
});

const aggregateOf = (a: Json): FactsAggregate => ({
  level: a.by_platform ? "platform" : a.by_participation ? "participation" : "overall",
  platform: a.platform ?? null,
  participationId: a.participation_id ?? null,
  influencerId: a.influencer_id ?? null,
  submissionCount: num(a.submission_count),
  totals: valuesOf(a),
  money: moneyOf(a),
  ...performanceOf(a),
  ...freshnessOf(a),
});

/** The sums of factsStatement's aggregates, over `facts` rows, per the given grouping sets. */
function aggregateColumns(): SQL {
  return sql.raw(`count(*)::int as submission_count,
            ${METRIC_NAMES.map((x) => `sum(f.${x}) as ${x}`).join(",\n            ")},
            sum(f.delivered_impressions) as delivered_impressions, sum(f.engagements) as engagements,
            sum(f.accrued_cents) as accrued_cents, sum(f.paid_cents) as paid_cents, sum(f.blocked_cents) as blocked_cents,
            max(f.last_snapshot_at) as last_snapshot_at, max(f.last_attempt_at) as last_attempt_at, max(f.last_success_at) as last_success_at,
            (array_agg(f.last_attempt_outcome order by f.last_attempt_at desc nulls last, f.id desc))[1] as last_attempt_outcome,
            (array_agg(f.last_attempt_failure order by f.last_attempt_at desc nulls last, f.id desc))[1] as last_attempt_failure`);
}

/**
 * The dashboard's numbers for a campaign in one statement: the overall and per-platform aggregates, the number
 * of participations with a counted submission, the `top` submissions by delivered impressions, the escrow; and
 * the per-participation aggregates and every counted submission when the request asks for them.
 * One row of the latest state per counted submission: no probe of snapshots or attempts (see above).
 */
export async function campaignFacts(
  executor: Executor,
  campaignId: number,
  to: Date,
  options: { top: number; influencers: boolean; rows: boolean },
): Promise<CampaignFacts> {
  const [row] = await queryRows<{ aggregates: unknown; influencer_count: number; top: unknown; rows: unknown; escrow_cents: number | string }>(
    executor,
    sql`
with ${campaignFactsCte(campaignId, to, true)}
select
  (select coalesce(json_agg(a), '[]'::json) from (
     select ${sql.raw(
       options.influencers
         ? "grouping(f.platform) = 0 as by_platform, f.platform, grouping(f.participation_id) = 0 as by_participation, f.participation_id, f.influencer_id"
         : "grouping(f.platform) = 0 as by_platform, f.platform, false as by_participation, null::int as participation_id, null::int as influencer_id",
     )}, ${aggregateColumns()}
     from facts f group by grouping sets ((f.platform), ${sql.raw(options.influencers ? "(f.participation_id, f.influencer_id), " : "")}())
  ) a) as aggregates,
  ${options.rows ? sql`(select coalesce(json_agg(f order by f.submitted_at, f.id), '[]'::json) from facts f)` : sql`null::json`} as rows,
  (select count(distinct f.participation_id)::int from facts f) as influencer_count,
  (select coalesce(json_agg(t order by t.delivered_impressions desc, t.engagements desc, t.id), '[]'::json) from (
     select * from facts f order by f.delivered_impressions desc, f.engagements desc, f.id limit ${options.top}
  ) t) as top,
  (select coalesce(sum(la.balance_cents), 0)::float8 from ledger_accounts la where la.kind = 'CAMPAIGN_ESCROW' and la.campaign_id = ${campaignId}) as escrow_cents`,
  );
  return {
    aggregates: parseJson(row?.aggregates)
      .filter((a) => a.submission_count > 0 || (!a.by_platform && !a.by_participation))
      .map(aggregateOf),
    rows: options.rows ? parseJson(row?.rows).map(campaignRowOf) : null,
    influencerCount: num(row?.influencer_count),
    top: parseJson(row?.top).map(campaignRowOf),
    escrowCents: num(row?.escrow_cents),
  };
}

/** Per participation with a counted submission: its aggregate (byInfluencer when campaignFacts did not read it), one statement. */
export async function campaignInfluencerAggregates(executor: Executor, campaignId: number, to: Date): Promise<FactsAggregate[]> {
  const [row] = await queryRows<{ aggregates: unknown }>(
    executor,
    sql`
with ${campaignFactsCte(campaignId, to, false)}
select (select coalesce(json_agg(a), '[]'::json) from (
  select false as by_platform, null as platform, true as by_participation, f.participation_id, f.influencer_id, ${aggregateColumns()}
  from facts f group by f.participation_id, f.influencer_id
) a) as aggregates`,
  );
  return parseJson(row?.aggregates).map(aggregateOf);
}

/** Every counted submission of the campaign with its facts, oldest first (the CSV when campaignFacts did not read it), one statement. */
export async function campaignFactsRows(executor: Executor, campaignId: number, to: Date): Promise<CampaignFactsRow[]> {
  const [row] = await queryRows<{ rows: unknown }>(
    executor,
    sql`
with ${campaignFactsCte(campaignId, to, true)}
select (select coalesce(json_agg(f order by f.submitted_at, f.id), '[]'::json) from facts f) as rows`,
  );
  return parseJson(row?.rows).map(campaignRowOf);
}

// The campaign time series from the per-bucket rollup (campaign_bucket_metrics, schema/tables.ts; kept current
// by the triggers of schema/migrations/0010_campaign_daily_metrics.sql), so that a campaign's series reads one
// row per bucket instead of probing every submission at every bucket boundary (docs/performance.md).
//
// Exactness (the rules are analytics.queries.ts's). Take a full bucket whose every counted submission holds a
// snapshot, and holds one before it. Each of them is SNAPSHOT_DELTA there, `max(C(e) − C(s) − shown, 0)`, where
// `shown` is what ESTIMATED buckets just before it already showed; the rollup stores the sum of the non-null
// `max(C(e) − C(s), 0)`, so the two agree when nothing is estimated just before the bucket. Hence the rollup
// answers every full bucket of the window when
//   - every full bucket of the window, and the bucket holding `from`, holds a snapshot of every counted
//     submission (the rollup's counts say so): no full bucket but the first can follow an ESTIMATED one;
//   - the window's first bucket [from, first boundary), computed by seriesPoints as a window of its own (it
//     is the window's start anyway), shows no ESTIMATED value: then the first full bucket subtracts nothing.
// The last bucket [last boundary, to) also goes through seriesPoints on its own: the bucket before it is full,
// so nothing estimated precedes it. Anything else (a gap, a short window, a campaign without counted
// submissions) is answered by seriesPoints on the whole window.
import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "../db/client.js";
import { METRIC_NAMES, type MetricName } from "../platforms/platforms.js";
import { seriesPoints, type BucketPoint, type MetricValues, type PointSourceName, type SeriesMember } from "./analytics.queries.js";
import { BUCKET_MS, BUCKET_ORIGIN, type AnalyticsWindow } from "./analytics.window.js";

type RollupRow = { start_ms: number; submission_count: number; counted: number } & Record<string, number | string | null>;

const ORIGIN_MS = Date.parse(BUCKET_ORIGIN);

/** The bucket boundaries strictly inside the window: the first and the last one. */
function innerBoundaries(window: AnalyticsWindow): { first: number; last: number; stride: number } {
  const stride = BUCKET_MS[window.bucket];
  const first = ORIGIN_MS + (Math.floor((window.from.getTime() - ORIGIN_MS) / stride) + 1) * stride;
  const last = ORIGIN_MS + (Math.ceil((window.to.getTime() - ORIGIN_MS) / stride) - 1) * stride;
  return { first, last, stride };
}

async function rollupRows(executor: Executor, campaignId: number, bucket: string, from: number, to: number): Promise<RollupRow[]> {
  const metrics = sql.raw(METRIC_NAMES.map((m) => `r.${m}_growth::float8 as ${m}_growth, r.${m}_growth_count`).join(", "));
  return queryRows<RollupRow>(
    executor,
    sql`select (extract(epoch from r.start_at) * 1000)::float8 as start_ms, r.submission_count, ${metrics},
          (select count(*)::int from submissions s join participations p on p.id = s.participation_id
           where p.campaign_id = ${campaignId} and s.status = 'ACCEPTED') as counted
        from campaign_bucket_metrics r
        where r.campaign_id = ${campaignId} and r.bucket = ${bucket}
          and r.start_at >= ${new Date(from).toISOString()}::timestamptz and r.start_at < ${new Date(to).toISOString()}::timestamptz
        order by r.start_at`,
  );
}

function rollupPoint(row: RollupRow, stride: number, now: Date): BucketPoint {
  const values = {} as MetricValues;
  const sources = {} as Record<MetricName, PointSourceName | null>;
  for (const metric of METRIC_NAMES) {
    const counted = Number(row[`${metric}_growth_count`]) > 0;
    values[metric] = counted ? Number(row[`${metric}_growth`]) : null;
    sources[metric] = counted ? "SNAPSHOT_DELTA" : null;
  }
  const start = Number(row.start_ms);
  const end = start + stride;
  return { startAt: new Date(start), endAt: new Date(end), isPartial: start < now.getTime() && now.getTime() < end, values, sources };
}

/**
 * The campaign's overall series over `members` (its counted submissions) from the rollup, or null where the
 * rollup would not be exact (see above). At most three statements, whatever the sizes.
 */
export async function rollupSeriesPoints(
  executor: Executor,
  campaignId: number,
  members: readonly SeriesMember[],
  window: AnalyticsWindow,
): Promise<BucketPoint[] | null> {
  const { first, last, stride } = innerBoundaries(window);
  if (!members.length || last - first < stride) return null;
  // the bucket holding `from`, then the window's full buckets
  const rows = await rollupRows(executor, campaignId, window.bucket, first - stride, last);
  const full =
    rows.length === (last - first) / stride + 1 &&
    rows.every((row) => row.submission_count === members.length && row.counted === members.length);
  if (!full) return null;
  const [head] = (await seriesPoints(executor, members, { ...window, to: new Date(first) })).overall;
  if (!head || METRIC_NAMES.some((metric) => head.sources[metric] === "ESTIMATED")) return null;
  const tail = await seriesPoints(executor, members, { ...window, from: new Date(last) });
  return [head, ...rows.slice(1).map((row) => rollupPoint(row, stride, window.now)), ...tail.overall];
}

/** The campaign's overall series: the rollup's where it is exact, else seriesPoints over the whole window. */
export async function campaignSeriesPoints(
  executor: Executor,
  campaignId: number,
  members: readonly SeriesMember[],
  window: AnalyticsWindow,
): Promise<BucketPoint[]> {
  return (await rollupSeriesPoints(executor, campaignId, members, window)) ?? (await seriesPoints(executor, members, window)).overall;
}

// The campaign time series from the per-bucket rollup (campaign_bucket_metrics, schema/tables.ts; kept current
// by the triggers of migrations 0010 and 0011), so that a campaign's series reads one row per bucket instead of
// probing every submission at every bucket boundary (docs/performance.md).
//
// Exactness (the rules are analytics.queries.ts's). Let N be the number of counted submissions and, for a bucket B,
// H(B) how many of them hold a snapshot in it (submission_count) and F(B) how many hold their first one in it
// (first_count). A full bucket B of the window is *exact* when H(B) = N and either F(B) = N, or the bucket before
// B is a full bucket of the window too and H(B − 1) + F(B) = N. Then every counted submission is, in B, either
// PLATFORM_TOTAL (its first snapshot is in B: the value is C(e), the rollup's *_first) or SNAPSHOT_DELTA after a
// bucket holding one of its snapshots, where nothing ESTIMATED precedes it and the value is max(C(e) − C(s), 0)
// (the rollup's *_growth): the rollup's sums are B's value, and the source is PLATFORM_TOTAL when a first count
// contributes.
//
// The exact buckets must form one run [B0, B1]; the rollup answers it. The buckets before it are the window
// [from, B0) answered by seriesPoints: it starts where the window starts, so its buckets are what the whole
// window's computation gives. When B0 is the window's first boundary, every counted submission's first snapshot
// is in B0 (F(B0) = N), so the window's first bucket, before it, is null throughout and needs no statement.
// When B0 is the second boundary and the first full bucket holds every submission (H = N), that bucket is exact
// too if the window's first bucket [from, first boundary), computed by seriesPoints on its own, shows nothing
// ESTIMATED (for that metric): a submission with a snapshot before the bucket then holds one in [from, first
// boundary), or its estimate there is null, and either way the bucket subtracts nothing. The statement then
// covers one bucket instead of two. The buckets after the run are the window [B1 + 1, to) answered by
// seriesPoints (B1 holds a snapshot of every submission, so no estimate runs into it); when B1 is the last full
// bucket and no snapshot of the campaign is fetched at or after `to` (its latest, submission_latest_metrics), the
// last, partial bucket [last boundary, to) holds the whole bucket's snapshots and is the rollup's row for that
// bucket: its submissions all held one in B1, so it is growth only. Anything else (a gap between exact buckets,
// no exact bucket, a campaign without counted submissions) is answered by seriesPoints on the whole window.
import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "../db/client.js";
import { METRIC_NAMES, type MetricName } from "../platforms/platforms.js";
import { seriesPoints, type BucketPoint, type MetricValues, type PointSourceName } from "./analytics.queries.js";
import { BUCKET_MS, BUCKET_ORIGIN, type AnalyticsWindow } from "./analytics.window.js";

type RollupRow = { start_ms: number; submission_count: number; first_count: number } & Record<string, number | string | null>;
type RollupAnswer = { rows: RollupRow[]; counted: number; last_ms: number | null };

const ORIGIN_MS = Date.parse(BUCKET_ORIGIN);

/** The bucket boundaries strictly inside the window: the first and the last one. */
function innerBoundaries(window: AnalyticsWindow): { first: number; last: number; stride: number } {
  const stride = BUCKET_MS[window.bucket];
  const first = ORIGIN_MS + (Math.floor((window.from.getTime() - ORIGIN_MS) / stride) + 1) * stride;
  const last = ORIGIN_MS + (Math.ceil((window.to.getTime() - ORIGIN_MS) / stride) - 1) * stride;
  return { first, last, stride };
}

/** The rollup's rows of buckets [from, to], the number of counted submissions, the campaign's latest snapshot time. */
async function rollupRows(executor: Executor, campaignId: number, bucket: string, from: number, to: number): Promise<RollupAnswer> {
  const metrics = sql.raw(
    METRIC_NAMES.map((m) => `r.${m}_growth::float8 as ${m}_growth, r.${m}_growth_count, r.${m}_first::float8 as ${m}_first, r.${m}_first_count`).join(", "),
  );
  const [row] = await queryRows<{ rows: RollupRow[] | string | null; counted: number; last_ms: number | null }>(
    executor,
    sql`select
          (select json_agg(x order by x.start_ms) from (
             select (extract(epoch from r.start_at) * 1000)::float8 as start_ms, r.submission_count, r.first_count, ${metrics}
             from campaign_bucket_metrics r
             where r.campaign_id = ${campaignId} and r.bucket = ${bucket}
               and r.start_at >= ${new Date(from).toISOString()}::timestamptz and r.start_at <= ${new Date(to).toISOString()}::timestamptz
          ) x) as rows,
          (select count(*)::int from submissions s join participations p on p.id = s.participation_id
           where p.campaign_id = ${campaignId} and s.status = 'ACCEPTED') as counted,
          (select (extract(epoch from max(l.last_fetched_at)) * 1000)::float8 from submission_latest_metrics l where l.campaign_id = ${campaignId}) as last_ms`,
  );
  const rows = typeof row?.rows === "string" ? (JSON.parse(row.rows) as RollupRow[]) : (row?.rows ?? []);
  return {
    rows,
    counted: Number(row?.counted ?? 0),
    last_ms: row?.last_ms === null || row?.last_ms === undefined ? null : Number(row.last_ms),
  };
}

/** docs/analytics.md: the window cuts the bucket, or the present moment is inside it. */
function isPartial(start: number, end: number, stride: number, now: Date): boolean {
  const aligned = ORIGIN_MS + Math.floor((start - ORIGIN_MS) / stride) * stride;
  return start !== aligned || end !== aligned + stride || (start < now.getTime() && now.getTime() < end);
}

/** A bucket's point from its rollup row (growth and first counts), or null values without one. */
function rollupPoint(row: RollupRow | undefined, start: number, end: number, stride: number, now: Date, growthOnly = false): BucketPoint {
  const values = {} as MetricValues;
  const sources = {} as Record<MetricName, PointSourceName | null>;
  for (const metric of METRIC_NAMES) {
    const growthCount = row ? Number(row[`${metric}_growth_count`]) : 0;
    const firstCount = row && !growthOnly ? Number(row[`${metric}_first_count`]) : 0;
    const counted = growthCount + firstCount > 0;
    values[metric] = counted ? Number(row![`${metric}_growth`]) + (growthOnly ? 0 : Number(row![`${metric}_first`])) : null;
    sources[metric] = !counted ? null : firstCount > 0 ? "PLATFORM_TOTAL" : "SNAPSHOT_DELTA";
  }
  return { startAt: new Date(start), endAt: new Date(end), isPartial: isPartial(start, end, stride, now), values, sources };
}

/**
 * The campaign's overall series (its counted submissions) from the rollup, or null where the rollup would not be
 * exact (see above). At most four statements, whatever the sizes; one when the window's first and last buckets
 * come from the rollup too.
 */
export async function rollupSeriesPoints(executor: Executor, campaignId: number, window: AnalyticsWindow): Promise<BucketPoint[] | null> {
  const { first, last, stride } = innerBoundaries(window);
  if (last - first < stride) return null; // no full bucket
  const { rows, counted, last_ms } = await rollupRows(executor, campaignId, window.bucket, first, last);
  if (!counted) return null;
  const byStart = new Map(rows.map((row) => [Number(row.start_ms), row]));
  const held = (start: number) => byStart.get(start)?.submission_count === counted;
  const firsts = (start: number) => Number(byStart.get(start)?.first_count ?? 0);
  const exact = (start: number) =>
    held(start) && (firsts(start) === counted || (start > first && Number(byStart.get(start - stride)?.submission_count ?? 0) + firsts(start) === counted));
  let runStart: number | null = null;
  let runEnd: number | null = null;
  for (let start = first; start < last; start += stride) {
    if (!exact(start)) continue;
    if (runEnd !== null && runEnd !== start - stride) return null; // a second run: a gap between exact buckets
    runStart ??= start;
    runEnd = start;
  }
  if (runStart === null || runEnd === null) return null;
  const members = { campaignId };
  let before: BucketPoint[];
  if (runStart === first) {
    // a run starting at the first boundary: every counted submission starts there, so none has a snapshot
    // before it and the window's first bucket is null throughout
    before = [rollupPoint(undefined, window.from.getTime(), first, stride, window.now)];
  } else if (runStart === first + stride && held(first)) {
    // the first full bucket holds every submission: exact too when the window's first bucket, which the
    // statement computes anyway, shows nothing ESTIMATED (then nothing is subtracted from it)
    const [head] = (await seriesPoints(executor, members, { ...window, to: new Date(first) })).overall;
    before =
      head && !METRIC_NAMES.some((metric) => head.sources[metric] === "ESTIMATED")
        ? [head, rollupPoint(byStart.get(first), first, first + stride, stride, window.now)]
        : (await seriesPoints(executor, members, { ...window, to: new Date(runStart) })).overall;
  } else {
    before = (await seriesPoints(executor, members, { ...window, to: new Date(runStart) })).overall;
  }
  const after =
    runEnd === last - stride && held(runEnd) && (last_ms === null || last_ms < window.to.getTime())
      ? [rollupPoint(byStart.get(last), last, window.to.getTime(), stride, window.now, true)]
      : (await seriesPoints(executor, members, { ...window, from: new Date(runEnd + stride) })).overall;
  const run: BucketPoint[] = [];
  for (let start = runStart; start <= runEnd; start += stride) run.push(rollupPoint(byStart.get(start), start, start + stride, stride, window.now));
  return [...before, ...run, ...after];
}

/** The campaign's overall series: the rollup's where it is exact, else seriesPoints over the whole window. */
export async function campaignSeriesPoints(executor: Executor, campaignId: number, window: AnalyticsWindow): Promise<BucketPoint[]> {
  return (await rollupSeriesPoints(executor, campaignId, window)) ?? (await seriesPoints(executor, { campaignId }, window)).overall;
}

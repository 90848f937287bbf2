// The campaign time-series rollup (src/analytics/analytics.rollup.ts, campaign_bucket_metrics, migrations 0010 and
// 0011) and each submission's latest state (submission_latest_metrics, migration 0011): both tables always equal a
// from-scratch computation over the stored snapshots and attempts (written late, out of order, concurrently;
// submissions starting and stopping to count), the series the rollup answers equals the per-submission
// computation (seriesPoints), and the dashboard's facts read from the latest state equal the per-submission
// facts statement (submissionFacts) that answered before it. Snapshots are written straight into metrics_snapshots
// (test/support/analytics.ts); January 2024 (1 January 2024 is a Monday).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { connectAccount, join, ok, review, signUp, submit } from "../../support/factories.js";
import {
  CAMPAIGN_ANALYTICS,
  METRIC_KEYS,
  acceptedSubmission,
  addAccepted,
  db,
  insertAttempt,
  insertSnapshots,
  pointsOf,
  rowIdOf,
  setEarnings,
  type Accepted,
  type Counts,
} from "../../support/analytics.js";
import { queryRows } from "../../../src/db/client.js";
import { newPublicId } from "../../../src/shared/ids.js";
import { campaignFacts, campaignFactsRows, campaignInfluencerAggregates, inAnalyticsSession, seriesPoints, submissionFacts } from "../../../src/analytics/analytics.queries.js";
import { campaignSeriesPoints, rollupSeriesPoints } from "../../../src/analytics/analytics.rollup.js";
import { resolveWindow, type AnalyticsBucketName } from "../../../src/analytics/analytics.window.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const HOUR = 3_600_000;
const STRIDE: Record<AnalyticsBucketName, number> = { DAY: 24 * HOUR, WEEK: 168 * HOUR };
const ORIGIN = Date.parse("2001-01-01T00:00:00Z");

type RollupRow = { bucket: string; start_ms: number; submission_count: number } & Record<string, number | string>;

/** The campaign's rows (those that are not all zero), keyed `bucket start`. */
async function storedRollup(campaignRowId: number): Promise<Map<string, Record<string, number>>> {
  const rows = await queryRows<RollupRow>(
    db(server),
    sql`select * , (extract(epoch from start_at) * 1000)::float8 as start_ms from campaign_bucket_metrics where campaign_id = ${campaignRowId}`,
  );
  const out = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const values: Record<string, number> = { submission_count: Number(row.submission_count), first_count: Number(row.first_count) };
    for (const metric of METRIC_KEYS) {
      for (const column of [`${metric}_growth`, `${metric}_growth_count`, `${metric}_first`, `${metric}_first_count`]) values[column] = Number(row[column]);
    }
    if (Object.values(values).some((value) => value !== 0)) out.set(`${row.bucket} ${new Date(Number(row.start_ms)).toISOString()}`, values);
  }
  return out;
}

/**
 * The rollup from scratch, in TypeScript: per ACCEPTED submission and bucket holding a snapshot, the last
 * snapshot in it and the last one before it; `max(last − before, 0)` where both are reported; the last one's
 * counts where there is none before (the submission's first bucket).
 */
async function expectedRollup(campaignRowId: number): Promise<Map<string, Record<string, number>>> {
  const snapshots = await queryRows<{ submission_id: number; at_ms: number; id: number } & Record<string, number | null>>(
    db(server),
    sql`select ms.*, (extract(epoch from ms.fetched_at) * 1000)::float8 as at_ms from metrics_snapshots ms
        join submissions s on s.id = ms.submission_id join participations p on p.id = s.participation_id
        where p.campaign_id = ${campaignRowId} and s.status = 'ACCEPTED' order by ms.submission_id, ms.fetched_at, ms.id`,
  );
  const out = new Map<string, Record<string, number>>();
  for (const bucket of ["DAY", "WEEK"] as const) {
    const lastPerBucket = new Map<string, (typeof snapshots)[number]>(); // `submission start` → last snapshot
    for (const snapshot of snapshots) {
      const start = ORIGIN + Math.floor((Number(snapshot.at_ms) - ORIGIN) / STRIDE[bucket]) * STRIDE[bucket];
      lastPerBucket.set(`${snapshot.submission_id} ${start}`, snapshot);
    }
    const previous = new Map<number, (typeof snapshots)[number]>();
    for (const [key, last] of lastPerBucket) {
      const start = Number(key.split(" ")[1]);
      const before = previous.get(last.submission_id);
      previous.set(last.submission_id, last);
      const name = `${bucket} ${new Date(start).toISOString()}`;
      const row =
        out.get(name) ??
        Object.fromEntries([
          ["submission_count", 0],
          ["first_count", 0],
          ...METRIC_KEYS.flatMap((m) => [[`${m}_growth`, 0], [`${m}_growth_count`, 0], [`${m}_first`, 0], [`${m}_first_count`, 0]]),
        ]);
      row.submission_count! += 1;
      if (!before) row.first_count! += 1;
      for (const metric of METRIC_KEYS) {
        const now = last[metric];
        const then = before?.[metric];
        if (before && now !== null && now !== undefined && then !== null && then !== undefined) {
          row[`${metric}_growth`]! += Math.max(Number(now) - Number(then), 0);
          row[`${metric}_growth_count`]! += 1;
        }
        if (!before && now !== null && now !== undefined) {
          row[`${metric}_first`]! += Number(now);
          row[`${metric}_first_count`]! += 1;
        }
      }
      out.set(name, row);
    }
  }
  return out;
}

async function campaignRowIdOf(campaignId: string): Promise<number> {
  const [row] = await queryRows<{ id: number }>(db(server), sql`select id from campaigns where public_id = ${campaignId}`);
  return row!.id;
}

/** Each submission's latest state as stored, and from scratch (the latest snapshot and attempt by time, then id). */
async function latestStates(campaignRowId: number) {
  const columns = sql`x.submission_id, x.campaign_id, x.last_snapshot_id, x.last_fetched_at::text, ${sql.raw(METRIC_KEYS.map((m) => `x.${m}`).join(", "))},
    x.last_attempt_id, x.last_attempt_at::text, x.last_attempt_outcome::text, x.last_attempt_failure::text, x.last_success_at::text`;
  const stored = await queryRows(db(server), sql`select ${columns} from submission_latest_metrics x where x.campaign_id = ${campaignRowId} order by x.submission_id`);
  const scratch = await queryRows(
    db(server),
    sql`select ${columns} from (
      select s.id as submission_id, p.campaign_id, ls.id as last_snapshot_id, ls.fetched_at as last_fetched_at,
        ${sql.raw(METRIC_KEYS.map((m) => `ls.${m}`).join(", "))},
        la.id as last_attempt_id, la.attempted_at as last_attempt_at, la.outcome as last_attempt_outcome, la.failure_reason as last_attempt_failure,
        (select max(ia.attempted_at) from ingestion_attempts ia where ia.submission_id = s.id and ia.outcome = 'SUCCESS') as last_success_at
      from submissions s join participations p on p.id = s.participation_id
      left join lateral (select * from metrics_snapshots ms where ms.submission_id = s.id order by ms.fetched_at desc, ms.id desc limit 1) ls on true
      left join lateral (select * from ingestion_attempts ia where ia.submission_id = s.id order by ia.attempted_at desc, ia.id desc limit 1) la on true
      where p.campaign_id = ${campaignRowId} and (ls.id is not null or la.id is not null)
    ) x order by x.submission_id`,
  );
  return { stored, scratch };
}

/** Both tables equal their from-scratch computation. */
async function expectRollupFromScratch(campaignId: string) {
  const id = await campaignRowIdOf(campaignId);
  expect(Object.fromEntries(await storedRollup(id))).toEqual(Object.fromEntries(await expectedRollup(id)));
  const { stored, scratch } = await latestStates(id);
  expect(stored).toEqual(scratch);
}

/** The dashboard's facts from the latest state equal the per-submission facts statement's, at `to`. */
async function expectFactsFromScratch(campaignId: string, to: string) {
  const id = await campaignRowIdOf(campaignId);
  const at = new Date(to);
  const { fresh, rows, influencers, scratch } = await inAnalyticsSession(db(server), async (tx) => ({
    fresh: await campaignFacts(tx, id, at, { top: 100, influencers: true, rows: true }),
    rows: await campaignFactsRows(tx, id, at),
    influencers: await campaignInfluencerAggregates(tx, id, at),
    scratch: await submissionFacts(tx, { campaignId: id, levels: ["platform", "participation"] }, at),
  }));
  const withoutTracking = scratch.submissions.map(({ counted: _counted, tracked: _tracked, ...row }) => row);
  expect(fresh.rows).toEqual(withoutTracking);
  expect(rows).toEqual(withoutTracking);
  const byKey = (a: { level: string; platform: string | null; participationId: number | null }) => `${a.level} ${a.platform} ${a.participationId}`;
  const sorted = <T extends { level: string; platform: string | null; participationId: number | null }>(list: T[]) =>
    [...list].sort((a, b) => byKey(a).localeCompare(byKey(b)));
  expect(sorted(fresh.aggregates)).toEqual(sorted(scratch.aggregates));
  expect(sorted(influencers)).toEqual(sorted(scratch.aggregates.filter((a) => a.level === "participation")));
  expect(fresh.influencerCount).toBe(scratch.aggregates.filter((a) => a.level === "participation").length);
  const byDelivery = [...withoutTracking].sort((a, b) => b.deliveredImpressions - a.deliveredImpressions || b.engagements - a.engagements || a.submissionId - b.submissionId);
  expect(fresh.top).toEqual(byDelivery.slice(0, 100));
  expect(fresh.escrowCents).toBe(scratch.escrowCents);
}

async function countedMembers(campaignId: string) {
  const rows = await queryRows<{ id: number }>(
    db(server),
    sql`select s.id from submissions s join participations p on p.id = s.participation_id
        where p.campaign_id = (select id from campaigns where public_id = ${campaignId}) and s.status = 'ACCEPTED' order by s.id`,
  );
  return rows.map((row) => ({ submissionId: row.id }));
}

/** The rollup's answer (null when it declines), the campaign series, and the per-submission computation. */
async function answers(campaignId: string, window: { from: string; to: string; bucket?: AnalyticsBucketName }) {
  const resolved = resolveWindow({ from: new Date(window.from), to: new Date(window.to), bucket: window.bucket ?? null }, new Date("2024-01-20T12:00:00Z"));
  const members = await countedMembers(campaignId);
  const id = await campaignRowIdOf(campaignId);
  return inAnalyticsSession(db(server), async (tx) => {
    const counted = await server.countStatements(() => rollupSeriesPoints(tx, id, resolved));
    return {
      rollup: counted.result,
      /** Statements the rollup's answer took. */
      statements: counted.statements,
      campaign: await campaignSeriesPoints(tx, id, resolved),
      scratch: (await seriesPoints(tx, members, resolved)).overall,
    };
  });
}

/** Every 8 hours from `fromDay` 02:00 to `toDay` 18:00 (January 2024), counts growing with `grow`. */
function every8Hours(fromDay: number, toDay: number, counts: (step: number) => Counts): ({ at: string } & Counts)[] {
  const out: ({ at: string } & Counts)[] = [];
  for (let day = fromDay, step = 0; day <= toDay; day++) {
    for (const hour of [2, 10, 18]) out.push({ at: `2024-01-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`, ...counts(step++) });
  }
  return out;
}

/** Writes the snapshots in batches, latest batch first (late, out-of-order data). */
async function insertOutOfOrder(server: TestServer, rowId: number, snapshots: ({ at: string } & Counts)[], batch = 5) {
  const batches: (typeof snapshots)[] = [];
  for (let i = 0; i < snapshots.length; i += batch) batches.push(snapshots.slice(i, i + batch));
  for (const chunk of batches.reverse()) await insertSnapshots(server, rowId, chunk);
}

/**
 * Four ACCEPTED submissions of two influencers with a snapshot every 8 hours from 1 to 25 January: one with a
 * count that falls, one reporting only views and likes (likes missing once), one whose history came late.
 */
async function fullWorld(): Promise<{ base: Accepted; subs: Accepted[] }> {
  const base = await acceptedSubmission(server);
  const second = await addAccepted(server, base);
  const other = await signUp(server, "INFLUENCER");
  await connectAccount(server, other, "INSTAGRAM");
  const participationId = await join(server, other, base.campaignId);
  const third = await addAccepted(server, { ...base, influencer: other, participationId });
  const fourth = await addAccepted(server, { ...base, influencer: other, participationId });
  await insertOutOfOrder(server, base.rowId, every8Hours(1, 25, (i) => ({ impressions: 100 * i, reach: 60 * i, likes: 7 * i, comments: i, shares: i % 4, saves: 2 * i, views: 130 * i })));
  await insertSnapshots(server, second.rowId, every8Hours(1, 25, (i) => ({ impressions: i === 20 ? 50 : 90 * i + 3, views: 11 * i })));
  await insertOutOfOrder(server, third.rowId, every8Hours(1, 25, (i) => ({ views: 40 * i, likes: i === 30 ? null : 3 * i })), 7);
  // the fourth: the middle first, then the start, then the end
  const fourthSnapshots = every8Hours(1, 25, (i) => ({ impressions: 1000 + 17 * i, views: 999 * i, comments: 2 * i }));
  await insertSnapshots(server, fourth.rowId, fourthSnapshots.slice(30, 50));
  await insertSnapshots(server, fourth.rowId, fourthSnapshots.slice(0, 30));
  await insertSnapshots(server, fourth.rowId, fourthSnapshots.slice(50));
  return { base, subs: [base, second, third, fourth] };
}

describe("campaign time-series rollup", () => {
  it("equals the from-scratch computation and answers exactly what the per-submission series answers", async () => {
    const { base } = await fullWorld();
    await expectRollupFromScratch(base.campaignId);
    for (const window of [
      { from: "2024-01-03T10:30:00Z", to: "2024-01-19T15:00:00Z" },
      { from: "2024-01-03T00:00:00Z", to: "2024-01-20T00:00:00Z" },
      { from: "2024-01-02T05:00:00Z", to: "2024-01-30T00:00:00Z", bucket: "WEEK" as const },
    ]) {
      const { rollup, campaign, scratch } = await answers(base.campaignId, window);
      expect(rollup, JSON.stringify(window)).not.toBeNull(); // every day holds a snapshot of every submission
      expect(rollup).toEqual(scratch);
      expect(campaign).toEqual(scratch);
    }
    // through the API too: the dashboard's series is the per-submission one
    const window = { from: "2024-01-03T10:30:00Z", to: "2024-01-19T15:00:00Z" };
    const { scratch } = await answers(base.campaignId, window);
    const data = (await ok(server, CAMPAIGN_ANALYTICS, { id: base.campaignId, ...window }, base.brand.token)).campaignAnalytics;
    for (const metric of METRIC_KEYS) {
      expect(pointsOf(data.timeseries, metric).map((point) => point[2])).toEqual(scratch.map((point) => point.values[metric]));
      expect(pointsOf(data.timeseries, metric).map((point) => point[4])).toEqual(scratch.map((point) => point.sources[metric]));
    }
  });

  it("declines a window with a gap or too short for it, and the series stays the per-submission one", async () => {
    const { base, subs } = await fullWorld();
    // a fifth submission silent from 8 to 11 January: those days hold no snapshot of it (ESTIMATED buckets)
    const fifth = await addAccepted(server, base);
    await insertSnapshots(server, fifth.rowId, [...every8Hours(1, 7, (i) => ({ views: 10 * i })), ...every8Hours(12, 25, (i) => ({ views: 500 + 10 * i }))]);
    await expectRollupFromScratch(base.campaignId);
    for (const window of [
      { from: "2024-01-03T10:30:00Z", to: "2024-01-19T15:00:00Z" },
      { from: "2024-01-09T10:30:00Z", to: "2024-01-11T15:00:00Z" },
      // after the last snapshot of 5 January: the first bucket is ESTIMATED for everyone
      { from: "2024-01-05T19:00:00Z", to: "2024-01-07T15:00:00Z" },
    ]) {
      const { rollup, campaign, scratch } = await answers(base.campaignId, window);
      expect(rollup).toBeNull();
      expect(campaign).toEqual(scratch);
    }
    // a window after the gap is whole again
    const after = await answers(base.campaignId, { from: "2024-01-12T06:00:00Z", to: "2024-01-24T06:00:00Z" });
    expect(after.rollup).not.toBeNull();
    expect(after.rollup).toEqual(after.scratch);
    // a window starting inside the gap: 12 January holds every submission but follows the fifth's ESTIMATED days,
    // so it is not exact; the rollup answers from 13 January on, the statement the days before
    const inside = await answers(base.campaignId, { from: "2024-01-09T10:30:00Z", to: "2024-01-19T15:00:00Z" });
    expect(inside.rollup).not.toBeNull();
    expect(inside.rollup).toEqual(inside.scratch);
    expect(inside.scratch.some((point) => point.sources.views === "ESTIMATED")).toBe(true);
    expect(subs).toHaveLength(4);
  });

  it("follows submissions that start and stop counting", async () => {
    const { base, subs } = await fullWorld();
    const window = { from: "2024-01-03T10:30:00Z", to: "2024-01-19T15:00:00Z" };
    // a pending submission with metrics is not counted; rejected it still is not; approved it counts, history included
    const pendingRejected = await submit(server, base.influencer, base.participationId);
    const pendingApproved = await submit(server, base.influencer, base.participationId);
    for (const id of [pendingRejected.submission.id, pendingApproved.submission.id]) {
      await insertSnapshots(server, await rowIdOf(server, id), every8Hours(1, 25, (i) => ({ views: 77 * i, likes: 5 * i })));
    }
    await expectRollupFromScratch(base.campaignId);
    await review(server, base.brand, pendingRejected.submission.id, "REJECT");
    await review(server, base.brand, pendingApproved.submission.id, "APPROVE");
    await expectRollupFromScratch(base.campaignId);
    let result = await answers(base.campaignId, window);
    expect(result.rollup).not.toBeNull();
    expect(result.rollup).toEqual(result.scratch);
    // an ACCEPTED submission with metrics that stops counting (no API moves it; the rollup follows any writer)
    await db(server).execute(sql`update submissions set status = 'REJECTED', rejection_reason = 'REJECTED_BY_REVIEWER' where id = ${subs[1]!.rowId}`);
    await expectRollupFromScratch(base.campaignId);
    result = await answers(base.campaignId, window);
    expect(result.rollup).not.toBeNull();
    expect(result.rollup).toEqual(result.scratch);
    expect(result.scratch.some((point) => point.values.views !== null)).toBe(true);
    await expectFactsFromScratch(base.campaignId, window.to);
  });

  it("stays exact under concurrent ingestion of snapshots of one campaign", async () => {
    const { base, subs } = await fullWorld();
    // 26 to 28 January: every submission's snapshots written at once, each in its own transaction, as
    // concurrent refreshes do (lock the submission, then insert), the same submission several times
    const later = subs.flatMap((sub, k) =>
      every8Hours(26, 28, (i) => ({ impressions: 5000 + 100 * i + k, views: 9000 + 50 * i, likes: 400 + i })).map((snapshot) => ({ sub, snapshot })),
    );
    await Promise.all(
      later.map(({ sub, snapshot }) =>
        db(server).transaction(async (tx) => {
          await tx.execute(sql`update submissions set last_metrics_attempt_at = now() where id = ${sub.rowId}`);
          await tx.execute(sql`
            insert into metrics_snapshots (public_id, submission_id, fetched_at, impressions, views, likes)
            values (${newPublicId("snapshot")}, ${sub.rowId}, ${snapshot.at}::timestamptz,
                    ${snapshot.impressions}, ${snapshot.views}, ${snapshot.likes})`);
        }),
      ),
    );
    // and late ones of one submission, concurrently, without the lock the refresher takes first (each insert
    // holds the foreign key's lock on the submission when its trigger asks for the row lock: no deadlock)
    await Promise.all(
      [3, 4, 5, 6, 7, 8].map((hour) => insertSnapshots(server, subs[2]!.rowId, [{ at: `2024-01-20T0${hour}:00:00Z`, views: hour }])),
    );
    await expectRollupFromScratch(base.campaignId);
    const { rollup, scratch } = await answers(base.campaignId, { from: "2024-01-18T10:30:00Z", to: "2024-01-28T20:00:00Z" });
    expect(rollup).not.toBeNull();
    expect(rollup).toEqual(scratch);
    await expectFactsFromScratch(base.campaignId, "2024-01-28T20:00:00Z");
    await expectFactsFromScratch(base.campaignId, "2024-01-20T05:00:00Z");
  });

  it("answers windows whose submissions start inside them, and the window's first and last buckets, from the rollup", async () => {
    const { base } = await fullWorld();
    await expectRollupFromScratch(base.campaignId);
    // every submission starts on 1 January and the last snapshot is 25 January 18:00: the first bucket is null,
    // 1 January PLATFORM_TOTAL, and the last, partial bucket is its whole day's rollup row: one statement
    for (const window of [
      { from: "2023-12-31T10:00:00Z", to: "2024-01-25T20:00:00Z" },
      { from: "2023-12-27T00:00:00Z", to: "2024-01-25T20:00:00Z", bucket: "WEEK" as const },
      { from: "2023-12-31T00:00:00Z", to: "2024-01-26T00:00:00Z" },
    ]) {
      const { rollup, statements, campaign, scratch } = await answers(base.campaignId, window);
      expect(rollup, JSON.stringify(window)).not.toBeNull();
      expect(rollup).toEqual(scratch);
      expect(campaign).toEqual(scratch);
      expect(statements, JSON.stringify(window)).toBe(1);
      expect(scratch.some((point) => point.sources.views === "PLATFORM_TOTAL")).toBe(true);
    }
    // a first bucket holding a snapshot of every submission: the statement answers it, the rollup the rest;
    // one without any (19:00 to midnight): ESTIMATED for every submission, so the statement answers the next day too
    for (const [window, statements] of [
      [{ from: "2024-01-03T10:30:00Z", to: "2024-01-25T20:00:00Z" }, 2],
      [{ from: "2024-01-03T19:00:00Z", to: "2024-01-25T20:00:00Z" }, 3],
    ] as const) {
      const result = await answers(base.campaignId, window);
      expect(result.rollup, JSON.stringify(window)).toEqual(result.scratch);
      expect(result.statements, JSON.stringify(window)).toBe(statements);
    }
    expect((await answers(base.campaignId, { from: "2024-01-03T19:00:00Z", to: "2024-01-25T20:00:00Z" })).scratch[0]!.sources.views).toBe("ESTIMATED");
    // a fifth submission starting on 10 January: from then on each day is the others' growth plus its total
    const fifth = await addAccepted(server, base);
    await insertOutOfOrder(server, fifth.rowId, every8Hours(10, 25, (i) => ({ views: 500 + 10 * i, likes: i })), 4);
    // a sixth that stops reporting after 12 January
    const sixth = await addAccepted(server, base);
    await insertSnapshots(server, sixth.rowId, every8Hours(1, 12, (i) => ({ views: 20 * i })));
    await expectRollupFromScratch(base.campaignId);
    for (const window of [
      { from: "2024-01-03T10:30:00Z", to: "2024-01-19T15:00:00Z" },
      { from: "2024-01-03T10:30:00Z", to: "2024-01-26T00:00:00Z" },
      { from: "2024-01-09T00:00:00Z", to: "2024-01-12T20:00:00Z" },
      { from: "2023-12-31T10:00:00Z", to: "2024-01-25T20:00:00Z" },
      { from: "2023-12-25T00:00:00Z", to: "2024-01-29T00:00:00Z", bucket: "WEEK" as const },
    ]) {
      const { rollup, campaign, scratch } = await answers(base.campaignId, window);
      if (rollup) expect(rollup, JSON.stringify(window)).toEqual(scratch);
      expect(campaign, JSON.stringify(window)).toEqual(scratch);
    }
    // 10 to 12 January are exact (the fifth starts, the sixth still reports): the rollup answers them
    const mixed = await answers(base.campaignId, { from: "2024-01-09T00:00:00Z", to: "2024-01-12T20:00:00Z" });
    expect(mixed.rollup).not.toBeNull();
    expect(mixed.scratch.some((point) => point.sources.views === "PLATFORM_TOTAL")).toBe(true);
  });

  it("the dashboard's facts from the latest state equal the per-submission facts, through late, out-of-order and concurrent writes", async () => {
    const { base, subs } = await fullWorld();
    // attempts out of order: the latest first; the second's latest attempt failed; ties in time break by id
    await insertAttempt(server, subs[0]!.rowId, "2024-01-25T18:00:00Z");
    await insertAttempt(server, subs[0]!.rowId, "2024-01-20T18:00:00Z", "RATE_LIMIT");
    await insertAttempt(server, subs[1]!.rowId, "2024-01-25T19:00:00Z", "PERMISSION");
    await insertAttempt(server, subs[1]!.rowId, "2024-01-25T18:00:00Z");
    await insertAttempt(server, subs[2]!.rowId, "2024-01-24T10:00:00Z");
    await insertAttempt(server, subs[2]!.rowId, "2024-01-24T10:00:00Z", "UNKNOWN");
    await setEarnings(server, subs[0]!.rowId, { accrued: 5000, paid: 1000 });
    await setEarnings(server, subs[3]!.rowId, { accrued: 900, blocked: 300 });
    // concurrent attempts and snapshots of one submission, each in its own transaction
    await Promise.all([
      ...[1, 2, 3, 4].map((hour) => insertAttempt(server, subs[3]!.rowId, `2024-01-26T0${hour}:00:00Z`, hour % 2 ? undefined : "RATE_LIMIT")),
      ...[1, 2, 3, 4].map((hour) => insertSnapshots(server, subs[3]!.rowId, [{ at: `2024-01-26T0${hour}:30:00Z`, views: 100_000 + hour, impressions: 7 }])),
    ]);
    await expectRollupFromScratch(base.campaignId);
    // after every snapshot (the latest state), exactly at one, and in the past (the snapshot before `to` probed)
    for (const to of ["2024-01-30T00:00:00Z", "2024-01-26T04:30:00Z", "2024-01-25T18:00:00Z", "2024-01-10T05:00:00Z", "2023-12-01T00:00:00Z"]) {
      await expectFactsFromScratch(base.campaignId, to);
    }
    // a submission that stops counting and a pending one with snapshots and attempts that starts
    const pending = await submit(server, base.influencer, base.participationId);
    const pendingRowId = await rowIdOf(server, pending.submission.id);
    await insertSnapshots(server, pendingRowId, every8Hours(3, 9, (i) => ({ views: 77 * i, impressions: 5 * i })));
    await insertAttempt(server, pendingRowId, "2024-01-09T18:00:00Z", "INVALID_MEDIA");
    await expectFactsFromScratch(base.campaignId, "2024-01-30T00:00:00Z");
    await review(server, base.brand, pending.submission.id, "APPROVE");
    await db(server).execute(sql`update submissions set status = 'REJECTED', rejection_reason = 'REJECTED_BY_REVIEWER' where id = ${subs[1]!.rowId}`);
    await expectRollupFromScratch(base.campaignId);
    for (const to of ["2024-01-30T00:00:00Z", "2024-01-08T05:00:00Z"]) await expectFactsFromScratch(base.campaignId, to);
  });

  it("the migration's backfill rebuilds the rollup and the latest state from the stored snapshots and attempts", async () => {
    const { base, subs } = await fullWorld();
    await insertAttempt(server, subs[0]!.rowId, "2024-01-25T18:00:00Z");
    await insertAttempt(server, subs[1]!.rowId, "2024-01-25T19:00:00Z", "PERMISSION");
    const migration = readFileSync(new URL("../../../schema/migrations/0011_campaign_latest_metrics.sql", import.meta.url), "utf8");
    const parts = migration.split("--> statement-breakpoint");
    const rollupBackfill = parts.find((part) => part.includes("-- Backfill of the rollup"))!;
    const latestBackfill = parts.find((part) => part.includes("-- Backfill of the latest state"))!;
    const id = await campaignRowIdOf(base.campaignId);
    await db(server).transaction(async (tx) => {
      // only this campaign's rows are rebuilt: the others (other tests' campaigns) are set aside and restored
      await tx.execute(sql`create temporary table other_rollups on commit drop as select * from campaign_bucket_metrics where campaign_id <> ${id}`);
      await tx.execute(sql`create temporary table other_latest on commit drop as select * from submission_latest_metrics where campaign_id <> ${id}`);
      await tx.execute(sql`delete from campaign_bucket_metrics`);
      await tx.execute(sql`delete from submission_latest_metrics`);
      await tx.execute(sql.raw(rollupBackfill));
      await tx.execute(sql.raw(latestBackfill));
      await tx.execute(sql`delete from campaign_bucket_metrics where campaign_id <> ${id}`);
      await tx.execute(sql`delete from submission_latest_metrics where campaign_id <> ${id}`);
      await tx.execute(sql`insert into campaign_bucket_metrics overriding system value select * from other_rollups`);
      await tx.execute(sql`insert into submission_latest_metrics select * from other_latest`);
    });
    await expectRollupFromScratch(base.campaignId);
    expect((await latestStates(id)).stored).toHaveLength(4);
  });
});

// Table tests for the time-series rules of docs/analytics.md, each expectation computed by hand in the comments.
// Snapshots are written straight into metrics_snapshots; windows lie in January 2024 (1 January 2024 is a
// Monday) unless the test is about the present moment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { errorCode } from "../../support/factories.js";
import {
  SUBMISSION_ANALYTICS,
  acceptedSubmission,
  db,
  insertSnapshots,
  iso,
  pointsOf,
  submissionAnalytics,
  type Accepted,
} from "../../support/analytics.js";
import { seriesPoints } from "../../../src/analytics/analytics.queries.js";
import { resolveWindow } from "../../../src/analytics/analytics.window.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const D = "SNAPSHOT_DELTA";
const T = "PLATFORM_TOTAL";
const E = "ESTIMATED";

/** One test's submission with its snapshots. */
async function withSnapshots(snapshots: Parameters<typeof insertSnapshots>[2], platform = "INSTAGRAM"): Promise<Accepted> {
  const accepted = await acceptedSubmission(server, platform);
  await insertSnapshots(server, accepted.rowId, snapshots);
  return accepted;
}

const read = (accepted: Accepted, window: Record<string, unknown>) => submissionAnalytics(server, accepted.influencer.token, accepted.submissionId, window);

/** The value sums of a series (what docs/analytics.md says adds up to the growth over the window). */
const sumOf = (points: [string, string, number | null, boolean, string | null][]) => points.reduce((sum, p) => sum + (p[2] ?? 0), 0);

describe("DAY buckets", () => {
  // views: Jan 2 10:00 → 100, Jan 2 20:00 → 150, Jan 3 09:00 → 200, Jan 4 12:00 → 260; likes 10, 12, 15, 20
  const snapshots = [
    { at: "2024-01-02T10:00:00Z", views: 100, likes: 10 },
    { at: "2024-01-02T20:00:00Z", views: 150, likes: 12 },
    { at: "2024-01-03T09:00:00Z", views: 200, likes: 15 },
    { at: "2024-01-04T12:00:00Z", views: 260, likes: 20 },
  ];

  it("aligned window: null before the first snapshot, the first bucket PLATFORM_TOTAL, then SNAPSHOT_DELTA", async () => {
    const accepted = await withSnapshots(snapshots);
    const result = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-05T00:00:00Z" });
    expect(result.metrics.timeseries).toMatchObject({ bucket: "DAY", from: iso("2024-01-01T00:00"), to: iso("2024-01-05T00:00") });
    const views = pointsOf(result.metrics.timeseries, "views");
    expect(views).toEqual([
      [iso("2024-01-01T00:00"), iso("2024-01-02T00:00"), null, false, null], // nothing before or inside
      [iso("2024-01-02T00:00"), iso("2024-01-03T00:00"), 150, false, T], // C(Jan 3) = 150, none before
      [iso("2024-01-03T00:00"), iso("2024-01-04T00:00"), 50, false, D], // C(Jan 4) − C(Jan 3) = 200 − 150
      [iso("2024-01-04T00:00"), iso("2024-01-05T00:00"), 60, false, D], // 260 − 200
    ]);
    expect(sumOf(views)).toBe(260);
    expect(pointsOf(result.metrics.timeseries, "likes").map((p) => p[2])).toEqual([null, 12, 3, 5]);
    // Not reported at all: null everywhere, without a source.
    expect(pointsOf(result.metrics.timeseries, "impressions").every((p) => p[2] === null && p[4] === null)).toBe(true);
    // The latest snapshot before `to`.
    expect(result.metrics.totals).toEqual({ impressions: null, reach: null, likes: 20, comments: null, shares: null, saves: null, views: 260 });
    // Every metric, in the seed's order.
    expect(result.metrics.timeseries.series.map((s: any) => s.metric)).toEqual(["IMPRESSIONS", "REACH", "LIKES", "COMMENTS", "SHARES", "SAVES", "VIEWS"]);
  });

  it("unaligned window: clipped first and last buckets are partial; a gap at the end is ESTIMATED", async () => {
    const accepted = await withSnapshots(snapshots);
    const result = await read(accepted, { from: "2024-01-02T15:00:00Z", to: "2024-01-04T06:00:00Z" });
    expect(pointsOf(result.metrics.timeseries, "views")).toEqual([
      // [Jan 2 15:00, Jan 3): 20:00 inside, 10:00 before → C(Jan 3) − C(Jan 2 15:00) = 150 − 100
      [iso("2024-01-02T15:00"), iso("2024-01-03T00:00"), 50, true, D],
      [iso("2024-01-03T00:00"), iso("2024-01-04T00:00"), 50, false, D], // 200 − 150
      // [Jan 4 00:00, 06:00): nothing inside; the line from (Jan 3 09:00, 200) to (Jan 4 12:00, 260) grows
      // 60 over 27 h: floor(60·21/27) − floor(60·15/27) = 46 − 33 = 13
      [iso("2024-01-04T00:00"), iso("2024-01-04T06:00"), 13, true, E],
    ]);
    // Totals: the latest snapshot before `to` (Jan 3 09:00), not the one after it.
    expect(result.metrics.totals.views).toBe(200);
    expect(result.metrics.totals.likes).toBe(15);
  });

  it("a snapshot exactly on a boundary belongs to the bucket it starts", async () => {
    const accepted = await withSnapshots([
      { at: "2024-01-02T00:00:00Z", views: 10 },
      { at: "2024-01-03T00:00:00Z", views: 30 },
    ]);
    const result = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-04T00:00:00Z" });
    expect(pointsOf(result.metrics.timeseries, "views").map((p) => [p[2], p[4]])).toEqual([
      [null, null], // Jan 1: C(Jan 2) looks strictly before midnight: nothing
      [10, T], // Jan 2 holds 00:00
      [20, D], // Jan 3 holds 00:00: 30 − 10
    ]);
    // `to` is exclusive: a snapshot at `to` is not in the totals.
    const cut = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-03T00:00:00Z" });
    expect(cut.metrics.totals.views).toBe(10);
  });

  it("gaps are interpolated as ESTIMATED and the values still add up to the growth", async () => {
    // views: Jan 1 12:00 → 100, Jan 4 12:00 → 400 (300 over 72 h)
    const accepted = await withSnapshots([
      { at: "2024-01-01T12:00:00Z", views: 100 },
      { at: "2024-01-04T12:00:00Z", views: 400 },
    ]);
    const result = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-06T00:00:00Z" });
    const views = pointsOf(result.metrics.timeseries, "views");
    expect(views.map((p) => [p[2], p[4]])).toEqual([
      [100, T], // C(Jan 2) = 100
      [100, E], // floor(300·36/72) − floor(300·12/72) = 150 − 50
      [100, E], // floor(300·60/72) − 150 = 250 − 150
      [100, D], // C(Jan 5) − C(Jan 4) − the gap's estimates = 400 − 100 − 200
      [null, null], // after the last snapshot
    ]);
    expect(sumOf(views)).toBe(400);
  });

  it("counts that fall give 0, never a negative value (also across a gap)", async () => {
    const accepted = await withSnapshots([
      { at: "2024-01-01T12:00:00Z", likes: 50 },
      { at: "2024-01-02T12:00:00Z", likes: 40 },
      { at: "2024-01-05T12:00:00Z", likes: 30 },
    ]);
    const result = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-06T00:00:00Z" });
    expect(pointsOf(result.metrics.timeseries, "likes").map((p) => [p[2], p[4]])).toEqual([
      [50, T],
      [0, D], // 40 − 50
      [0, E], // the line falls
      [0, E],
      [0, D],
    ]);
    expect(result.metrics.totals.likes).toBe(30);
  });
});

describe("WEEK buckets", () => {
  // views: Wed Jan 3 12:00 → 1000, Wed Jan 10 → 1500, Fri Jan 12 → 1700, Sat Jan 27 → 2500
  const snapshots = [
    { at: "2024-01-03T12:00:00Z", views: 1000 },
    { at: "2024-01-10T00:00:00Z", views: 1500 },
    { at: "2024-01-12T00:00:00Z", views: 1700 },
    { at: "2024-01-27T00:00:00Z", views: 2500 },
  ];

  it("aligned weeks start on Monday 00:00 UTC", async () => {
    const accepted = await withSnapshots(snapshots);
    const result = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-29T00:00:00Z", bucket: "WEEK" });
    const views = pointsOf(result.metrics.timeseries, "views");
    expect(views).toEqual([
      [iso("2024-01-01T00:00"), iso("2024-01-08T00:00"), 1000, false, T],
      [iso("2024-01-08T00:00"), iso("2024-01-15T00:00"), 700, false, D], // 1700 − 1000
      // the line from (Jan 12, 1700) to (Jan 27, 2500): 800 over 15 days: floor(800·10/15) − floor(800·3/15) = 533 − 160
      [iso("2024-01-15T00:00"), iso("2024-01-22T00:00"), 373, false, E],
      [iso("2024-01-22T00:00"), iso("2024-01-29T00:00"), 427, false, D], // 2500 − 1700 − 373
    ]);
    expect(sumOf(views)).toBe(2500);
  });

  it("unaligned weeks are clipped to the window and partial", async () => {
    const accepted = await withSnapshots(snapshots);
    // Wednesday Jan 3 00:00 to Sunday Jan 21 00:00, WEEK asked for (18 days would default to DAY)
    const result = await read(accepted, { from: "2024-01-03T00:00:00Z", to: "2024-01-21T00:00:00Z", bucket: "WEEK" });
    expect(result.metrics.timeseries.bucket).toBe("WEEK");
    expect(pointsOf(result.metrics.timeseries, "views")).toEqual([
      [iso("2024-01-03T00:00"), iso("2024-01-08T00:00"), 1000, true, T],
      [iso("2024-01-08T00:00"), iso("2024-01-15T00:00"), 700, false, D],
      [iso("2024-01-15T00:00"), iso("2024-01-21T00:00"), 320, true, E], // floor(800·9/15) − 160 = 480 − 160
    ]);
  });

  it("windows longer than 62 days default to WEEK, shorter ones to DAY", async () => {
    const accepted = await withSnapshots(snapshots);
    const day = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-03-03T00:00:00Z" }); // 62 days
    expect(day.metrics.timeseries.bucket).toBe("DAY");
    expect(day.metrics.timeseries.series[0].points).toHaveLength(62);
    const week = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-03-03T00:00:01Z" });
    expect(week.metrics.timeseries.bucket).toBe("WEEK");
    // Mondays Jan 1 … Feb 26 (9 buckets); the last one is clipped: [Feb 26, Mar 3 00:00:01)
    const points = week.metrics.timeseries.series[0].points;
    expect(points[0].startAt).toBe(iso("2024-01-01T00:00"));
    expect(points.map((p: any) => new Date(p.startAt).getUTCDay())).toEqual(points.map(() => 1));
    expect(points.at(-1)).toMatchObject({ startAt: iso("2024-02-26T00:00"), endAt: "2024-03-03T00:00:01.000Z", isPartial: true });
    // A whole year in weeks.
    const year = await read(accepted, { from: "2023-06-01T00:00:00Z", to: "2024-05-31T00:00:00Z" });
    expect(year.metrics.timeseries.bucket).toBe("WEEK");
    const yearViews = pointsOf(year.metrics.timeseries, "views");
    expect(sumOf(yearViews)).toBe(2500);
    expect(yearViews[0]).toEqual([iso("2023-06-01T00:00"), iso("2023-06-05T00:00"), null, true, null]);
  });
});

describe("nulls, empty windows and the present", () => {
  it("TikTok: metrics the platform does not report stay null, with no source", async () => {
    // TikTok's Display API reports views, likes, comments and shares; no impressions, reach or saves.
    const accepted = await withSnapshots(
      [
        { at: "2024-01-01T08:00:00Z", views: 500, likes: 40, comments: 4, shares: 2 },
        { at: "2024-01-02T08:00:00Z", views: 900, likes: 70, comments: 6, shares: 3 },
      ],
      "TIKTOK",
    );
    const result = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-03T00:00:00Z" });
    for (const metric of ["impressions", "reach", "saves"]) {
      expect(pointsOf(result.metrics.timeseries, metric).map((p) => [p[2], p[4]])).toEqual([
        [null, null],
        [null, null],
      ]);
    }
    expect(pointsOf(result.metrics.timeseries, "views").map((p) => [p[2], p[4]])).toEqual([
      [500, T],
      [400, D],
    ]);
    expect(result.metrics.totals).toEqual({ impressions: null, reach: null, likes: 70, comments: 6, shares: 3, saves: null, views: 900 });
  });

  it("a metric that stops being reported (Instagram impressions after v22) is null from then on", async () => {
    const accepted = await withSnapshots([
      { at: "2024-01-01T08:00:00Z", impressions: 100, views: 100 },
      { at: "2024-01-02T08:00:00Z", impressions: 180, views: 190 },
      { at: "2024-01-03T08:00:00Z", impressions: null, views: 250 },
    ]);
    const result = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-04T00:00:00Z" });
    expect(pointsOf(result.metrics.timeseries, "impressions").map((p) => [p[2], p[4]])).toEqual([
      [100, T],
      [80, D],
      [null, null],
    ]);
    expect(pointsOf(result.metrics.timeseries, "views").map((p) => p[2])).toEqual([100, 90, 60]);
    expect(result.metrics.totals.impressions).toBeNull();
  });

  it("an empty window: every bucket null, totals null", async () => {
    const accepted = await withSnapshots([]);
    const result = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-08T00:00:00Z" });
    for (const series of result.metrics.timeseries.series) {
      expect(series.points).toHaveLength(7);
      expect(series.points.every((p: any) => p.value === null && p.source === null && p.isPartial === false)).toBe(true);
    }
    expect(Object.values(result.metrics.totals).every((value) => value === null)).toBe(true);
    expect(result.freshness).toMatchObject({ status: "PENDING", freshnessStatus: "UNKNOWN", lastSnapshotAt: null });
  });

  it("a window before posting is all null; the first bucket after posting is the platform's total", async () => {
    const accepted = await withSnapshots([
      { at: "2024-01-10T12:00:00Z", views: 500 },
      { at: "2024-01-11T12:00:00Z", views: 700 },
    ]);
    const before = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-08T00:00:00Z" });
    expect(pointsOf(before.metrics.timeseries, "views").every((p) => p[2] === null && p[4] === null)).toBe(true);
    expect(before.metrics.totals.views).toBeNull();
    const across = await read(accepted, { from: "2024-01-08T00:00:00Z", to: "2024-01-13T00:00:00Z" });
    expect(pointsOf(across.metrics.timeseries, "views").map((p) => [p[2], p[4]])).toEqual([
      [null, null],
      [null, null],
      [500, T],
      [200, D],
      [null, null],
    ]);
  });

  it("the current bucket is partial: the present moment cuts it", async () => {
    const now = Date.now();
    const today = now - (now % 86_400_000);
    const accepted = await withSnapshots([
      { at: new Date(today - 12 * 3_600_000), views: 100 }, // yesterday 12:00
      { at: new Date(today + Math.max(1, Math.floor((now - today) / 2))), views: 150 }, // earlier today
    ]);
    const window = { from: new Date(today - 2 * 86_400_000).toISOString(), to: new Date(today + 86_400_000).toISOString() };
    const result = await read(accepted, window);
    expect(pointsOf(result.metrics.timeseries, "views").map((p) => [p[2], p[3], p[4]])).toEqual([
      [null, false, null],
      [100, false, T],
      [50, true, D], // today: aligned, but not over yet
    ]);
    // Defaults: to = now, from = to − 30 days, DAY; the last bucket ends now and is partial.
    const defaults = await read(accepted, {});
    const timeseries = defaults.metrics.timeseries;
    expect(timeseries.bucket).toBe("DAY");
    expect(new Date(timeseries.to).getTime() - new Date(timeseries.from).getTime()).toBe(30 * 86_400_000);
    expect(Math.abs(new Date(timeseries.to).getTime() - Date.now())).toBeLessThan(60_000);
    const views = pointsOf(timeseries, "views");
    expect(views.at(-1)).toEqual([iso(new Date(today).toISOString()), timeseries.to, 50, true, D]);
    expect(views.at(-2)!.slice(2)).toEqual([100, false, T]);
    expect(views[0]![3]).toBe(true); // from = now − 30 days is mid-day
  });

  it("a bucket in the future is neither partial nor valued (SQL level, with a fixed present)", async () => {
    const accepted = await withSnapshots([
      { at: "2024-01-01T12:00:00Z", views: 10 },
      { at: "2024-01-03T06:00:00Z", views: 40 },
    ]);
    const window = resolveWindow({ from: new Date("2024-01-01T00:00:00Z"), to: new Date("2024-01-05T00:00:00Z") }, new Date("2024-01-03T12:00:00Z"));
    const { overall } = await seriesPoints(db(server), [{ submissionId: accepted.rowId }], window);
    expect(overall.map((p) => [p.startAt.toISOString().slice(0, 10), p.values.views, p.isPartial, p.sources.views])).toEqual([
      ["2024-01-01", 10, false, T],
      ["2024-01-02", 17, false, E], // the line from 10 to 40 over 42 h: floor(30·36/42) − floor(30·12/42) = 25 − 8
      ["2024-01-03", 13, true, D], // 40 − 10 − 17: only what the estimate did not show; now (12:00) cuts it
      ["2024-01-04", null, false, null], // in the future: after the last snapshot, not cut by now
    ]);
  });
});

describe("window validation", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["from after to", { from: "2024-01-05T00:00:00Z", to: "2024-01-01T00:00:00Z" }, "from"],
    ["from equal to to", { from: "2024-01-05T00:00:00Z", to: "2024-01-05T00:00:00Z" }, "from"],
    ["more than 366 days", { from: "2023-01-01T00:00:00Z", to: "2024-01-02T00:00:01Z" }, "from"],
    ["DAY over more than 62 days", { from: "2024-01-01T00:00:00Z", to: "2024-03-04T00:00:00Z", bucket: "DAY" }, "bucket"],
    ["from in the future without to", { from: "2999-01-01T00:00:00Z" }, "from"],
    ["an unknown bucket", { bucket: "HOUR" }, "bucket"],
    ["a from that is not a date-time", { from: "yesterday" }, "from"],
  ];
  for (const [name, window, field] of cases) {
    it(`${name} is VALIDATION_ERROR naming ${field}`, async () => {
      const accepted = await acceptedSubmission(server);
      const response = await server.gql(SUBMISSION_ANALYTICS, { id: accepted.submissionId, ...window }, accepted.influencer.token);
      expect(response.errors?.[0]?.extensions.code, JSON.stringify(response.errors)).toBe("VALIDATION_ERROR");
      expect(Object.keys(response.errors![0]!.extensions.details?.fields ?? {})).toContain(field);
    });
  }

  it("accepts exactly 366 days, and WEEK over a short window", async () => {
    const accepted = await acceptedSubmission(server);
    const year = await read(accepted, { from: "2023-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z" });
    expect(year.metrics.timeseries.bucket).toBe("WEEK");
    const week = await read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-01-03T00:00:00Z", bucket: "WEEK" });
    expect(week.metrics.timeseries.series[0].points).toHaveLength(1);
    expect(week.metrics.timeseries.series[0].points[0]).toMatchObject({ isPartial: true, endAt: iso("2024-01-03T00:00") });
    expect(await errorCode(server, SUBMISSION_ANALYTICS, { id: "nope" }, accepted.influencer.token)).toBe("VALIDATION_ERROR");
  });
});

describe("cost", () => {
  it("answers with the same number of SQL statements for 10 snapshots and for 2,000", async () => {
    const small = await withSnapshots(Array.from({ length: 10 }, (_, i) => ({ at: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000), views: i * 10 })));
    const large = await withSnapshots(Array.from({ length: 2000 }, (_, i) => ({ at: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000), views: i * 10 })));
    const count = async (accepted: Accepted) => {
      const { result, statements } = await server.countStatements(() => read(accepted, { from: "2024-01-01T00:00:00Z", to: "2024-03-01T00:00:00Z" }));
      return { statements, sum: sumOf(pointsOf(result.metrics.timeseries, "views")) };
    };
    const a = await count(small);
    const b = await count(large);
    expect(a.statements).toBe(b.statements);
    // the viewer; the submission, its participation (twice: by id and public id) and campaign (access);
    // the session settings, the series, the facts
    expect(a.statements).toBeLessThanOrEqual(8);
    expect(a.sum).toBe(90);
    expect(b.sum).toBe(14_390); // the last snapshot before Mar 1 is hour 1,439
  });
});

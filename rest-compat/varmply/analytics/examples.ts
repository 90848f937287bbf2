// The documentation's examples for the analytics paths, with its elisions filled in (docs/rest-compat.md), as
// /openapi.json shows them. The route-cost measure reports them apart: they are the documentation's data.
import { METRIC_NAMES } from "../../../src/platforms/platforms.js";

const exampleTimeseries = (value: number | null, source: string | null) => ({
  bucket: "DAY",
  series: METRIC_NAMES.map((metric) => ({
    metric,
    points: [{ start_at: "2024-01-01T00:00:00Z", end_at: "2024-01-02T00:00:00Z", value, is_partial: false, source: value === null ? null : source }],
  })),
});

/** The documented example values, with the series filled in for every metric. */
export const submissionAnalyticsExample = {
  submission_id: "submission_abc123",
  participation_id: "participation_xyz789",
  campaign_id: "campaign_abc123",
  platform: "INSTAGRAM",
  content_url: "https://instagram.com/p/example",
  status: "ACCEPTED",
  metrics: {
    totals: { impressions: 12345, reach: 9000, likes: 320, comments: 44, shares: null, saves: 12, views: null },
    timeseries: exampleTimeseries(1000, "SNAPSHOT_DELTA"),
  },
  money: { accrued_cents: 120000, paid_cents: 80000, blocked_cents: 40000, blocked_reason_code: "INSUFFICIENT_ESCROW" },
  freshness: {
    status: "OK",
    last_snapshot_at: "2024-01-01T12:00:00Z",
    last_attempt_at: "2024-01-01T12:10:00Z",
    last_success_at: "2024-01-01T12:00:00Z",
    last_failure_reason: null,
    freshness_status: "FRESH",
  },
};

/** The documented example, `overall: { … }` filled in. */
export const participationAnalyticsExample = {
  participation_id: "participation_xyz789",
  campaign_id: "campaign_abc123",
  integration_capability: "VALID",
  submissions: [],
  aggregate: {
    by_platform: [],
    overall: {
      submission_count: 0,
      metrics: {
        totals: { impressions: null, reach: null, likes: null, comments: null, shares: null, saves: null, views: null },
        timeseries: exampleTimeseries(null, null),
      },
      money: { accrued_cents: 0, paid_cents: 0, blocked_cents: 0, blocked_reason_code: null },
    },
    blocked_reason_code: null,
  },
  // The documentation shows "STALE" without any snapshot; docs/decisions.md: UNKNOWN.
  freshness: { last_snapshot_at: null, last_attempt_at: null, last_success_at: null, last_failure_reason: null, freshness_status: "UNKNOWN" },
};

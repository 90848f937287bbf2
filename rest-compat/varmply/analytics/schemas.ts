// JSON Schemas and examples for GET /submissions/{id}/analytics (its documented field list transcribed
// with its own descriptions) and GET /participations/{id}/analytics (documented as an outline that elides
// `overall`; docs/analytics.md and docs/rest-compat.md name what was filled in).
import { SubmissionStatus } from "../../../src/shared/enums.js";
import { FAILURE_REASONS, METRIC_NAMES, PLATFORMS } from "../../../src/platforms/platforms.js";
import { arrayOf, boolean, enumOf, integer, nullable, object, requestObject, string, timestamp } from "../../core/json-schema.js";

const values = (enumObject: Record<string, string>) => Object.keys(enumObject);

// ---- request -------------------------------------------------------------------------------------------

export const analyticsWindowQuery = requestObject(
  {
    from: string("ISO timestamp (inclusive) for analytics window start (UTC). Default: `to` − 30 days", {
      format: "date-time",
      examples: ["2024-01-01T00:00:00Z"],
    }),
    to: string("ISO timestamp (exclusive) for analytics window end (UTC). Default: now", { format: "date-time", examples: ["2024-01-15T00:00:00Z"] }),
    bucket: enumOf(
      ["DAY", "WEEK"],
      "Bucket granularity override. Default: DAY for windows up to 62 days, WEEK above; DAY is refused above 62 days and the window may span at most 366 days",
    ),
  },
  [],
);

// ---- response blocks -----------------------------------------------------------------------------------

const count = (example?: number) => nullable(integer("Cumulative count of the latest snapshot before `to` (null: not reported)", example === undefined ? {} : { examples: [example] }));

const totals = object({
  impressions: count(12345),
  reach: count(9000),
  likes: count(320),
  comments: count(44),
  shares: count(),
  saves: count(12),
  views: count(),
});

const point = object({
  start_at: timestamp("Start of the aggregation window (inclusive, UTC)"),
  end_at: timestamp("End of the aggregation window (exclusive, UTC)"),
  value: nullable(integer("Value for the metric in this window (null if unavailable)")),
  is_partial: boolean("True if derived from an incomplete window (e.g. range cuts a bucket boundary, or the bucket is not over yet)"),
  source: nullable(
    enumOf(
      ["SNAPSHOT_DELTA", "PLATFORM_TOTAL", "ESTIMATED"],
      "Source of the chart point value (null exactly when value is null: nothing before the first or after the last snapshot, or not reported)",
    ),
  ),
});

const timeseries = object({
  bucket: enumOf(["DAY", "WEEK"], "Bucket granularity for timeseries aggregation."),
  series: arrayOf(
    object({
      metric: enumOf(METRIC_NAMES, "Normalized Varmply metric key."),
      points: arrayOf(point, "Every bucket of the window, oldest first"),
    }),
    "One series per metric, in the order impressions, reach, likes, comments, shares, saves, views",
  ),
});

export const metricsBlock = object({ totals, timeseries });

export const moneyBlock = object({
  accrued_cents: integer("Everything accrued, blocked included", { examples: [120000] }),
  paid_cents: integer("What payouts moved", { examples: [80000] }),
  blocked_cents: integer("Accrued but not funded by the campaign's escrow", { examples: [40000] }),
  blocked_reason_code: nullable(enumOf(["INSUFFICIENT_ESCROW"], "Reason code for blocked accruals (null when blocked_cents is 0)")),
});

const freshnessFields = {
  last_snapshot_at: nullable(timestamp("Timestamp of the most recent snapshot fetchedAtTimestamp (UTC)")),
  last_attempt_at: nullable(timestamp("Timestamp of the most recent ingestion attempt (UTC)")),
  last_success_at: nullable(timestamp("Timestamp of the most recent successful ingestion (UTC)")),
  last_failure_reason: nullable(enumOf(FAILURE_REASONS, "Last failure reason mapped into a stable enum (null if none)")),
  freshness_status: enumOf(["FRESH", "STALE", "UNKNOWN"], "Freshness status of the analytics data"),
};

const metricsStatus = enumOf(["OK", "STALE", "FAILED", "PENDING"], "Metrics status");

/** A submission's freshness: the documented six keys. */
export const freshnessBlock = object({ status: metricsStatus, ...freshnessFields });

/** A participation's freshness: the five keys the documented example shows, over the counted submissions. */
export const participationFreshnessBlock = object(freshnessFields);

// ---- response bodies -----------------------------------------------------------------------------------

export const submissionAnalyticsResponse = object({
  submission_id: string("Unique identifier for the submission"),
  participation_id: string("Unique identifier for the participation"),
  campaign_id: string("Unique identifier for the campaign"),
  platform: enumOf(PLATFORMS, "Platform type for the submission"),
  content_url: string("Original content URL submitted by the creator"),
  status: enumOf(values(SubmissionStatus), "Review status of the submission"),
  metrics: metricsBlock,
  money: moneyBlock,
  freshness: freshnessBlock,
});

const aggregateFields = {
  submission_count: integer("Counted (ACCEPTED) submissions in this aggregate"),
  metrics: metricsBlock,
  money: moneyBlock,
};

export const participationAnalyticsResponse = object({
  participation_id: string("Unique identifier for the participation"),
  campaign_id: string("Unique identifier for the campaign"),
  integration_capability: enumOf(
    ["VALID", "NOT_CONNECTED", "EXPIRED", "REVOKED"],
    "Creator integration capability for this participation context: the worst over the platforms of the counted submissions",
  ),
  submissions: arrayOf(
    object({
      submission_id: string("Unique identifier for the submission"),
      platform: enumOf(PLATFORMS, "Platform type for the submission"),
      content_url: string("Original content URL submitted by the creator"),
      status: enumOf(values(SubmissionStatus), "Review status of the submission"),
      is_counted: boolean("Whether the aggregates count this submission (ACCEPTED ones only)"),
      is_tracked: boolean("Whether metrics are pulled for this submission"),
      freshness: freshnessBlock,
    }),
    "Every submission of the participation, oldest first, marked counted or not",
  ),
  aggregate: object({
    by_platform: arrayOf(object({ platform: enumOf(PLATFORMS, "Platform of this aggregate"), ...aggregateFields }), "One aggregate per platform with counted submissions"),
    overall: object(aggregateFields, "All counted submissions"),
    blocked_reason_code: nullable(enumOf(["INSUFFICIENT_ESCROW"], "Reason code for blocked accruals (null when nothing is blocked)")),
  }),
  freshness: participationFreshnessBlock,
});

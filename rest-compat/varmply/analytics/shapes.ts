// GraphQL results of the analytics operations → the documented snake_case bodies. The GraphQL enum
// AnalyticsMetric (IMPRESSIONS) becomes the documented metric key (impressions).
import type {
  RestAnalyticsFreshnessFragment,
  RestAnalyticsMetricsFragment,
  RestMoneyStreamsFragment,
  RestParticipationAnalyticsQuery,
  RestSubmissionAnalyticsQuery,
} from "../../generated/operations.js";
import { varmply } from "../dialect.js";

type AggregateNode = RestParticipationAnalyticsQuery["participationAnalytics"]["aggregate"]["overall"];

export function metricsBody(metrics: RestAnalyticsMetricsFragment) {
  const { impressions, reach, likes, comments, shares, saves, views } = metrics.totals;
  return {
    totals: { impressions, reach, likes, comments, shares, saves, views },
    timeseries: {
      bucket: metrics.timeseries.bucket,
      series: metrics.timeseries.series.map((series) => ({
        metric: varmply.codecs.metricKey(series.metric),
        points: series.points.map((point) => ({
          start_at: point.startAt,
          end_at: point.endAt,
          value: point.value,
          is_partial: point.isPartial,
          source: point.source,
        })),
      })),
    },
  };
}

export const moneyBody = (money: RestMoneyStreamsFragment) => ({
  accrued_cents: money.accruedCents,
  paid_cents: money.paidCents,
  blocked_cents: money.blockedCents,
  blocked_reason_code: money.blockedReasonCode,
});

const freshnessTimes = (freshness: RestAnalyticsFreshnessFragment) => ({
  last_snapshot_at: freshness.lastSnapshotAt,
  last_attempt_at: freshness.lastAttemptAt,
  last_success_at: freshness.lastSuccessAt,
  last_failure_reason: freshness.lastFailureReason,
  freshness_status: freshness.freshnessStatus,
});

export const freshnessBody = (freshness: RestAnalyticsFreshnessFragment) => ({ status: freshness.status, ...freshnessTimes(freshness) });

export function submissionAnalyticsBody(data: RestSubmissionAnalyticsQuery) {
  const { submission, metrics, money, freshness } = data.submissionAnalytics;
  return {
    submission_id: submission.id,
    participation_id: submission.participation.id,
    campaign_id: submission.participation.campaign.id,
    platform: submission.platform,
    content_url: submission.contentUrl,
    status: submission.status,
    metrics: metricsBody(metrics),
    money: moneyBody(money),
    freshness: freshnessBody(freshness),
  };
}

const aggregateBody = (aggregate: AggregateNode) => ({
  submission_count: aggregate.submissionCount,
  metrics: metricsBody(aggregate.metrics),
  money: moneyBody(aggregate.money),
});

export function participationAnalyticsBody(data: RestParticipationAnalyticsQuery) {
  const analytics = data.participationAnalytics;
  return {
    participation_id: analytics.participation.id,
    campaign_id: analytics.participation.campaign.id,
    integration_capability: analytics.integrationCapability,
    submissions: analytics.submissions.map((item) => ({
      submission_id: item.submission.id,
      platform: item.submission.platform,
      content_url: item.submission.contentUrl,
      status: item.submission.status,
      is_counted: item.isCounted,
      is_tracked: item.isTracked,
      freshness: freshnessBody(item.freshness),
    })),
    aggregate: {
      by_platform: analytics.aggregate.byPlatform.map((aggregate) => ({ platform: aggregate.platform, ...aggregateBody(aggregate) })),
      overall: aggregateBody(analytics.aggregate.overall),
      blocked_reason_code: analytics.aggregate.blockedReasonCode,
    },
    // The documented participation freshness has no `status` key: its five keys, over the counted submissions.
    freshness: freshnessTimes(analytics.freshness),
  };
}

// GraphQL results of the analytics operations → the documented snake_case bodies (named by the operations'
// aliases). The GraphQL enum AnalyticsMetric (IMPRESSIONS) becomes the documented metric key (impressions).
import type {
  RestAnalyticsMetricsFragment,
  RestParticipationAnalyticsQuery,
  RestSubmissionAnalyticsQuery,
} from "../../generated/operations.js";
import { unwrap } from "../../core/shaping.js";
import { varmply } from "../dialect.js";

const metricsBody = ({ totals, timeseries }: RestAnalyticsMetricsFragment) => ({
  totals,
  timeseries: {
    ...timeseries,
    series: timeseries.series.map((series) => ({ ...series, metric: varmply.codecs.metricKey(series.metric) })),
  },
});

const withMetrics = <T extends { metrics: RestAnalyticsMetricsFragment }>(block: T) => ({ ...block, metrics: metricsBody(block.metrics) });

/** The submission's and its participation's keys come first, flat, then the blocks. */
export function submissionAnalyticsBody(data: RestSubmissionAnalyticsQuery) {
  const { submission: { submission_id, participation, ...submission }, ...blocks } = unwrap(data.submissionAnalytics);
  return { submission_id, ...participation, ...submission, ...withMetrics(blocks) };
}

export function participationAnalyticsBody(data: RestParticipationAnalyticsQuery) {
  const { participation, submissions, aggregate, ...rest } = unwrap(data.participationAnalytics);
  return {
    ...participation,
    integration_capability: rest.integration_capability,
    submissions: submissions.map(({ submission, ...item }) => ({ ...submission, ...item })),
    aggregate: { ...aggregate, by_platform: aggregate.by_platform.map(withMetrics), overall: withMetrics(aggregate.overall) },
    freshness: rest.freshness,
  };
}

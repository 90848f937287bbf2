// GraphQL types of the analytics queries (docs/analytics.md). They carry everything the REST bodies of
// GET /submissions/{id}/analytics and GET /participations/{id}/analytics need, in camelCase.
import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import { IngestionFailureReason, Platform, graphqlEnum } from "../shared/enums.js";
import { METRIC_NAMES, type MetricCounts, type MetricName } from "../platforms/platforms.js";
import { Submission, type SubmissionRow } from "../submissions/submission.type.js";
import { Participation, type ParticipationRow } from "../participations/participation.type.js";
import { Campaign, type CampaignRow } from "../campaigns/campaign.type.js";
import { declareMetricCountFields } from "../metrics/metrics.type.js";
import { BlockedReason } from "../wallets/wallet.type.js";
import type { CampaignFactsRow, FactsAggregate } from "./analytics.queries.js";
import type { AnalyticsWindow } from "./analytics.window.js";

export enum AnalyticsBucket {
  DAY = "DAY",
  WEEK = "WEEK",
}
registerEnumType(AnalyticsBucket, {
  name: "AnalyticsBucket",
  description: "Time-series granularity: UTC days, or weeks starting Monday 00:00 UTC.",
});

export const AnalyticsMetric = graphqlEnum(
  METRIC_NAMES.map((metric) => metric.toUpperCase()) as [Uppercase<MetricName>, ...Uppercase<MetricName>[]],
  "AnalyticsMetric",
  "A normalized metric (REST spells it in lower case).",
);
export type AnalyticsMetric = keyof typeof AnalyticsMetric;

export enum AnalyticsPointSource {
  SNAPSHOT_DELTA = "SNAPSHOT_DELTA",
  PLATFORM_TOTAL = "PLATFORM_TOTAL",
  ESTIMATED = "ESTIMATED",
}
registerEnumType(AnalyticsPointSource, {
  name: "AnalyticsPointSource",
  description:
    "Where a point's value comes from: the difference of snapshots around the bucket, the platform's first reported total, or a straight line across a gap without snapshots.",
});

export enum MetricsStatus {
  OK = "OK",
  STALE = "STALE",
  FAILED = "FAILED",
  PENDING = "PENDING",
}
registerEnumType(MetricsStatus, {
  name: "MetricsStatus",
  description: "PENDING: never attempted; FAILED: the last attempt failed; STALE: the last success is older than the freshness threshold; else OK.",
});

export enum FreshnessStatus {
  FRESH = "FRESH",
  STALE = "STALE",
  UNKNOWN = "UNKNOWN",
}
registerEnumType(FreshnessStatus, {
  name: "FreshnessStatus",
  description: "By the age of the latest snapshot against the freshness threshold; UNKNOWN without any snapshot.",
});

export enum IntegrationCapability {
  VALID = "VALID",
  NOT_CONNECTED = "NOT_CONNECTED",
  EXPIRED = "EXPIRED",
  REVOKED = "REVOKED",
}
registerEnumType(IntegrationCapability, {
  name: "IntegrationCapability",
  description: "Whether the influencer's connected accounts let metrics be pulled: the worst over the relevant platforms.",
});

@ObjectType("MetricTotals", { description: "Cumulative counts of the latest snapshot before the window's end; null: not reported." })
export class MetricTotals {}
export interface MetricTotals extends MetricCounts {}
declareMetricCountFields(MetricTotals);

@ObjectType("AnalyticsPoint", { description: "One bucket [startAt, endAt) of a metric's series." })
export class AnalyticsPoint {
  @Field(() => Date, { description: "Inclusive, UTC." }) startAt!: Date;
  @Field(() => Date, { description: "Exclusive, UTC." }) endAt!: Date;
  @Field(() => SafeIntResolver, { nullable: true, description: "Growth in the bucket; null when nothing can tell (before the first or after the last snapshot, or not reported)." })
  value!: number | null;
  @Field(() => Boolean, { description: "The window or the present moment cuts the bucket." }) isPartial!: boolean;
  @Field(() => AnalyticsPointSource, { nullable: true, description: "Null exactly when value is null." })
  source!: AnalyticsPointSource | null;
}

@ObjectType("AnalyticsSeries")
export class AnalyticsSeries {
  @Field(() => AnalyticsMetric) metric!: AnalyticsMetric;
  @Field(() => [AnalyticsPoint]) points!: AnalyticsPoint[];
}

@ObjectType("AnalyticsTimeseries", { description: "Every bucket of the window [from, to), for each metric." })
export class AnalyticsTimeseries {
  @Field(() => AnalyticsBucket) bucket!: AnalyticsBucket;
  @Field(() => Date, { description: "The window's start (inclusive), after defaults." }) from!: Date;
  @Field(() => Date, { description: "The window's end (exclusive), after defaults." }) to!: Date;
  @Field(() => [AnalyticsSeries]) series!: AnalyticsSeries[];
}

@ObjectType("AnalyticsMetrics")
export class AnalyticsMetrics {
  @Field(() => MetricTotals) totals!: MetricTotals;
  @Field(() => AnalyticsTimeseries) timeseries!: AnalyticsTimeseries;
}

@ObjectType("MoneyStreams", { description: "Earnings in the campaign currency's cents: accrued = paid + blocked + payable." })
export class MoneyStreams {
  @Field(() => SafeIntResolver, { description: "Everything accrued, blocked included." }) accruedCents!: number;
  @Field(() => SafeIntResolver, { description: "What payouts moved." }) paidCents!: number;
  @Field(() => SafeIntResolver, { description: "Accrued but not funded by the escrow." }) blockedCents!: number;
  @Field(() => SafeIntResolver, { description: "accrued − blocked − paid: funded, not yet paid." }) payableCents!: number;
  @Field(() => BlockedReason, { nullable: true, description: "Null when nothing is blocked." }) blockedReasonCode!: BlockedReason | null;
}

@ObjectType("AnalyticsFreshness", { description: "How current the metrics are." })
export class AnalyticsFreshness {
  @Field(() => MetricsStatus) status!: MetricsStatus;
  @Field(() => Date, { nullable: true }) lastSnapshotAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastSuccessAt!: Date | null;
  @Field(() => IngestionFailureReason, { nullable: true, description: "The latest attempt's reason, when it failed." })
  lastFailureReason!: IngestionFailureReason | null;
  @Field(() => FreshnessStatus) freshnessStatus!: FreshnessStatus;
}

@ObjectType("SubmissionAnalytics")
export class SubmissionAnalytics {
  @Field(() => Submission) submission!: SubmissionRow;
  @Field(() => AnalyticsMetrics) metrics!: AnalyticsMetrics;
  @Field(() => MoneyStreams) money!: MoneyStreams;
  @Field(() => AnalyticsFreshness) freshness!: AnalyticsFreshness;
}

@ObjectType("ParticipationAnalyticsSubmission", { description: "A submission of the participation, and whether the aggregates count it." })
export class ParticipationAnalyticsSubmission {
  @Field(() => Submission) submission!: SubmissionRow;
  @Field(() => Boolean, { description: "ACCEPTED submissions are counted; pending and rejected ones are not." }) isCounted!: boolean;
  @Field(() => Boolean, { description: "Metrics are pulled for it (the first submissionLimit accepted ones)." }) isTracked!: boolean;
  @Field(() => MetricTotals) totals!: MetricTotals;
  @Field(() => MoneyStreams) money!: MoneyStreams;
  @Field(() => AnalyticsFreshness) freshness!: AnalyticsFreshness;
}

@ObjectType("AnalyticsAggregate", { description: "Counted submissions summed: totals, time series and money." })
export class AnalyticsAggregate {
  @Field(() => Int) submissionCount!: number;
  @Field(() => AnalyticsMetrics) metrics!: AnalyticsMetrics;
  @Field(() => MoneyStreams) money!: MoneyStreams;
}

@ObjectType("PlatformAnalytics")
export class PlatformAnalytics extends AnalyticsAggregate {
  @Field(() => Platform) platform!: Platform;
}

@ObjectType("ParticipationAnalyticsAggregate")
export class ParticipationAnalyticsAggregate {
  @Field(() => [PlatformAnalytics]) byPlatform!: PlatformAnalytics[];
  @Field(() => AnalyticsAggregate) overall!: AnalyticsAggregate;
  @Field(() => BlockedReason, { nullable: true, description: "Null when nothing is blocked." }) blockedReasonCode!: BlockedReason | null;
}

@ObjectType("ParticipationAnalytics")
export class ParticipationAnalytics {
  @Field(() => Participation) participation!: ParticipationRow;
  @Field(() => IntegrationCapability) integrationCapability!: IntegrationCapability;
  @Field(() => [ParticipationAnalyticsSubmission], { description: "Every submission, oldest first." })
  submissions!: ParticipationAnalyticsSubmission[];
  @Field(() => ParticipationAnalyticsAggregate) aggregate!: ParticipationAnalyticsAggregate;
  @Field(() => AnalyticsFreshness, { description: "Over the counted submissions." }) freshness!: AnalyticsFreshness;
}

// ---- campaign dashboard ---------------------------------------------------------------------------------

@ObjectType("AnalyticsPerformance", { description: "Delivery and cost ratios; docs/analytics.md defines them." })
export class AnalyticsPerformance {
  @Field(() => SafeIntResolver, { description: "Impressions, or views where the platform reports no impressions (the CPM base)." })
  deliveredImpressions!: number;
  @Field(() => SafeIntResolver, { description: "likes + comments + shares + saves." }) engagements!: number;
  @Field(() => Float, { nullable: true, description: "accruedCents × 1000 / deliveredImpressions; null without delivery." })
  effectiveCpmCents!: number | null;
  @Field(() => Float, { nullable: true, description: "engagements / deliveredImpressions; null without delivery." })
  engagementRate!: number | null;
}

@ObjectType("CampaignSpend")
export class CampaignSpend extends MoneyStreams {
  @Field(() => SafeIntResolver, { description: "Balance left in the campaign's escrow." }) escrowLeftCents!: number;
}

@ObjectType("CampaignAnalyticsBreakdown", { description: "Counted submissions of one slice of the campaign." })
export class CampaignAnalyticsBreakdown {
  @Field(() => Int) submissionCount!: number;
  @Field(() => MetricTotals) totals!: MetricTotals;
  @Field(() => AnalyticsPerformance) performance!: AnalyticsPerformance;
  @Field(() => MoneyStreams) money!: MoneyStreams;
}

@ObjectType("CampaignPlatformBreakdown")
export class CampaignPlatformBreakdown extends CampaignAnalyticsBreakdown {
  @Field(() => Platform) platform!: Platform;
}

@ObjectType("CampaignInfluencerBreakdown")
export class CampaignInfluencerBreakdown extends CampaignAnalyticsBreakdown {
  participationId!: number;
  influencerId!: number;
}

@ObjectType("CampaignSubmissionBreakdown")
export class CampaignSubmissionBreakdown extends CampaignAnalyticsBreakdown {
  @Field(() => Submission) submission!: SubmissionRow;
  participationId!: number;
  influencerId!: number;
}

@ObjectType("CampaignAnalytics", {
  description: "The brand's dashboard over the campaign's ACCEPTED submissions; spend is as of now, metrics as of the window's end.",
})
export class CampaignAnalytics {
  @Field(() => Campaign) campaign!: CampaignRow;
  @Field(() => Int, { description: "Counted (ACCEPTED) submissions." }) submissionCount!: number;
  @Field(() => Int, { description: "Influencers with at least one counted submission." }) influencerCount!: number;
  @Field(() => MetricTotals) totals!: MetricTotals;
  @Field(() => AnalyticsPerformance) performance!: AnalyticsPerformance;
  @Field(() => CampaignSpend) spend!: CampaignSpend;
  @Field(() => [CampaignPlatformBreakdown]) byPlatform!: CampaignPlatformBreakdown[];
  // Not GraphQL fields: what timeseries, byInfluencer, topSubmissions and csv are resolved from.
  /** The counted submissions with the most delivered impressions, at most MAX_PAGE_SIZE (topSubmissions). */
  topRows!: CampaignFactsRow[];
  /** byInfluencer's aggregates and csv's rows, when the request selects those fields (else read on demand). */
  influencerAggregates!: FactsAggregate[] | null;
  rows!: CampaignFactsRow[] | null;
  window!: AnalyticsWindow;
}

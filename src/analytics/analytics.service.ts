// Submission, participation and campaign analytics (docs/analytics.md, docs/decisions.md). Who may read what is decided by the
// modules' access helpers (404 when the object is not visible); the numbers come from two SQL statements
// (analytics.queries.ts), whatever the number of snapshots, and for the campaign dashboard from the tables the
// database keeps (the latest state, the bucket rollup: analytics.rollup.ts); this file turns them into the
// GraphQL objects.
import { asc, eq, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { requireViewer } from "../auth/access.js";
import { getOwnedCampaign } from "../campaigns/campaign.access.js";
import { getParticipation } from "../participations/participation.access.js";
import { getSubmission } from "../submissions/submission.access.js";
import { effectiveStatus } from "../social-accounts/social-account.service.js";
import type { SocialAccountRow } from "../social-accounts/social-account.type.js";
import type { IngestionFailureReason, Platform } from "../shared/enums.js";
import { METRIC_NAMES, PLATFORMS } from "../platforms/platforms.js";
import { effectiveCpmCents, moneyStreams } from "../wallets/money.js";
import { MAX_PAGE_SIZE } from "../shared/connection.js";
import { ValidationFailed } from "../shared/errors.js";
import { socialAccounts, submissions } from "../../schema/tables.js";
import {
  campaignFacts,
  campaignFactsRows,
  campaignInfluencerAggregates,
  inAnalyticsSession,
  overallOf,
  seriesPoints,
  submissionFacts,
  type BucketPoint,
  type CampaignFactsRow,
  type FactsAggregate,
  type FreshnessFacts,
  type MetricValues,
  type MoneyFacts,
  type Performance,
} from "./analytics.queries.js";
import { resolveWindow, type AnalyticsWindow, type AnalyticsWindowArgs } from "./analytics.window.js";
import {
  AnalyticsBucket,
  AnalyticsMetric,
  AnalyticsPointSource,
  FreshnessStatus,
  IntegrationCapability,
  MetricsStatus,
  type AnalyticsFreshness,
  type AnalyticsPerformance,
  type AnalyticsTimeseries,
  type CampaignAnalytics,
  type CampaignAnalyticsBreakdown,
  type CampaignInfluencerBreakdown,
  type CampaignSubmissionBreakdown,
  type MetricTotals,
  type MoneyStreams,
  type ParticipationAnalytics,
  type PlatformAnalytics,
  type SubmissionAnalytics,
} from "./analytics.type.js";
import { arrayParam } from "../db/array-param.js";
import { campaignSeriesPoints } from "./analytics.rollup.js";

// ---- shaping ----------------------------------------------------------------------------------------------

function timeseriesOf(window: AnalyticsWindow, points: readonly BucketPoint[]): AnalyticsTimeseries {
  return {
    bucket: AnalyticsBucket[window.bucket],
    from: window.from,
    to: window.to,
    series: METRIC_NAMES.map((metric) => ({
      metric: AnalyticsMetric[metric.toUpperCase() as AnalyticsMetric],
      points: points.map((point) => ({
        startAt: point.startAt,
        endAt: point.endAt,
        value: point.values[metric],
        isPartial: point.isPartial,
        source: point.sources[metric] ? AnalyticsPointSource[point.sources[metric]!] : null,
      })),
    })),
  };
}

const totalsOf = (values: MetricValues): MetricTotals => ({ ...values });

function moneyOf(money: MoneyFacts): MoneyStreams {
  const { blockedReason, ...streams } = moneyStreams(money);
  return { ...streams, blockedReasonCode: blockedReason };
}

/** docs/analytics.md: status by the ingestion attempts, freshnessStatus by the latest snapshot's age. */
export function freshnessOf(facts: FreshnessFacts, now: Date, thresholdHours: number): AnalyticsFreshness {
  const threshold = thresholdHours * 3_600_000;
  const olderThanThreshold = (at: Date | null) => at === null || now.getTime() - at.getTime() > threshold;
  const status = !facts.lastAttemptAt
    ? MetricsStatus.PENDING
    : facts.lastAttemptOutcome === "FAILURE"
      ? MetricsStatus.FAILED
      : olderThanThreshold(facts.lastSuccessAt)
        ? MetricsStatus.STALE
        : MetricsStatus.OK;
  return {
    status,
    lastSnapshotAt: facts.lastSnapshotAt,
    lastAttemptAt: facts.lastAttemptAt,
    lastSuccessAt: facts.lastSuccessAt,
    lastFailureReason: facts.lastAttemptOutcome === "FAILURE" ? (facts.lastAttemptFailure as IngestionFailureReason | null) : null,
    freshnessStatus: !facts.lastSnapshotAt
      ? FreshnessStatus.UNKNOWN
      : olderThanThreshold(facts.lastSnapshotAt)
        ? FreshnessStatus.STALE
        : FreshnessStatus.FRESH,
  };
}

function performanceOf(facts: Performance & { money: MoneyFacts }): AnalyticsPerformance {
  const delivered = facts.deliveredImpressions;
  return {
    deliveredImpressions: delivered,
    engagements: facts.engagements,
    effectiveCpmCents: effectiveCpmCents(facts.money.accruedCents, delivered),
    engagementRate: delivered > 0 ? Math.round((facts.engagements / delivered) * 1e6) / 1e6 : null,
  };
}

function breakdownOf(facts: FactsAggregate): CampaignAnalyticsBreakdown {
  return { submissionCount: facts.submissionCount, totals: totalsOf(facts.totals), performance: performanceOf(facts), money: moneyOf(facts.money) };
}

const byPlatformOrder = <T extends { platform: string | null }>(a: T, b: T) =>
  PLATFORMS.indexOf(a.platform as Platform) - PLATFORMS.indexOf(b.platform as Platform);

// ---- integration capability ---------------------------------------------------------------------------------

const SEVERITY: Record<IntegrationCapability, number> = { VALID: 0, EXPIRED: 1, REVOKED: 2, NOT_CONNECTED: 3 };

/** The best of the influencer's accounts on the platform (any VALID one will do), NOT_CONNECTED without one. */
function platformCapability(accounts: readonly SocialAccountRow[], platform: Platform | null, now: Date): IntegrationCapability {
  const statuses = accounts.filter((account) => platform === null || account.platform === platform).map((account) => effectiveStatus(account, now));
  for (const status of ["VALID", "EXPIRED", "REVOKED"] as const) if (statuses.includes(status)) return IntegrationCapability[status];
  return IntegrationCapability.NOT_CONNECTED;
}

/**
 * docs/decisions.md: the worst over the platforms of the counted submissions, or of the campaign's allowed
 * platforms when none is counted; a campaign that allows every platform then asks for any usable account.
 */
export function integrationCapability(
  accounts: readonly SocialAccountRow[],
  countedPlatforms: readonly Platform[],
  allowedPlatforms: readonly Platform[],
  now: Date,
): IntegrationCapability {
  const platforms = countedPlatforms.length ? countedPlatforms : allowedPlatforms;
  if (!platforms.length) return platformCapability(accounts, null, now);
  return [...new Set(platforms)]
    .map((platform) => platformCapability(accounts, platform, now))
    .reduce((worst, next) => (SEVERITY[next] > SEVERITY[worst] ? next : worst));
}

// ---- the three queries ------------------------------------------------------------------------------------

function windowOf(context: Context, args: AnalyticsWindowArgs): AnalyticsWindow {
  requireViewer(context); // who is asking comes before what they sent
  return resolveWindow(args);
}

/** The creator, the campaign owner and admins; NOT_FOUND for everyone else. */
export async function submissionAnalytics(context: Context, submissionId: string, args: AnalyticsWindowArgs): Promise<SubmissionAnalytics> {
  const window = windowOf(context, args);
  const { submission } = await getSubmission(context, submissionId, "submissionId");
  const [series, facts] = await inAnalyticsSession(context.db, async (tx) => [
    await seriesPoints(tx, [{ submissionId: submission.id }], window),
    await submissionFacts(tx, { submissionId: submission.id }, window.to),
  ] as const);
  const row = facts.submissions[0]!;
  return {
    submission,
    metrics: { totals: totalsOf(row.totals), timeseries: timeseriesOf(window, series.overall) },
    money: moneyOf(row.money),
    freshness: freshnessOf(row, window.now, context.app.config.metricsFreshnessHours),
  };
}

/**
 * ACCEPTED submissions are counted, per platform and overall; `isTracked` is the tracking rule's
 * (participation.tracking.ts, through the facts statement). Same visibility as the participation.
 */
export async function participationAnalytics(
  context: Context,
  participationId: string,
  args: AnalyticsWindowArgs,
): Promise<ParticipationAnalytics> {
  const window = windowOf(context, args);
  const { participation, campaign } = await getParticipation(context, participationId, "participationId");
  const [rows, accounts] = await Promise.all([
    context.db.select().from(submissions).where(eq(submissions.participationId, participation.id)).orderBy(asc(submissions.submittedAt), asc(submissions.id)),
    context.db.select().from(socialAccounts).where(eq(socialAccounts.userId, participation.influencerId)),
  ]);
  const counted = rows.filter((row) => row.status === "ACCEPTED");
  const [series, facts] = await inAnalyticsSession(context.db, async (tx) => [
    await seriesPoints(tx, counted.map((row) => ({ submissionId: row.id, group: row.platform })), window, true),
    await submissionFacts(tx, { participationId: participation.id, levels: ["platform"] }, window.to),
  ] as const);
  const thresholdHours = context.app.config.metricsFreshnessHours;
  const factsById = new Map(facts.submissions.map((row) => [row.submissionId, row]));
  const overall = overallOf(facts);
  const aggregateOf = (aggregate: FactsAggregate, points: readonly BucketPoint[]) => ({
    submissionCount: aggregate.submissionCount,
    metrics: { totals: totalsOf(aggregate.totals), timeseries: timeseriesOf(window, points) },
    money: moneyOf(aggregate.money),
  });
  const byPlatform: PlatformAnalytics[] = facts.aggregates
    .filter((aggregate) => aggregate.level === "platform")
    .sort(byPlatformOrder)
    .map((aggregate) => ({ platform: aggregate.platform as Platform, ...aggregateOf(aggregate, series.byGroup.get(aggregate.platform!) ?? []) }));

  return {
    participation,
    integrationCapability: integrationCapability(accounts, counted.map((row) => row.platform), campaign.allowedPlatforms, window.now),
    submissions: rows.map((submission) => {
      const row = factsById.get(submission.id)!;
      return {
        submission,
        isCounted: row.counted,
        isTracked: row.tracked,
        totals: totalsOf(row.totals),
        money: moneyOf(row.money),
        freshness: freshnessOf(row, window.now, thresholdHours),
      };
    }),
    aggregate: {
      byPlatform,
      overall: aggregateOf(overall, series.overall),
      blockedReasonCode: moneyStreams(overall.money).blockedReason,
    },
    freshness: freshnessOf(overall, window.now, thresholdHours),
  };
}

/**
 * The brand's dashboard: the campaign owner and admins (an influencer who sees the campaign: PERMISSION_DENIED).
 * One statement for the numbers (campaignFacts: from each submission's latest state, with the top submissions);
 * the time series, byInfluencer and the CSV run their own statements when asked for.
 */
export async function campaignAnalytics(
  context: Context,
  campaignId: string,
  args: AnalyticsWindowArgs,
  asked: { influencers: boolean; rows: boolean } = { influencers: true, rows: true },
): Promise<CampaignAnalytics> {
  const window = windowOf(context, args);
  const campaign = await getOwnedCampaign(context, campaignId, "campaignId");
  const facts = await inAnalyticsSession(context.db, (tx) => campaignFacts(tx, campaign.id, window.to, { top: MAX_PAGE_SIZE, ...asked }));
  const overall = overallOf({ submissions: [], aggregates: facts.aggregates, escrowCents: facts.escrowCents });
  return {
    campaign,
    submissionCount: overall.submissionCount,
    influencerCount: facts.influencerCount,
    totals: totalsOf(overall.totals),
    performance: performanceOf(overall),
    spend: { ...moneyOf(overall.money), escrowLeftCents: facts.escrowCents },
    byPlatform: facts.aggregates
      .filter((aggregate) => aggregate.level === "platform")
      .sort(byPlatformOrder)
      .map((aggregate) => ({ platform: aggregate.platform as Platform, ...breakdownOf(aggregate) })),
    topRows: facts.top,
    influencerAggregates: asked.influencers ? facts.aggregates.filter((aggregate) => aggregate.level === "participation") : null,
    rows: facts.rows,
    window,
  };
}

/**
 * The campaign's time series: its own statements (the rollup's, analytics.rollup.ts), run only when the
 * dashboard asks for it (not for `csv`).
 */
export async function campaignTimeseries(context: Context, analytics: CampaignAnalytics): Promise<AnalyticsTimeseries> {
  const points = await inAnalyticsSession(context.db, (tx) => campaignSeriesPoints(tx, analytics.campaign.id, analytics.window));
  return timeseriesOf(analytics.window, points);
}

/** Every counted submission as CSV rows: read with the numbers when the request asked for them, else now. */
export async function campaignCsvRows(context: Context, analytics: CampaignAnalytics): Promise<CampaignFactsRow[]> {
  return analytics.rows ?? inAnalyticsSession(context.db, (tx) => campaignFactsRows(tx, analytics.campaign.id, analytics.window.to));
}

// ---- campaign dashboard lists --------------------------------------------------------------------------------

function parseFirst(first: number | null | undefined, fallback: number): number {
  const value = first ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw ValidationFailed(`first must be between 1 and ${MAX_PAGE_SIZE}`, { first: `must be between 1 and ${MAX_PAGE_SIZE}` });
  }
  return value;
}

const byDelivery = <T extends { deliveredImpressions: number; engagements: number }>(a: T, b: T) =>
  b.deliveredImpressions - a.deliveredImpressions || b.engagements - a.engagements;

/** Influencers by delivered impressions, most first (read with the numbers when the request asked for them). */
export async function influencerBreakdowns(
  context: Context,
  analytics: CampaignAnalytics,
  first: number | null | undefined,
): Promise<CampaignInfluencerBreakdown[]> {
  const limit = parseFirst(first, MAX_PAGE_SIZE);
  const aggregates =
    analytics.influencerAggregates ??
    (await inAnalyticsSession(context.db, (tx) => campaignInfluencerAggregates(tx, analytics.campaign.id, analytics.window.to)));
  return aggregates
    .sort((a, b) => byDelivery(a, b) || a.participationId! - b.participationId!)
    .slice(0, limit)
    .map((aggregate) => ({ ...breakdownOf(aggregate), participationId: aggregate.participationId!, influencerId: aggregate.influencerId! }));
}

/** Submissions by delivered impressions, most first, with their rows (one statement). */
export async function topSubmissionBreakdowns(
  context: Context,
  analytics: CampaignAnalytics,
  first: number | null | undefined,
): Promise<CampaignSubmissionBreakdown[]> {
  // campaignFacts already ordered them (delivered impressions, engagements, id) and kept the first MAX_PAGE_SIZE
  const top = analytics.topRows.slice(0, parseFirst(first, 10));
  if (!top.length) return [];
  const rows = await context.db
    .select()
    .from(submissions)
    .where(sql`${submissions.id} = any(${arrayParam(top.map((row) => row.submissionId), "int")})`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return top.map((row) => ({
    submission: byId.get(row.submissionId)!,
    submissionCount: 1,
    totals: totalsOf(row.totals),
    performance: performanceOf(row),
    money: moneyOf(row.money),
    participationId: row.participationId,
    influencerId: row.influencerId,
  }));
}

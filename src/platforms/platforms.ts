// The platforms, the metrics they report and how a metrics request can fail: the one source the database
// enums (schema/tables.ts), the GraphQL enums (src/shared/enums.ts, src/metrics/metrics.type.ts,
// src/analytics/analytics.type.ts), the configuration, the providers, the content URLs and the demo data
// derive from. Plain constants: this file imports nothing, so every layer may import it.

/** In the order lists and breakdowns show them. */
export const PLATFORMS = ["INSTAGRAM", "TIKTOK", "FACEBOOK", "YOUTUBE"] as const;
export type PlatformName = (typeof PLATFORMS)[number];

/** The normalized counts of a metrics snapshot, in the order analytics series and CSV columns list them. */
export const METRIC_NAMES = ["impressions", "reach", "likes", "comments", "shares", "saves", "views"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Cumulative counts; null where the platform does not report the metric. */
export type MetricCounts = Record<MetricName, number | null>;

/**
 * How a platform call failed (the ingestion attempt's `failure_reason`): RATE_LIMIT (HTTP 429, Graph API
 * codes 4/17/32/613, quota errors), PERMISSION (expired or revoked token), INVALID_MEDIA (not found, or not
 * the account's), UNKNOWN.
 */
export const FAILURE_REASONS = ["RATE_LIMIT", "PERMISSION", "INVALID_MEDIA", "UNKNOWN"] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface PlatformFacts {
  /** What the platform's API reports (the real adapters and the simulated provider leave the rest null). */
  reportedMetrics: readonly MetricName[];
  /** Hosts of the platform's post URLs, without `www.`/`m.` prefixes. */
  urlHosts: readonly string[];
}

export const PLATFORM_FACTS: Record<PlatformName, PlatformFacts> = {
  // Graph API v22 stopped reporting impressions (and plays, video_views) for Instagram media.
  INSTAGRAM: { reportedMetrics: ["reach", "likes", "comments", "shares", "saves", "views"], urlHosts: ["instagram.com", "instagr.am"] },
  // The Display API's video query: views, likes, comments, shares; no impressions, reach or saves.
  TIKTOK: { reportedMetrics: ["likes", "comments", "shares", "views"], urlHosts: ["tiktok.com", "vm.tiktok.com", "vt.tiktok.com"] },
  // Page post insights (impressions, reach) and the post's reaction, comment and share counts; no views.
  FACEBOOK: { reportedMetrics: ["impressions", "reach", "likes", "comments", "shares"], urlHosts: ["facebook.com", "fb.com", "fb.watch"] },
  // The Data API's video statistics: views, likes, comments.
  YOUTUBE: { reportedMetrics: ["likes", "comments", "views"], urlHosts: ["youtube.com", "youtu.be"] },
};

/** Whether `platform` reports `metric`. */
export const reportsMetric = (platform: PlatformName, metric: MetricName): boolean => PLATFORM_FACTS[platform].reportedMetrics.includes(metric);

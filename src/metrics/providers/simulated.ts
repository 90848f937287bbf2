// The simulated provider: used for a platform with no credentials configured, so the embedded default and
// the demo data show live-looking metrics offline. The metrics model below is the one place that says how
// simulated counts grow: a saturating curve per post whose size and pace are seeded by the media id, each
// metric a fixed share of views, only the metrics the platform reports (src/platforms/platforms.ts). The
// same media at the same moment always gives the same numbers, and counts never fall; the demo seed
// (src/seed/demo.ts) writes its snapshots with this model, so a later refresh continues them.
import { createHash } from "node:crypto";
import type { Platform } from "../../shared/enums.js";
import { METRIC_NAMES, reportsMetric, type MetricName } from "../../platforms/platforms.js";
import type { AccountRef, FetchedMetrics, MediaRef, MetricCounts, MetricsProvider, TokenSet } from "./provider.js";

/** Each metric as a share of views (impressions exceed views: one person can see a post twice). */
const SHARE_OF_VIEWS: Record<MetricName, number> = {
  impressions: 1.3,
  reach: 0.7,
  likes: 0.08,
  comments: 0.01,
  saves: 0.02,
  shares: 0.015,
  views: 1,
};

function seedOf(mediaId: string): number {
  return createHash("sha256").update(mediaId).digest().readUInt32BE(0);
}

/**
 * The metrics model: cumulative counts `hoursLive` hours after posting (none before). Views grow toward a
 * final count, reaching 63 % of it after a number of hours; both are seeded by the media id.
 */
export function simulatedCounts(platform: Platform, mediaId: string, hoursLive: number): MetricCounts {
  const seed = seedOf(`${platform}:${mediaId}`);
  const finalViews = 2_000 + (seed % 48_000);
  const growthHours = 12 + ((seed >>> 8) % 60);
  const views = finalViews * (1 - Math.exp(-Math.max(0, hoursLive) / growthHours));
  const counts = {} as MetricCounts;
  for (const metric of METRIC_NAMES) counts[metric] = reportsMetric(platform, metric) ? Math.floor(views * SHARE_OF_VIEWS[metric]) : null;
  return counts;
}

export class SimulatedProvider implements MetricsProvider {
  readonly mode = "simulated" as const;
  readonly renewal = "refresh-token" as const;

  constructor(
    readonly platform: Platform,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async fetchMetrics(_account: AccountRef, media: MediaRef): Promise<FetchedMetrics> {
    const start = media.postedAt ?? media.submittedAt;
    const hoursLive = (this.now().getTime() - start.getTime()) / 3_600_000;
    return {
      platformMediaId: media.platformMediaId ?? `sim_${media.externalMediaId}`,
      counts: simulatedCounts(this.platform, media.externalMediaId, hoursLive),
    };
  }

  async refreshAccessToken(account: AccountRef, refreshToken: string | null): Promise<TokenSet> {
    return {
      accessToken: `${account.accessToken.split("~")[0]}~${Date.now().toString(36)}`,
      refreshToken,
      expiresAt: new Date(this.now().getTime() + 60 * 24 * 3_600_000),
    };
  }
}

// One budget of metrics calls per platform and minute (`<PLATFORM>_REQUESTS_PER_MINUTE`), spent by the
// scheduled refresher and by manual refreshes alike, in every process that shares the counter store.
import { setTimeout as sleep } from "node:timers/promises";
import type { Platform } from "../shared/enums.js";
import { RateLimited } from "../shared/errors.js";
import type { RateLimiter } from "./rate-limiter.js";

/**
 * Manual refreshes may spend this share of a platform's minute; the scheduled refresher may spend the
 * whole of it, so however many manual refreshes arrive, the refresher keeps at least the rest.
 */
export const MANUAL_REFRESH_SHARE = 0.5;
const WINDOW_SECONDS = 60;

const keyOf = (platform: Platform) => `platform-calls:${platform}`;

export class PlatformCallBudget {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly perMinute: (platform: Platform) => number,
  ) {}

  /** How many calls a burst of manual refreshes may make on `platform` in one minute. */
  manualLimit(platform: Platform): number {
    return Math.max(1, Math.floor(this.perMinute(platform) * MANUAL_REFRESH_SHARE));
  }

  /**
   * Takes the calls a manual refresh is about to make, all or nothing: when any platform's manual share
   * of this minute cannot hold them, gives back what it took and throws RATE_LIMITED.
   */
  async takeForManualRefresh(callsByPlatform: ReadonlyMap<Platform, number>): Promise<void> {
    const taken: [Platform, number][] = [];
    for (const [platform, calls] of callsByPlatform) {
      const result = await this.limiter.take(keyOf(platform), { limit: this.manualLimit(platform), windowSeconds: WINDOW_SECONDS }, calls);
      if (!result.granted) {
        for (const [done, count] of taken) await this.limiter.refund(keyOf(done), count);
        throw RateLimited(`Metrics refreshes on ${platform} are at their limit for this minute; try again later`, result.retryAfterSeconds);
      }
      taken.push([platform, calls]);
    }
  }

  /** Waits until the platform's minute has room for one scheduled call; false when `signal` aborts first. */
  async waitForScheduledCall(platform: Platform, signal: AbortSignal): Promise<boolean> {
    const policy = { limit: Math.max(1, this.perMinute(platform)), windowSeconds: WINDOW_SECONDS };
    while (!signal.aborted) {
      const result = await this.limiter.take(keyOf(platform), policy);
      if (result.granted) return true;
      try {
        await sleep(Math.max(100, result.retryAfterSeconds * 1000), undefined, { signal });
      } catch {
        return false;
      }
    }
    return false;
  }
}

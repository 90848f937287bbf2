// Picks a provider per platform from the configuration: real where credentials (or an explicit
// <PLATFORM>_METRICS_MODE=real) say so, simulated otherwise.
import type { Config } from "../../config.js";
import type { Platform } from "../../shared/enums.js";
import { PLATFORMS } from "../../platforms/platforms.js";
import { FacebookProvider } from "./facebook.js";
import type { HttpPolicy } from "./http.js";
import { InstagramProvider } from "./instagram.js";
import type { MetricsProvider } from "./provider.js";
import { SimulatedProvider } from "./simulated.js";
import { TikTokProvider } from "./tiktok.js";
import { YouTubeProvider } from "./youtube.js";

export type Providers = Record<Platform, MetricsProvider>;

/** How every platform call is made: PLATFORM_TIMEOUT_MS, PLATFORM_RETRIES and the refresh budget. */
export function httpPolicy(config: Config): HttpPolicy {
  return {
    timeoutMs: config.platformTimeoutMs,
    retries: config.platformRetries,
    baseDelayMs: config.platformRetryBaseDelayMs,
    budgetMs: config.platformRefreshBudgetMs,
  };
}

export function createProviders(config: Config): Providers {
  const real = {
    INSTAGRAM: InstagramProvider,
    FACEBOOK: FacebookProvider,
    TIKTOK: TikTokProvider,
    YOUTUBE: YouTubeProvider,
  } satisfies Record<Platform, unknown>;
  const providers = {} as Providers;
  const http = httpPolicy(config);
  for (const platform of PLATFORMS) {
    const settings = config.platforms[platform];
    providers[platform] = settings.mode === "real" ? new real[platform](settings, http) : new SimulatedProvider(platform);
  }
  return providers;
}

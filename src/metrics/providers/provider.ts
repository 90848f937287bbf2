// One interface for every platform's metrics API. Real adapters speak each platform's own HTTP API at a
// configurable base URL; the simulated one serves deterministic numbers offline.
import type { Platform } from "../../shared/enums.js";
import type { FailureReason, MetricCounts } from "../../platforms/platforms.js";

export type { FailureReason, MetricCounts };

export interface AccountRef {
  externalAccountId: string;
  kind: "USER" | "PAGE" | "WALL" | "CHANNEL";
  accessToken: string;
}

export interface MediaRef {
  /** The id parsed from the content URL. */
  externalMediaId: string;
  /** The platform's own id, once resolved by an earlier refresh. */
  platformMediaId: string | null;
  contentUrl: string;
  postedAt: Date | null;
  submittedAt: Date;
}

export interface FetchedMetrics {
  platformMediaId: string;
  counts: MetricCounts;
}

export interface TokenSet {
  accessToken: string;
  /** A rotated refresh token, or null when the platform keeps the old one. */
  refreshToken: string | null;
  expiresAt: Date | null;
}

/** A platform call that failed, classified. */
export class PlatformError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    /** Seconds the platform asked us to wait, when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface MetricsProvider {
  readonly platform: Platform;
  readonly mode: "real" | "simulated";
  /** Throws PlatformError. */
  fetchMetrics(account: AccountRef, media: MediaRef): Promise<FetchedMetrics>;
  /**
   * How access is renewed: `refresh-token` trades a refresh token for new tokens once the access token
   * expires (TikTok, Google); `extend-access-token` trades a still-valid access token for a longer-lived
   * one and has no refresh token (Meta's Instagram and Facebook tokens).
   */
  readonly renewal: "refresh-token" | "extend-access-token";
  /** Renews the tokens (see `renewal`; `refreshToken` is null for `extend-access-token`). Throws PlatformError. */
  refreshAccessToken?(account: AccountRef, refreshToken: string | null): Promise<TokenSet>;
}

/** Platform numbers arrive as numbers or numeric strings (YouTube); anything else is "not reported". */
export function count(value: unknown): number | null {
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === "number" && Number.isSafeInteger(number) && number >= 0 ? number : null;
}

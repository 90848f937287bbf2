// YouTube Data API: videos?part=statistics (viewCount, likeCount, commentCount). YouTube reports no
// impressions, reach, saves or shares to third parties; those stay null.
import type { PlatformSettings } from "../../config.js";
import { classifyGoogle, failure } from "./classify.js";
import { formBody, platformRequest, type HttpPolicy } from "./http.js";
import { expiry } from "./instagram.js";
import { PlatformError, count, type AccountRef, type FetchedMetrics, type MediaRef, type MetricsProvider, type TokenSet } from "./provider.js";

interface VideosBody {
  items?: { id?: string; statistics?: { viewCount?: unknown; likeCount?: unknown; commentCount?: unknown } }[];
}

export class YouTubeProvider implements MetricsProvider {
  readonly platform = "YOUTUBE" as const;
  readonly mode = "real" as const;
  readonly renewal = "refresh-token" as const;

  constructor(
    private readonly settings: PlatformSettings,
    private readonly http: HttpPolicy,
  ) {}

  async fetchMetrics(account: AccountRef, media: MediaRef): Promise<FetchedMetrics> {
    const videoId = media.platformMediaId ?? media.externalMediaId;
    const url = new URL(`${this.settings.apiBaseUrl}/videos`);
    url.searchParams.set("part", "statistics");
    url.searchParams.set("id", videoId);
    const response = await platformRequest(url.toString(), { method: "GET", headers: { authorization: `Bearer ${account.accessToken}` } }, this.http);
    if (response.status !== 200) failure(response, classifyGoogle, "YouTube");
    const video = (response.body as VideosBody).items?.find((item) => item.id === videoId);
    if (!video) throw new PlatformError("INVALID_MEDIA", `YouTube has no video ${videoId}`);
    return {
      platformMediaId: videoId,
      counts: {
        impressions: null,
        reach: null,
        likes: count(video.statistics?.likeCount),
        comments: count(video.statistics?.commentCount),
        saves: null,
        shares: null,
        views: count(video.statistics?.viewCount),
      },
    };
  }

  async refreshAccessToken(_account: AccountRef, refreshToken: string | null): Promise<TokenSet> {
    if (!refreshToken) throw new PlatformError("PERMISSION", "YouTube needs a refresh token to renew access");
    if (!this.settings.clientId || !this.settings.clientSecret) throw new PlatformError("PERMISSION", "YouTube app credentials are not configured");
    const response = await platformRequest(
      `${this.settings.oauthBaseUrl}/token`,
      formBody({
        client_id: this.settings.clientId,
        client_secret: this.settings.clientSecret,
        grant_type: "refresh_token",
        refresh_token: refreshToken,
      }),
      this.http,
      // A refresh token grant is retried only when the platform answered (see RetryMode).
      "answered",
    );
    const body = response.body as { access_token?: string; refresh_token?: string; expires_in?: number };
    if (response.status !== 200 || !body?.access_token) failure(response, classifyGoogle, "YouTube");
    return { accessToken: body.access_token, refreshToken: body.refresh_token ?? null, expiresAt: expiry(body.expires_in) };
  }
}

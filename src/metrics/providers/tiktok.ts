// TikTok Display API: POST /v2/video/query/ for view, like, comment and share counts. TikTok reports no
// impressions or reach, so those stay null. vm.tiktok.com short links are redirects, resolved once.
import type { PlatformSettings } from "../../config.js";
import { parseContentUrl } from "../../submissions/content-url.js";
import { classifyTikTok, failure } from "./classify.js";
import { formBody, platformRequest, type HttpPolicy } from "./http.js";
import { expiry } from "./instagram.js";
import { PlatformError, count, type AccountRef, type FetchedMetrics, type MediaRef, type MetricsProvider, type TokenSet } from "./provider.js";

interface QueryBody {
  data?: { videos?: { id?: string; view_count?: unknown; like_count?: unknown; comment_count?: unknown; share_count?: unknown }[] };
  error?: { code?: string; message?: string };
}

export class TikTokProvider implements MetricsProvider {
  readonly platform = "TIKTOK" as const;
  readonly mode = "real" as const;
  readonly renewal = "refresh-token" as const;

  constructor(
    private readonly settings: PlatformSettings,
    private readonly http: HttpPolicy,
  ) {}

  /** A numeric id is TikTok's video id; a short-link code redirects to the video's page, which carries it. */
  private async videoId(media: MediaRef): Promise<string> {
    if (media.platformMediaId) return media.platformMediaId;
    if (/^\d+$/.test(media.externalMediaId)) return media.externalMediaId;
    const response = await platformRequest(media.contentUrl, { method: "GET", redirect: "manual" }, this.http);
    const location = response.headers.get("location");
    const target = location ? parseContentUrl(new URL(location, media.contentUrl).toString()) : undefined;
    if (target?.platform === "TIKTOK" && /^\d+$/.test(target.externalMediaId)) return target.externalMediaId;
    throw new PlatformError("INVALID_MEDIA", `TikTok short link ${media.contentUrl} does not lead to a video`);
  }

  async fetchMetrics(account: AccountRef, media: MediaRef): Promise<FetchedMetrics> {
    const videoId = await this.videoId(media);
    const response = await platformRequest(
      `${this.settings.apiBaseUrl}/v2/video/query/?fields=id,view_count,like_count,comment_count,share_count`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${account.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ filters: { video_ids: [videoId] } }),
      },
      this.http,
    );
    const body = response.body as QueryBody;
    if (response.status !== 200 || (body?.error?.code && body.error.code !== "ok")) failure(response, classifyTikTok, "TikTok");
    const video = body.data?.videos?.find((candidate) => candidate.id === videoId);
    if (!video) throw new PlatformError("INVALID_MEDIA", `TikTok video ${videoId} is not one of the account's videos`);
    return {
      platformMediaId: videoId,
      counts: {
        impressions: null,
        reach: null,
        likes: count(video.like_count),
        comments: count(video.comment_count),
        saves: null,
        shares: count(video.share_count),
        views: count(video.view_count),
      },
    };
  }

  /** TikTok rotates refresh tokens: the answer carries a new one, which replaces the old. */
  async refreshAccessToken(_account: AccountRef, refreshToken: string | null): Promise<TokenSet> {
    if (!refreshToken) throw new PlatformError("PERMISSION", "TikTok needs a refresh token to renew access");
    if (!this.settings.clientId || !this.settings.clientSecret) throw new PlatformError("PERMISSION", "TikTok app credentials are not configured");
    const response = await platformRequest(
      `${this.settings.oauthBaseUrl}/v2/oauth/token/`,
      formBody({
        client_key: this.settings.clientId,
        client_secret: this.settings.clientSecret,
        grant_type: "refresh_token",
        refresh_token: refreshToken,
      }),
      this.http,
      // TikTok rotates refresh tokens: a refresh whose answer was lost may have spent the token, so only an answered 5xx/429 is retried.
      "answered",
    );
    const body = response.body as { access_token?: string; refresh_token?: string; expires_in?: number; error?: unknown };
    if (response.status !== 200 || !body?.access_token) failure(response, classifyTikTok, "TikTok");
    return { accessToken: body.access_token, refreshToken: body.refresh_token ?? null, expiresAt: expiry(body.expires_in) };
  }
}

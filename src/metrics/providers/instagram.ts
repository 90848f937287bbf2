// Instagram Graph API (Instagram Login): media insights. Never asks for metrics deprecated since v22
// (impressions, plays, video_views), so a code 100 always means a bad media id; impressions stay null.
import type { PlatformSettings } from "../../config.js";
import { classifyGraph, failure } from "./classify.js";
import { platformRequest, type HttpPolicy } from "./http.js";
import { PlatformError, count, type AccountRef, type FetchedMetrics, type MediaRef, type MetricsProvider, type TokenSet } from "./provider.js";

const METRICS = ["views", "reach", "saved", "likes", "comments", "shares"];
const MEDIA_LIST_PAGES = 10;

interface InsightsBody {
  data?: { name: string; values?: { value?: unknown }[]; total_value?: { value?: unknown } }[];
}

interface MediaListBody {
  data?: { id: string; shortcode?: string; permalink?: string }[];
  paging?: { next?: string };
}

export class InstagramProvider implements MetricsProvider {
  readonly platform = "INSTAGRAM" as const;
  readonly mode = "real" as const;
  readonly renewal = "extend-access-token" as const;

  constructor(
    private readonly settings: PlatformSettings,
    private readonly http: HttpPolicy,
  ) {}

  private get(path: string, accessToken: string, query: Record<string, string> = {}) {
    const url = new URL(`${this.settings.apiBaseUrl}${path}`);
    for (const [key, value] of Object.entries({ ...query, access_token: accessToken })) url.searchParams.set(key, value);
    return platformRequest(url.toString(), { method: "GET" }, this.http);
  }

  /** A shortcode from a URL is not a Graph media id: find the account's media with that shortcode. */
  private async resolveMediaId(account: AccountRef, media: MediaRef): Promise<string> {
    if (media.platformMediaId) return media.platformMediaId;
    let response = await this.get(`/${encodeURIComponent(account.externalAccountId)}/media`, account.accessToken, {
      fields: "id,shortcode,permalink",
      limit: "100",
    });
    for (let page = 0; page < MEDIA_LIST_PAGES; page++) {
      if (response.status !== 200) failure(response, classifyGraph, "Instagram");
      const body = response.body as MediaListBody;
      const match = body.data?.find(
        (item) => item.shortcode === media.externalMediaId || item.permalink?.includes(`/${media.externalMediaId}/`),
      );
      if (match) return match.id;
      if (!body.paging?.next) break;
      response = await platformRequest(body.paging.next, { method: "GET" }, this.http);
    }
    throw new PlatformError("INVALID_MEDIA", `Instagram account ${account.externalAccountId} has no media ${media.externalMediaId}`);
  }

  async fetchMetrics(account: AccountRef, media: MediaRef): Promise<FetchedMetrics> {
    const platformMediaId = await this.resolveMediaId(account, media);
    const response = await this.get(`/${encodeURIComponent(platformMediaId)}/insights`, account.accessToken, { metric: METRICS.join(",") });
    if (response.status !== 200) failure(response, classifyGraph, "Instagram");
    const values = new Map((response.body as InsightsBody).data?.map((item) => [item.name, count(item.values?.[0]?.value ?? item.total_value?.value)]));
    return {
      platformMediaId,
      counts: {
        impressions: null,
        reach: values.get("reach") ?? null,
        likes: values.get("likes") ?? null,
        comments: values.get("comments") ?? null,
        saves: values.get("saved") ?? null,
        shares: values.get("shares") ?? null,
        views: values.get("views") ?? null,
      },
    };
  }

  /** Long-lived Instagram tokens are refreshed with themselves (`ig_refresh_token`); there is no separate refresh token. */
  async refreshAccessToken(account: AccountRef): Promise<TokenSet> {
    const url = new URL(`${this.settings.oauthBaseUrl}/refresh_access_token`);
    url.searchParams.set("grant_type", "ig_refresh_token");
    url.searchParams.set("access_token", account.accessToken);
    const response = await platformRequest(url.toString(), { method: "GET" }, this.http);
    if (response.status !== 200) failure(response, classifyGraph, "Instagram");
    const body = response.body as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new PlatformError("UNKNOWN", "Instagram token refresh answered without a token");
    return { accessToken: body.access_token, refreshToken: null, expiresAt: expiry(body.expires_in) };
  }
}

export function expiry(expiresInSeconds: unknown): Date | null {
  return typeof expiresInSeconds === "number" && expiresInSeconds > 0 ? new Date(Date.now() + expiresInSeconds * 1000) : null;
}

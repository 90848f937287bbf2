// Facebook Graph API: page post insights (impressions, reach) and the post's reaction, comment and share counts.
import type { PlatformSettings } from "../../config.js";
import { classifyGraph, failure } from "./classify.js";
import { platformRequest, type HttpPolicy } from "./http.js";
import { expiry } from "./instagram.js";
import { PlatformError, count, type AccountRef, type FetchedMetrics, type MediaRef, type MetricsProvider, type TokenSet } from "./provider.js";

interface InsightsBody {
  data?: { name: string; values?: { value?: unknown }[] }[];
}

interface PostBody {
  id?: string;
  reactions?: { summary?: { total_count?: unknown } };
  comments?: { summary?: { total_count?: unknown } };
  shares?: { count?: unknown };
}

export class FacebookProvider implements MetricsProvider {
  readonly platform = "FACEBOOK" as const;
  readonly mode = "real" as const;
  readonly renewal = "extend-access-token" as const;

  constructor(
    private readonly settings: PlatformSettings,
    private readonly http: HttpPolicy,
  ) {}

  private get(path: string, accessToken: string, query: Record<string, string>) {
    const url = new URL(`${this.settings.apiBaseUrl}${path}`);
    for (const [key, value] of Object.entries({ ...query, access_token: accessToken })) url.searchParams.set(key, value);
    return platformRequest(url.toString(), { method: "GET" }, this.http);
  }

  /** Graph addresses a page post as `<page id>_<post id>`; a URL carries only the post id. */
  private postId(account: AccountRef, media: MediaRef): string {
    if (media.platformMediaId) return media.platformMediaId;
    const id = media.externalMediaId;
    return /^\d+$/.test(id) && account.kind === "PAGE" ? `${account.externalAccountId}_${id}` : id;
  }

  async fetchMetrics(account: AccountRef, media: MediaRef): Promise<FetchedMetrics> {
    const postId = this.postId(account, media);
    const path = `/${encodeURIComponent(postId)}`;
    const post = await this.get(path, account.accessToken, {
      fields: "id,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares",
    });
    if (post.status !== 200) failure(post, classifyGraph, "Facebook");
    const insights = await this.get(`${path}/insights`, account.accessToken, { metric: "post_impressions,post_impressions_unique" });
    if (insights.status !== 200) failure(insights, classifyGraph, "Facebook");
    const values = new Map((insights.body as InsightsBody).data?.map((item) => [item.name, count(item.values?.[0]?.value)]));
    const body = post.body as PostBody;
    return {
      platformMediaId: body.id ?? postId,
      counts: {
        impressions: values.get("post_impressions") ?? null,
        reach: values.get("post_impressions_unique") ?? null,
        likes: count(body.reactions?.summary?.total_count),
        comments: count(body.comments?.summary?.total_count),
        saves: null,
        shares: count(body.shares?.count) ?? 0,
        views: null,
      },
    };
  }

  /** Facebook has no refresh tokens: a still-valid token is exchanged for a new long-lived one. */
  async refreshAccessToken(account: AccountRef): Promise<TokenSet> {
    if (!this.settings.clientId || !this.settings.clientSecret) throw new PlatformError("PERMISSION", "Facebook app credentials are not configured");
    const url = new URL(`${this.settings.oauthBaseUrl}/oauth/access_token`);
    url.searchParams.set("grant_type", "fb_exchange_token");
    url.searchParams.set("client_id", this.settings.clientId);
    url.searchParams.set("client_secret", this.settings.clientSecret);
    url.searchParams.set("fb_exchange_token", account.accessToken);
    const response = await platformRequest(url.toString(), { method: "GET" }, this.http);
    if (response.status !== 200) failure(response, classifyGraph, "Facebook");
    const body = response.body as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new PlatformError("UNKNOWN", "Facebook token exchange answered without a token");
    return { accessToken: body.access_token, refreshToken: null, expiresAt: expiry(body.expires_in) };
  }
}

// The platform side of a connect flow: the authorization URL, the code exchange (with the PKCE verifier where
// the platform requires it), the long-lived token exchange of Meta's platforms, and the account's id and name.
// Each platform as it documents it; docs/social-connections.md has the flows side by side.
import type { PlatformSettings } from "../config.js";
import type { PlatformName } from "../platforms/platforms.js";
import { OAUTH_FACTS } from "../platforms/oauth.js";
import { classifyGoogle, classifyGraph, classifyTikTok, failure } from "../metrics/providers/classify.js";
import { formBody, platformRequest, type HttpPolicy, type PlatformResponse } from "../metrics/providers/http.js";
import { expiry } from "../metrics/providers/instagram.js";
import { PlatformError } from "../metrics/providers/provider.js";

/** One account the platform let the user connect, with its tokens. */
export interface GrantedAccount {
  externalAccountId: string;
  username: string | null;
  kind: "USER" | "PAGE" | "CHANNEL";
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
}

export interface ExchangeRequest {
  settings: PlatformSettings;
  http: HttpPolicy;
  code: string;
  /** The callback URL the authorization request named: platforms refuse an exchange that does not repeat it. */
  callbackUrl: string;
  codeVerifier: string | null;
}

/** The authorization dialog's URL for one flow. */
export function authorizationUrl(platform: PlatformName, settings: PlatformSettings, callbackUrl: string, state: string, codeChallenge: string | null): string {
  const facts = OAUTH_FACTS[platform];
  const url = new URL(settings.authorizeUrl);
  url.searchParams.set(facts.clientIdParam, settings.clientId!);
  url.searchParams.set("redirect_uri", callbackUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", facts.scopes.join(facts.scopeSeparator));
  url.searchParams.set("state", state);
  for (const [key, value] of Object.entries(facts.extraAuthorizeParams)) url.searchParams.set(key, value);
  if (codeChallenge) {
    url.searchParams.set("code_challenge", codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  return url.toString();
}

/** Exchanges the code and reads who the user is on the platform. Throws PlatformError. */
export function exchangeCode(platform: PlatformName, request: ExchangeRequest): Promise<GrantedAccount[]> {
  switch (platform) {
    case "INSTAGRAM":
      return instagram(request);
    case "FACEBOOK":
      return facebook(request);
    case "TIKTOK":
      return tiktok(request);
    case "YOUTUBE":
      return youtube(request);
  }
}

const withQuery = (base: string, query: Record<string, string>): string => {
  const url = new URL(base);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
};

const GET = { method: "GET" } as const;
const bearer = (token: string): RequestInit => ({ method: "GET", headers: { authorization: `Bearer ${token}` } });

/** An authorization code is single use: its exchange is retried only when the platform answered 5xx or 429. */
function exchange(url: string, init: RequestInit, http: HttpPolicy): Promise<PlatformResponse> {
  return platformRequest(url, init, http, "answered");
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : null;
}

// Instagram API with Instagram Login ----------------------------------------------------------------------

async function instagram({ settings, http, code, callbackUrl }: ExchangeRequest): Promise<GrantedAccount[]> {
  const short = await exchange(
    settings.tokenUrl,
    formBody({ client_id: settings.clientId!, client_secret: settings.clientSecret!, grant_type: "authorization_code", redirect_uri: callbackUrl, code }),
    http,
  );
  // Documented both bare and wrapped in `data: [...]`.
  type Short = { access_token?: string; user_id?: unknown };
  const shortBody = short.body as (Short & { data?: Short[] }) | null;
  const shortToken = shortBody?.data?.[0]?.access_token ?? shortBody?.access_token;
  if (short.status !== 200 || !shortToken) failure(short, classifyGraph, "Instagram");

  const long = await platformRequest(
    withQuery(`${settings.oauthBaseUrl}/access_token`, { grant_type: "ig_exchange_token", client_secret: settings.clientSecret!, access_token: shortToken }),
    GET,
    http,
  );
  const longBody = long.body as { access_token?: string; expires_in?: number } | null;
  if (long.status !== 200 || !longBody?.access_token) failure(long, classifyGraph, "Instagram");

  const me = await platformRequest(withQuery(`${settings.apiBaseUrl}/me`, { fields: "user_id,username", access_token: longBody.access_token }), GET, http);
  const meBody = me.body as { user_id?: unknown; id?: unknown; username?: unknown } | null;
  // `user_id` is the professional account's id, the one the media and insights endpoints take.
  const id = text(meBody?.user_id) ?? text(meBody?.id);
  if (me.status !== 200 || !id) failure(me, classifyGraph, "Instagram");
  return [{ externalAccountId: id, username: text(meBody?.username), kind: "USER", accessToken: longBody.access_token, refreshToken: null, expiresAt: expiry(longBody.expires_in) }];
}

// Facebook Login: pages ----------------------------------------------------------------------------------

async function facebook({ settings, http, code, callbackUrl }: ExchangeRequest): Promise<GrantedAccount[]> {
  const short = await exchange(
    withQuery(settings.tokenUrl, { client_id: settings.clientId!, client_secret: settings.clientSecret!, redirect_uri: callbackUrl, code }),
    GET,
    http,
  );
  const shortToken = (short.body as { access_token?: string } | null)?.access_token;
  if (short.status !== 200 || !shortToken) failure(short, classifyGraph, "Facebook");

  const long = await platformRequest(
    withQuery(`${settings.oauthBaseUrl}/oauth/access_token`, {
      grant_type: "fb_exchange_token",
      client_id: settings.clientId!,
      client_secret: settings.clientSecret!,
      fb_exchange_token: shortToken,
    }),
    GET,
    http,
  );
  const longToken = (long.body as { access_token?: string } | null)?.access_token;
  if (long.status !== 200 || !longToken) failure(long, classifyGraph, "Facebook");

  // Page tokens got with a long-lived user token do not expire.
  const pages = await platformRequest(withQuery(`${settings.apiBaseUrl}/me/accounts`, { fields: "id,name,access_token", limit: "100", access_token: longToken }), GET, http);
  if (pages.status !== 200) failure(pages, classifyGraph, "Facebook");
  const data = (pages.body as { data?: { id?: unknown; name?: unknown; access_token?: unknown }[] } | null)?.data ?? [];
  return data.flatMap((page) => {
    const id = text(page.id);
    const token = text(page.access_token);
    return id && token ? [{ externalAccountId: id, username: text(page.name), kind: "PAGE" as const, accessToken: token, refreshToken: null, expiresAt: null }] : [];
  });
}

// TikTok Login Kit v2 ------------------------------------------------------------------------------------

async function tiktok({ settings, http, code, callbackUrl, codeVerifier }: ExchangeRequest): Promise<GrantedAccount[]> {
  const token = await exchange(
    settings.tokenUrl,
    formBody({
      client_key: settings.clientId!,
      client_secret: settings.clientSecret!,
      code,
      grant_type: "authorization_code",
      redirect_uri: callbackUrl,
      code_verifier: codeVerifier ?? "",
    }),
    http,
  );
  const body = token.body as { access_token?: string; refresh_token?: string; expires_in?: number; open_id?: string; error?: unknown } | null;
  if (token.status !== 200 || !body?.access_token || body.error) failure(token, classifyTikTok, "TikTok");

  const info = await platformRequest(`${settings.apiBaseUrl}/v2/user/info/?fields=open_id,display_name`, bearer(body.access_token), http);
  const infoBody = info.body as { data?: { user?: { open_id?: unknown; display_name?: unknown } }; error?: { code?: string } } | null;
  const openId = text(infoBody?.data?.user?.open_id) ?? text(body.open_id);
  if (info.status !== 200 || (infoBody?.error?.code && infoBody.error.code !== "ok") || !openId) failure(info, classifyTikTok, "TikTok");
  return [
    {
      externalAccountId: openId,
      username: text(infoBody?.data?.user?.display_name),
      kind: "USER",
      accessToken: body.access_token,
      refreshToken: body.refresh_token ?? null,
      expiresAt: expiry(body.expires_in),
    },
  ];
}

// Google OAuth 2.0 for YouTube ---------------------------------------------------------------------------

async function youtube({ settings, http, code, callbackUrl, codeVerifier }: ExchangeRequest): Promise<GrantedAccount[]> {
  const token = await exchange(
    settings.tokenUrl,
    formBody({
      client_id: settings.clientId!,
      client_secret: settings.clientSecret!,
      code,
      grant_type: "authorization_code",
      redirect_uri: callbackUrl,
      code_verifier: codeVerifier ?? "",
    }),
    http,
  );
  const body = token.body as { access_token?: string; refresh_token?: string; expires_in?: number } | null;
  if (token.status !== 200 || !body?.access_token) failure(token, classifyGoogle, "YouTube");

  const channels = await platformRequest(withQuery(`${settings.apiBaseUrl}/channels`, { part: "snippet", mine: "true" }), bearer(body.access_token), http);
  if (channels.status !== 200) failure(channels, classifyGoogle, "YouTube");
  const items = (channels.body as { items?: { id?: unknown; snippet?: { title?: unknown; customUrl?: unknown } }[] } | null)?.items ?? [];
  return items.flatMap((channel) => {
    const id = text(channel.id);
    return id
      ? [
          {
            externalAccountId: id,
            username: text(channel.snippet?.customUrl) ?? text(channel.snippet?.title),
            kind: "CHANNEL" as const,
            accessToken: body.access_token!,
            refreshToken: body.refresh_token ?? null,
            expiresAt: expiry(body.expires_in),
          },
        ]
      : [];
  });
}

/** Whether a thrown error is a platform's refusal (as opposed to a bug). */
export const isPlatformError = (error: unknown): error is PlatformError => error instanceof PlatformError;

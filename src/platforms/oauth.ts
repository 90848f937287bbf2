// How each platform hands out tokens (docs/social-connections.md): its authorization dialog, its code
// exchange, the scopes we ask for and whether it needs PKCE. The configuration's defaults (src/config.ts)
// and the connect flow (src/connections/) read these; plain constants, like src/platforms/platforms.ts.
import type { PlatformName } from "./platforms.js";

export interface OAuthFacts {
  /** The authorization dialog the user's browser is sent to (`<PLATFORM>_AUTHORIZE_URL` overrides it). */
  authorizeUrl: string;
  /** Where the authorization code is exchanged (`<PLATFORM>_TOKEN_URL` overrides it). */
  tokenUrl: string;
  /** The query parameter that carries the app's id: TikTok calls it `client_key`. */
  clientIdParam: "client_id" | "client_key";
  /** The least each platform needs for the metrics we read (src/metrics/providers/). */
  scopes: readonly string[];
  /** Meta and TikTok separate scopes with commas, Google with spaces (RFC 6749). */
  scopeSeparator: "," | " ";
  /** Sends an S256 code challenge and the verifier with the code: TikTok and Google require it for our flow. */
  pkce: boolean;
  /** Extra authorization parameters. */
  extraAuthorizeParams: Readonly<Record<string, string>>;
}

export const OAUTH_FACTS: Record<PlatformName, OAuthFacts> = {
  // Instagram API with Instagram Login ("Business Login for Instagram"): the code gives a short-lived
  // token at api.instagram.com, traded for a 60-day one (ig_exchange_token) at graph.instagram.com.
  INSTAGRAM: {
    authorizeUrl: "https://www.instagram.com/oauth/authorize",
    tokenUrl: "https://api.instagram.com/oauth/access_token",
    clientIdParam: "client_id",
    scopes: ["instagram_business_basic", "instagram_business_manage_insights"],
    scopeSeparator: ",",
    pkce: false,
    extraAuthorizeParams: {},
  },
  // Facebook Login: a user token, made long-lived (fb_exchange_token), then the pages it manages
  // (/me/accounts), whose page tokens read page post insights.
  FACEBOOK: {
    authorizeUrl: "https://www.facebook.com/v23.0/dialog/oauth",
    tokenUrl: "https://graph.facebook.com/v23.0/oauth/access_token",
    clientIdParam: "client_id",
    scopes: ["pages_show_list", "pages_read_engagement", "read_insights"],
    scopeSeparator: ",",
    pkce: false,
    extraAuthorizeParams: {},
  },
  // TikTok Login Kit v2: PKCE required; the user's open_id and display name from /v2/user/info/.
  TIKTOK: {
    authorizeUrl: "https://www.tiktok.com/v2/auth/authorize/",
    tokenUrl: "https://open.tiktokapis.com/v2/oauth/token/",
    clientIdParam: "client_key",
    scopes: ["user.info.basic", "video.list"],
    scopeSeparator: ",",
    pkce: true,
    extraAuthorizeParams: {},
  },
  // Google OAuth 2.0 for web servers: a refresh token only with access_type=offline (and prompt=consent,
  // so that a user who consented before gets one again); the channel from channels?mine=true.
  YOUTUBE: {
    authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    clientIdParam: "client_id",
    scopes: ["https://www.googleapis.com/auth/youtube.readonly"],
    scopeSeparator: " ",
    pkce: true,
    extraAuthorizeParams: { access_type: "offline", prompt: "consent" },
  },
};

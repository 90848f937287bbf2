// A local stand-in for the four platforms' HTTP APIs (docs/decisions.md, "Platforms, metrics, failure reasons"), started by the tests on 127.0.0.1. It
// answers in each platform's real format, errors included, and records every request it gets, so tests can
// check both what the providers made of the answers and what they asked for.
//
// Routes, under one base URL (point each platform's apiBaseUrl / oauthBaseUrl at `platformSettings()`):
//   /instagram  Instagram Graph API (Instagram Login): /{ig-user-id}/media, /{media-id}/insights, /refresh_access_token
//   /facebook   Facebook Graph API: /{post-id}, /{post-id}/insights, /oauth/access_token
//   /tiktok     TikTok Display API: POST /v2/video/query/, POST /v2/oauth/token/
//   /youtube    YouTube Data API v3: /videos?part=statistics
//   /google     Google OAuth 2.0: POST /token
//   /tiktok-short/{code}  what vm.tiktok.com answers: a 301 to the video's page (see routeTikTokShortLinks)
//
// The connect flows (OAuth) too, each as its platform documents it (see "OAuth" below): the authorization
// dialogs (which answer at once for the user `signInAs` named, or deny with `denyNextConsent`), the code
// exchanges (client id and secret, redirect_uri, single-use code, PKCE S256 verifier), Meta's long-lived
// exchanges and the account lookups (Instagram /me, Facebook /me/accounts, TikTok /v2/user/info/, YouTube
// /channels?mine=true).
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { asc, eq } from "drizzle-orm";
import type { Config, PlatformSettings } from "../../src/config.js";
import type { MetricCounts } from "../../src/metrics/providers/provider.js";
import { ingestionAttempts, metricsSnapshots, socialAccounts, submissions } from "../../schema/tables.js";
import { connectAccount, join, review, signUp, submit, type Actor } from "./factories.js";
import type { TestServer } from "./server.js";

export type FakePlatform = "instagram" | "facebook" | "tiktok" | "youtube" | "google" | "tiktok-short";

export interface RecordedRequest {
  platform: FakePlatform | "unknown";
  method: string;
  /** The path below the platform's prefix, e.g. `/17841400000000001/media`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON or form body (as an object), the raw text otherwise, null when empty. */
  body: unknown;
}

export interface CannedResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (headers included): the provider's timeout should fire first. */
  delayMs?: number;
  /** Cut the connection instead of answering (a dropped connection; `status` and `body` are not used). */
  dropConnection?: boolean;
}

interface Override {
  platform: FakePlatform;
  path: RegExp | undefined;
  response: CannedResponse;
  remaining: number;
}

export interface InstagramMedia {
  id: string;
  shortcode: string;
  /** Insights values, reported as is (missing ones are left out of the answer). */
  views?: number;
  reach?: number;
  saved?: number;
  likes?: number;
  comments?: number;
  shares?: number;
}

export interface FacebookPost {
  reactions: number;
  comments: number;
  /** Graph leaves `shares` out of the answer when a post was never shared. */
  shares?: number;
  impressions: number;
  impressionsUnique: number;
}

export interface TikTokVideo {
  view_count: number;
  like_count: number;
  comment_count: number;
  share_count: number;
}

export interface YouTubeVideo {
  viewCount: number;
  likeCount: number;
  commentCount: number;
}

const fbtraceId = () => randomBytes(8).toString("base64url");
const logId = () => `2024${randomBytes(10).toString("hex").toUpperCase()}`;

/** Error bodies exactly as each platform sends them. */
export const platformErrors = {
  /** Meta Graph API (Instagram and Facebook). */
  graph(code: number, options: { status?: number; subcode?: number; message?: string; type?: string } = {}): CannedResponse {
    const messages: Record<number, string> = {
      4: "(#4) Application request limit reached",
      17: "(#17) User request limit reached",
      32: "(#32) Page request limit reached",
      613: "(#613) Calls to this api have exceeded the rate limit.",
      80001: "(#80001) There have been too many calls to this Page account. Wait a bit and try again.",
      80002: "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.",
      190: "Error validating access token: Session has expired on Tuesday, 02-Apr-24 10:00:00 PDT.",
      100: "Unsupported get request. Object with ID '0' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
    };
    return {
      // Graph answers nearly every error with a 400: only the body tells a rate limit from a bad token.
      status: options.status ?? 400,
      headers: code === 190 ? { "www-authenticate": 'OAuth "Facebook Platform" "invalid_token" "Error validating access token"' } : {},
      body: {
        error: {
          message: options.message ?? messages[code] ?? `(#${code}) An error occurred`,
          type: options.type ?? (code === 100 ? "GraphMethodException" : "OAuthException"),
          code,
          ...(options.subcode !== undefined ? { error_subcode: options.subcode } : code === 100 ? { error_subcode: 33 } : code === 190 ? { error_subcode: 463 } : {}),
          fbtrace_id: fbtraceId(),
        },
      },
    };
  },
  /** A bare HTTP 429, as a gateway in front of any platform sends it. */
  tooManyRequests(retryAfterSeconds?: number): CannedResponse {
    return {
      status: 429,
      headers: { "content-type": "text/plain", ...(retryAfterSeconds !== undefined ? { "retry-after": String(retryAfterSeconds) } : {}) },
      body: "Too Many Requests",
    };
  },
  /** TikTok's Display API: `{ data: {}, error: { code, message, log_id } }`. */
  tiktok(code: "rate_limit_exceeded" | "access_token_invalid" | "scope_not_authorized" | "invalid_params" | "internal_error"): CannedResponse {
    const details = {
      rate_limit_exceeded: [429, "Your request is blocked due to exceeding the API rate limit."],
      access_token_invalid: [401, "The access token is invalid or not found in the request."],
      scope_not_authorized: [401, "The user did not authorize the scope required for completing this request."],
      invalid_params: [400, "The request parameters are invalid."],
      internal_error: [500, "There was an internal error."],
    } as const;
    const [status, message] = details[code];
    return { status, body: { data: {}, error: { code, message, log_id: logId() } } };
  },
  /** Google APIs: `{ error: { code, message, errors: [{ message, domain, reason }], status } }`. */
  google(status: number, reason: string, domain = "youtube.quota", message?: string): CannedResponse {
    const text =
      message ??
      (reason === "quotaExceeded"
        ? 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.'
        : reason === "authError"
          ? "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."
          : reason);
    const statusName: Record<number, string> = { 400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED" };
    return {
      status,
      headers: status === 401 ? { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } : {},
      body: {
        error: {
          code: status,
          message: text,
          errors: [{ message: text, domain, reason, ...(reason === "authError" ? { location: "Authorization", locationType: "header" } : {}) }],
          ...(statusName[status] ? { status: statusName[status] } : {}),
        },
      },
    };
  },
  /** An OAuth token endpoint refusing a refresh token (RFC 6749 §5.2; TikTok adds a log_id). */
  oauth(error = "invalid_grant", description = "Token has been expired or revoked."): CannedResponse {
    return { status: 400, body: { error, error_description: description } };
  },
  /** A load balancer's HTML error page. */
  html(status = 502): CannedResponse {
    return { status, headers: { "content-type": "text/html" }, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" };
  },
};

/** The platforms whose authorization dialogs the fake serves (YouTube's is Google's). */
export type OAuthPlatform = "instagram" | "facebook" | "tiktok" | "google";

/** A user signed in at a fake platform: the id the platform knows them by, their name, their Facebook pages. */
export interface FakeIdentity {
  id: string;
  name: string;
  pages?: { id: string; name: string }[];
}

export interface AuthorizationCode {
  platform: OAuthPlatform;
  identity: FakeIdentity;
  redirectUri: string;
  codeChallenge: string | null;
  scope: string;
  used: boolean;
}

/** The token endpoints hand out these, numbered. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string | null;
}

export class FakePlatforms {
  /** Every request received since the last reset(), oldest first. */
  readonly requests: RecordedRequest[] = [];
  /** Every request received since start, whatever reset() did. */
  readonly history: RecordedRequest[] = [];

  /** Instagram media per Instagram user id, in the order the media list pages them. */
  readonly instagramMedia = new Map<string, InstagramMedia[]>();
  /** At most this many media per page of the media list, whatever `limit` asks (forces paging in tests). */
  instagramPageSize = 2;
  /** Facebook posts by Graph id (`<page id>_<post id>` for page posts). */
  readonly facebookPosts = new Map<string, FacebookPost>();
  /** TikTok videos by video id, with the open_id of the user who owns each. */
  readonly tiktokVideos = new Map<string, TikTokVideo & { owner: string }>();
  /** vm.tiktok.com codes and where they redirect. */
  readonly tiktokShortLinks = new Map<string, string>();
  readonly youtubeVideos = new Map<string, YouTubeVideo>();

  /** Access tokens each platform accepts, and the TikTok open_id each one belongs to (others get the invalid-token error). */
  readonly accessTokens = new Map<string, { platform: FakePlatform; owner?: string }>();
  /** Refresh tokens the token endpoints accept (TikTok: single use, it rotates them). */
  readonly refreshTokens = new Map<string, { platform: FakePlatform; owner?: string }>();
  /** Tokens the token endpoints handed out, in order. */
  readonly issued: (IssuedTokens & { platform: FakePlatform })[] = [];

  private overrides: Override[] = [];
  private issuedCount = 0;
  /** Who is signed in at each platform's authorization dialog. */
  private readonly signedIn = new Map<OAuthPlatform, FakeIdentity>();
  private readonly denyConsent = new Set<OAuthPlatform>();
  /** Authorization codes handed out, by code. */
  readonly codes = new Map<string, AuthorizationCode>();
  /** Who owns each token handed out by a code exchange (for the account lookups). */
  private readonly tokenIdentity = new Map<string, FakeIdentity>();

  private constructor(readonly url: string, private readonly close_: () => Promise<void>) {}

  /** On 127.0.0.1, at `port` (0: any free one). */
  static async start(port = 0): Promise<FakePlatforms> {
    let fake: FakePlatforms | undefined;
    const server = createServer((request, response) => {
      fake!.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    const address = server.address() as AddressInfo;
    fake = new FakePlatforms(`http://127.0.0.1:${address.port}`, async () => {
      server.closeAllConnections(); // slow answers still pending
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    return fake;
  }

  close(): Promise<void> {
    return this.close_();
  }

  /** The settings that point every platform's real provider at this server. */
  platformSettings(requestsPerMinute = 600_000): Config["platforms"] {
    const settings = (api: string, oauth: string, authorize: string, token: string): PlatformSettings => ({
      mode: "real",
      apiBaseUrl: `${this.url}${api}`,
      oauthBaseUrl: `${this.url}${oauth}`,
      authorizeUrl: `${this.url}${authorize}`,
      tokenUrl: `${this.url}${token}`,
      clientId: "client-id",
      clientSecret: "client-secret",
      requestsPerMinute,
    });
    return {
      INSTAGRAM: settings("/instagram", "/instagram", "/instagram/oauth/authorize", "/instagram/oauth/access_token"),
      FACEBOOK: settings("/facebook", "/facebook", "/facebook/dialog/oauth", "/facebook/oauth/access_token"),
      TIKTOK: settings("/tiktok", "/tiktok", "/tiktok/v2/auth/authorize/", "/tiktok/v2/oauth/token/"),
      YOUTUBE: settings("/youtube", "/google", "/google/o/oauth2/v2/auth", "/google/token"),
    };
  }

  /**
   * The next `times` requests to `platform` (whose path matches, when given) get `response` instead of
   * the normal answer. The latest registered override wins.
   */
  fail(platform: FakePlatform, response: CannedResponse, options: { path?: RegExp; times?: number } = {}): void {
    this.overrides.unshift({ platform, path: options.path, response, remaining: options.times ?? 1 });
  }

  /** Drops pending overrides and the request log (data and tokens stay). */
  reset(): void {
    this.overrides = [];
    this.requests.length = 0;
  }

  /** Requests to one platform, optionally only those whose path matches. */
  requestsTo(platform: FakePlatform, path?: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.platform === platform && (!path || path.test(request.path)));
  }

  allowToken(platform: FakePlatform, accessToken: string, owner?: string): void {
    this.accessTokens.set(accessToken, { platform, owner });
  }

  allowRefreshToken(platform: FakePlatform, refreshToken: string, owner?: string): void {
    this.refreshTokens.set(refreshToken, { platform, owner });
  }

  private validToken(platform: FakePlatform, token: string | undefined): { owner?: string } | undefined {
    const entry = token ? this.accessTokens.get(token) : undefined;
    return entry?.platform === platform ? entry : undefined;
  }

  private issue(platform: FakePlatform, rotateRefreshToken: boolean, owner?: string): IssuedTokens {
    const n = ++this.issuedCount;
    const tokens = { accessToken: `${platform}-access-rotated-${n}`, refreshToken: rotateRefreshToken ? `${platform}-refresh-rotated-${n}` : null };
    this.allowToken(platform, tokens.accessToken, owner);
    if (tokens.refreshToken) this.allowRefreshToken(platform, tokens.refreshToken, owner);
    this.issued.push({ platform, ...tokens });
    return tokens;
  }

  // OAuth: the connect flows ---------------------------------------------------------------------------

  /** A new user of `platform`, with ids shaped like the platform's (and one page on Facebook). */
  newIdentity(platform: OAuthPlatform): FakeIdentity {
    switch (platform) {
      case "instagram":
        return { id: `1784${digits(13)}`, name: `creator.${b62(6).toLowerCase()}` };
      case "facebook":
        return { id: digits(16), name: `Creator ${b62(4)}`, pages: [{ id: digits(15), name: `Creator Page ${b62(4)}` }] };
      case "tiktok":
        return { id: `-000${b62(30)}`, name: `Creator ${b62(4)}` };
      case "google":
        return { id: `UC${b62(22)}`, name: `@creator${b62(6).toLowerCase()}` };
    }
  }

  /** From now on the platform's authorization dialog answers for this user. */
  signInAs(platform: OAuthPlatform, identity: FakeIdentity): FakeIdentity {
    this.signedIn.set(platform, identity);
    return identity;
  }

  /** The next authorization on `platform` is refused by the user (`error=access_denied`). */
  denyNextConsent(platform: OAuthPlatform): void {
    this.denyConsent.add(platform);
  }

  private oauth(request: RecordedRequest): CannedResponse | undefined {
    const { platform, path, method } = request;
    if (platform === "instagram" && path === "/oauth/authorize") return this.authorize("instagram", request);
    if (platform === "facebook" && path === "/dialog/oauth") return this.authorize("facebook", request);
    if (platform === "tiktok" && path === "/v2/auth/authorize/") return this.authorize("tiktok", request);
    if (platform === "google" && path === "/o/oauth2/v2/auth") return this.authorize("google", request);
    if (platform === "instagram" && path === "/oauth/access_token" && method === "POST") return this.instagramCode(request);
    if (platform === "instagram" && path === "/access_token") return this.instagramLongLived(request);
    if (platform === "instagram" && path === "/me") return this.instagramMe(request);
    if (platform === "facebook" && path === "/oauth/access_token" && request.query.code !== undefined) return this.facebookCode(request);
    if (platform === "facebook" && path === "/me/accounts") return this.facebookPages(request);
    if (platform === "tiktok" && path === "/v2/oauth/token/" && (request.body as Record<string, string> | null)?.grant_type === "authorization_code") return this.tiktokCode(request);
    if (platform === "tiktok" && path === "/v2/user/info/") return this.tiktokUserInfo(request);
    if (platform === "google" && path === "/token" && (request.body as Record<string, string> | null)?.grant_type === "authorization_code") return this.googleCode(request);
    if (platform === "youtube" && path === "/channels") return this.youtubeChannels(request);
    return undefined;
  }

  /** The consent dialog, answered at once: a redirect back with a code, or with access_denied. */
  private authorize(platform: OAuthPlatform, request: RecordedRequest): CannedResponse {
    const { query } = request;
    const page = (message: string): CannedResponse => ({ status: 400, headers: { "content-type": "text/html" }, body: `<html><body><h1>Error</h1><p>${message}</p></body></html>` });
    const clientId = platform === "tiktok" ? query.client_key : query.client_id;
    if (clientId !== "client-id") return page(platform === "tiktok" ? "client_key" : "Invalid app ID");
    let redirect: URL;
    try {
      redirect = new URL(query.redirect_uri ?? "");
    } catch {
      return page("redirect_uri");
    }
    if (query.response_type !== "code") return page("response_type");
    if (!query.scope) return page("scope");
    const pkce = platform === "tiktok" || platform === "google";
    if (pkce && (!query.code_challenge || query.code_challenge_method !== "S256")) return page("code_challenge");
    if (this.denyConsent.delete(platform)) {
      const denied: Record<OAuthPlatform, Record<string, string>> = {
        instagram: { error: "access_denied", error_reason: "user_denied", error_description: "Permissions error" },
        facebook: { error: "access_denied", error_code: "200", error_description: "Permissions error", error_reason: "user_denied" },
        tiktok: { error: "access_denied", error_description: "The user denied the request" },
        google: { error: "access_denied" },
      };
      for (const [key, value] of Object.entries(denied[platform])) redirect.searchParams.set(key, value);
    } else {
      const identity = this.signedIn.get(platform) ?? this.newIdentity(platform);
      const code = platform === "google" ? `4/0A${b62(60)}` : platform === "tiktok" ? `${b62(40)}*0!${digits(4)}` : `AQ${b62(80)}`;
      this.codes.set(code, { platform, identity, redirectUri: query.redirect_uri!, codeChallenge: query.code_challenge ?? null, scope: query.scope, used: false });
      redirect.searchParams.set("code", code);
      if (platform === "google") redirect.searchParams.set("scope", query.scope);
    }
    if (query.state !== undefined) redirect.searchParams.set("state", query.state);
    // Instagram appends `#_` to the redirect (a browser drops it on the next request).
    const location = platform === "instagram" ? `${redirect.toString()}#_` : redirect.toString();
    return { status: 302, headers: { location }, body: "" };
  }

  /** A code's checks common to every platform; answers the code's entry, or why it is refused. */
  private redeem(platform: OAuthPlatform, code: string | undefined, redirectUri: string | undefined, verifier?: string): AuthorizationCode | "bad_code" | "redirect_mismatch" | "bad_verifier" {
    const entry = code ? this.codes.get(code) : undefined;
    if (!entry || entry.platform !== platform || entry.used) return "bad_code";
    if (entry.redirectUri !== redirectUri) return "redirect_mismatch";
    if (entry.codeChallenge !== null && createHash("sha256").update(verifier ?? "").digest("base64url") !== entry.codeChallenge) return "bad_verifier";
    entry.used = true;
    return entry;
  }

  private grant(platform: FakePlatform, identity: FakeIdentity, rotate: boolean): IssuedTokens {
    const tokens = this.issue(platform, rotate, identity.id);
    this.tokenIdentity.set(tokens.accessToken, identity);
    return tokens;
  }

  private instagramCode(request: RecordedRequest): CannedResponse {
    const form = (request.body ?? {}) as Record<string, string>;
    // api.instagram.com answers in its own shape, not the Graph API's.
    const refuse = (message: string): CannedResponse => ({ status: 400, body: { error_type: "OAuthException", code: 400, error_message: message } });
    if (form.client_id !== "client-id" || form.client_secret !== "client-secret") return refuse("Invalid platform app");
    if (form.grant_type !== "authorization_code") return refuse("Invalid grant_type");
    const entry = this.redeem("instagram", form.code, form.redirect_uri);
    if (entry === "redirect_mismatch") return refuse("Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request");
    if (typeof entry === "string") return refuse("This authorization code has been used");
    const tokens = this.grant("instagram", entry.identity, false);
    return { status: 200, body: { data: [{ access_token: tokens.accessToken, user_id: entry.identity.id, permissions: entry.scope }] } };
  }

  private instagramLongLived(request: RecordedRequest): CannedResponse {
    const { query } = request;
    if (query.grant_type !== "ig_exchange_token") return platformErrors.graph(100, { message: "Unsupported grant_type", subcode: undefined });
    if (query.client_secret !== "client-secret") return platformErrors.graph(101, { message: "Error validating client secret." });
    const identity = this.validToken("instagram", query.access_token) ? this.tokenIdentity.get(query.access_token!) : undefined;
    if (!identity) return platformErrors.graph(190, { message: "Invalid OAuth access token - Cannot parse access token" });
    const tokens = this.grant("instagram", identity, false);
    return { status: 200, body: { access_token: tokens.accessToken, token_type: "bearer", expires_in: 5_183_944 } };
  }

  private instagramMe(request: RecordedRequest): CannedResponse {
    const identity = this.validToken("instagram", request.query.access_token) ? this.tokenIdentity.get(request.query.access_token!) : undefined;
    if (!identity) return platformErrors.graph(190, { message: "Invalid OAuth access token - Cannot parse access token" });
    return { status: 200, body: { user_id: identity.id, username: identity.name, id: `${digits(16)}` } };
  }

  private facebookCode(request: RecordedRequest): CannedResponse {
    const { query } = request;
    if (query.client_id !== "client-id" || query.client_secret !== "client-secret") {
      return platformErrors.graph(101, { message: "Error validating application. Invalid application ID." });
    }
    const entry = this.redeem("facebook", query.code, query.redirect_uri);
    if (entry === "redirect_mismatch") {
      return platformErrors.graph(100, { message: "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request", subcode: 36008 });
    }
    if (typeof entry === "string") return platformErrors.graph(100, { message: "This authorization code has been used.", subcode: 36009 });
    const tokens = this.grant("facebook", entry.identity, false);
    return { status: 200, body: { access_token: tokens.accessToken, token_type: "bearer", expires_in: 5_183_944 } };
  }

  private facebookPages(request: RecordedRequest): CannedResponse {
    const identity = this.validToken("facebook", request.query.access_token) ? this.tokenIdentity.get(request.query.access_token!) : undefined;
    if (!identity) return platformErrors.graph(190, { message: "Invalid OAuth access token - Cannot parse access token" });
    const data = (identity.pages ?? []).map((page) => {
      const token = `EAAG${b62(40)}`;
      this.allowToken("facebook", token, page.id);
      this.issued.push({ platform: "facebook", accessToken: token, refreshToken: null });
      return { access_token: token, category: "Digital creator", category_list: [{ id: "2700", name: "Digital creator" }], name: page.name, id: page.id, tasks: ["ANALYZE", "ADVERTISE", "MESSAGING", "MODERATE", "CREATE_CONTENT", "MANAGE"] };
    });
    return { status: 200, body: { data, paging: { cursors: { before: "QVFIUk", after: "QVFIUl" } } } };
  }

  private tiktokCode(request: RecordedRequest): CannedResponse {
    const form = (request.body ?? {}) as Record<string, string>;
    const refuse = (status: number, error: string, description: string): CannedResponse => ({ status, body: { error, error_description: description, log_id: logId() } });
    if (form.client_key !== "client-id" || form.client_secret !== "client-secret") return refuse(401, "invalid_client", "Client key or secret is incorrect.");
    const entry = this.redeem("tiktok", form.code, form.redirect_uri, form.code_verifier);
    if (entry === "bad_verifier") return refuse(400, "invalid_request", "Code verifier or code challenge is invalid.");
    if (entry === "redirect_mismatch") return refuse(400, "invalid_request", "Redirect URI is not matched with the one in the authorize request.");
    if (typeof entry === "string") return refuse(400, "invalid_grant", "Authorization code is expired.");
    const tokens = this.grant("tiktok", entry.identity, true);
    return {
      status: 200,
      body: { access_token: tokens.accessToken, expires_in: 86_400, open_id: entry.identity.id, refresh_expires_in: 31_536_000, refresh_token: tokens.refreshToken, scope: entry.scope, token_type: "Bearer" },
    };
  }

  private tiktokUserInfo(request: RecordedRequest): CannedResponse {
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    const identity = this.validToken("tiktok", token) ? this.tokenIdentity.get(token!) : undefined;
    if (!identity) return platformErrors.tiktok("access_token_invalid");
    const fields = (request.query.fields ?? "").split(",");
    const user: Record<string, string> = { open_id: identity.id, union_id: `c9c60f44-${b62(8)}`, display_name: identity.name, avatar_url: "https://p16-sign.tiktokcdn-us.com/avatar.jpeg" };
    return { status: 200, body: { data: { user: Object.fromEntries(fields.filter((field) => field in user).map((field) => [field, user[field]])) }, error: { code: "ok", message: "", log_id: logId() } } };
  }

  private googleCode(request: RecordedRequest): CannedResponse {
    const form = (request.body ?? {}) as Record<string, string>;
    if (form.client_id !== "client-id" || form.client_secret !== "client-secret") return { status: 401, body: { error: "invalid_client", error_description: "Unauthorized" } };
    const entry = this.redeem("google", form.code, form.redirect_uri, form.code_verifier);
    if (entry === "redirect_mismatch") return { status: 400, body: { error: "redirect_uri_mismatch", error_description: "Bad Request" } };
    if (entry === "bad_verifier") return { status: 400, body: { error: "invalid_grant", error_description: "Invalid code verifier." } };
    if (typeof entry === "string") return { status: 400, body: { error: "invalid_grant", error_description: "Bad Request" } };
    const tokens = this.issue("youtube", true, entry.identity.id);
    this.tokenIdentity.set(tokens.accessToken, entry.identity);
    this.refreshTokens.set(tokens.refreshToken!, { platform: "google", owner: entry.identity.id });
    return { status: 200, body: { access_token: tokens.accessToken, expires_in: 3599, refresh_token: tokens.refreshToken, scope: entry.scope, token_type: "Bearer" } };
  }

  private youtubeChannels(request: RecordedRequest): CannedResponse {
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    const identity = this.validToken("youtube", token) ? this.tokenIdentity.get(token!) : undefined;
    if (!identity) return platformErrors.google(401, "authError", "global");
    if (request.query.mine !== "true") return platformErrors.google(400, "missingRequiredParameter", "youtube.parameter", "No filter selected.");
    const items = [{ kind: "youtube#channel", etag: randomBytes(6).toString("base64url"), id: identity.id, snippet: { title: identity.name.replace(/^@/, ""), customUrl: identity.name } }];
    return { status: 200, body: { kind: "youtube#channelListResponse", etag: randomBytes(6).toString("base64url"), pageInfo: { totalResults: 1, resultsPerPage: 5 }, items } };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.url);
    const [, prefix = "", ...rest] = url.pathname.split("/");
    const platform = (["instagram", "facebook", "tiktok", "youtube", "google", "tiktok-short"] as const).find((name) => name === prefix) ?? "unknown";
    const raw = await readBody(request);
    const contentType = String(request.headers["content-type"] ?? "");
    let body: unknown = raw || null;
    if (raw && contentType.includes("application/json")) body = JSON.parse(raw);
    else if (raw && contentType.includes("application/x-www-form-urlencoded")) body = Object.fromEntries(new URLSearchParams(raw));
    const recorded: RecordedRequest = {
      platform,
      method: request.method ?? "GET",
      path: `/${rest.join("/")}`,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers },
      body,
    };
    this.requests.push(recorded);
    this.history.push(recorded);

    const override = this.overrides.find((candidate) => candidate.platform === platform && (!candidate.path || candidate.path.test(recorded.path)));
    let answer: CannedResponse;
    if (override) {
      if (--override.remaining <= 0) this.overrides.splice(this.overrides.indexOf(override), 1);
      answer = override.response;
    } else {
      answer = this.route(recorded);
    }
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer.dropConnection) {
      request.socket.destroy();
      return;
    }
    if (response.destroyed) return;
    const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      "content-type": typeof answer.body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=UTF-8",
      ...answer.headers,
    });
    response.end(text);
  }

  private route(request: RecordedRequest): CannedResponse {
    const oauth = this.oauth(request);
    if (oauth) return oauth;
    switch (request.platform) {
      case "instagram":
        return this.instagram(request);
      case "facebook":
        return this.facebook(request);
      case "tiktok":
        return this.tiktok(request);
      case "tiktok-short":
        return this.tiktokShortLink(request);
      case "youtube":
        return this.youtube(request);
      case "google":
        return this.google(request);
      default:
        return { status: 404, body: "not a fake platform" };
    }
  }

  // Instagram Graph API -------------------------------------------------------------------------------

  private instagram(request: RecordedRequest): CannedResponse {
    const { path, query } = request;
    if (path === "/refresh_access_token") {
      if (query.grant_type !== "ig_refresh_token") return platformErrors.graph(100, { message: "Invalid grant_type", subcode: undefined });
      const entry = this.validToken("instagram", query.access_token);
      if (!entry) return platformErrors.graph(190, { message: "Invalid OAuth access token - Cannot parse access token" });
      const tokens = this.issue("instagram", false, entry.owner);
      return { status: 200, body: { access_token: tokens.accessToken, token_type: "bearer", expires_in: 5_183_944 } };
    }
    if (!this.validToken("instagram", query.access_token)) return platformErrors.graph(190, { message: "Invalid OAuth access token - Cannot parse access token" });

    const mediaList = /^\/(\d+)\/media$/.exec(path);
    if (mediaList && request.method === "GET") {
      const media = this.instagramMedia.get(mediaList[1]!);
      if (!media) return platformErrors.graph(100, { message: `Unsupported get request. Object with ID '${mediaList[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.` });
      const fields = (query.fields ?? "id").split(",");
      const offset = Number(query.after ? Buffer.from(query.after, "base64url").toString() : 0);
      const size = Math.min(this.instagramPageSize, Number(query.limit ?? 25));
      const page = media.slice(offset, offset + size).map((item) => {
        const full: Record<string, string> = { id: item.id, shortcode: item.shortcode, permalink: `https://www.instagram.com/p/${item.shortcode}/` };
        return Object.fromEntries(fields.filter((field) => field in full).map((field) => [field, full[field]]));
      });
      const cursor = (at: number) => Buffer.from(String(at)).toString("base64url");
      const paging: Record<string, unknown> = { cursors: { before: cursor(offset), after: cursor(offset + page.length) } };
      if (offset + size < media.length) {
        const next = new URL(`${this.url}/instagram${path}`);
        for (const [key, value] of Object.entries({ ...query, after: cursor(offset + size) })) next.searchParams.set(key, value);
        paging.next = next.toString();
      }
      return { status: 200, body: { data: page, paging } };
    }

    const insights = /^\/(\d+)\/insights$/.exec(path);
    if (insights && request.method === "GET") {
      const metrics = (query.metric ?? "").split(",").filter(Boolean);
      // Since Graph API v22 these are gone: asking for one fails the whole call with a code 100.
      const deprecated = metrics.find((metric) => ["impressions", "plays", "video_views"].includes(metric));
      if (deprecated) {
        return platformErrors.graph(100, {
          message: `(#100) Starting from version v22.0 and above, the ${deprecated} metric is no longer supported. Please use views instead.`,
          subcode: undefined,
        });
      }
      const media = [...this.instagramMedia.values()].flat().find((item) => item.id === insights[1]);
      if (!media) return platformErrors.graph(100, { message: `Unsupported get request. Object with ID '${insights[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.` });
      const titles: Record<string, string> = { views: "Views", reach: "Accounts reached", saved: "Saved", likes: "Likes", comments: "Comments", shares: "Shares" };
      const data = metrics
        .filter((metric) => media[metric as keyof InstagramMedia] !== undefined)
        .map((metric) => ({
          name: metric,
          period: "lifetime",
          values: [{ value: media[metric as keyof InstagramMedia] }],
          title: titles[metric] ?? metric,
          description: `The number of ${metric} on your post.`,
          id: `${media.id}/insights/${metric}/lifetime`,
        }));
      return { status: 200, body: { data } };
    }
    return platformErrors.graph(100, { message: `Unknown path components: ${path}`, type: "OAuthException", subcode: undefined });
  }

  // Facebook Graph API --------------------------------------------------------------------------------

  private facebook(request: RecordedRequest): CannedResponse {
    const { path, query } = request;
    if (path === "/oauth/access_token") {
      if (query.grant_type !== "fb_exchange_token" || query.client_id !== "client-id" || query.client_secret !== "client-secret") {
        return platformErrors.graph(101, { message: "Error validating application. Invalid application ID.", status: 400 });
      }
      const entry = this.validToken("facebook", query.fb_exchange_token);
      if (!entry) return platformErrors.graph(190, { message: "Invalid OAuth access token - Cannot parse access token" });
      const tokens = this.issue("facebook", false, entry.owner);
      // A user token from a connect flow stays that user's (for /me/accounts).
      const identity = this.tokenIdentity.get(query.fb_exchange_token!);
      if (identity) this.tokenIdentity.set(tokens.accessToken, identity);
      return { status: 200, body: { access_token: tokens.accessToken, token_type: "bearer", expires_in: 5_183_944 } };
    }
    if (!this.validToken("facebook", query.access_token)) return platformErrors.graph(190, { message: "Invalid OAuth access token - Cannot parse access token" });
    const match = /^\/([\w]+)(\/insights)?$/.exec(path);
    const post = match ? this.facebookPosts.get(match[1]!) : undefined;
    if (!match || !post) {
      return platformErrors.graph(100, {
        message: `Unsupported get request. Object with ID '${match?.[1] ?? path}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      });
    }
    const id = match[1]!;
    if (match[2]) {
      const values: Record<string, number> = { post_impressions: post.impressions, post_impressions_unique: post.impressionsUnique };
      const data = (query.metric ?? "")
        .split(",")
        .filter((metric) => metric in values)
        .map((metric) => ({
          name: metric,
          period: "lifetime",
          values: [{ value: values[metric] }],
          title: metric === "post_impressions" ? "Lifetime Post Total Impressions" : "Lifetime Post Total Reach",
          description: "Lifetime: The number of times your Page's post entered a person's screen.",
          id: `${id}/insights/${metric}/lifetime`,
        }));
      return { status: 200, body: { data, paging: { previous: `${this.url}/facebook/${id}/insights?since=1`, next: `${this.url}/facebook/${id}/insights?until=2` } } };
    }
    const body: Record<string, unknown> = {
      id,
      reactions: { data: [], summary: { total_count: post.reactions, viewer_reaction: "NONE" } },
      comments: { data: [], summary: { order: "ranked", total_count: post.comments, can_comment: true } },
    };
    if (post.shares) body.shares = { count: post.shares };
    return { status: 200, body };
  }

  // TikTok Display API --------------------------------------------------------------------------------

  private tiktok(request: RecordedRequest): CannedResponse {
    if (request.path === "/v2/oauth/token/" && request.method === "POST") {
      const form = (request.body ?? {}) as Record<string, string>;
      if (form.client_key !== "client-id" || form.client_secret !== "client-secret") return { status: 401, body: { error: "invalid_client", error_description: "Client key or secret is incorrect.", log_id: logId() } };
      const entry = form.grant_type === "refresh_token" ? this.refreshTokens.get(form.refresh_token ?? "") : undefined;
      if (!entry || entry.platform !== "tiktok") {
        return { status: 400, body: { error: "invalid_grant", error_description: "Refresh token is invalid or expired.", log_id: logId() } };
      }
      this.refreshTokens.delete(form.refresh_token!); // single use: TikTok rotates refresh tokens
      const tokens = this.issue("tiktok", true, entry.owner);
      return {
        status: 200,
        body: {
          access_token: tokens.accessToken,
          expires_in: 86_400,
          open_id: entry.owner ?? "open-id",
          refresh_expires_in: 31_536_000,
          refresh_token: tokens.refreshToken,
          scope: "user.info.basic,video.list",
          token_type: "Bearer",
        },
      };
    }
    if (request.path === "/v2/video/query/" && request.method === "POST") {
      const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
      const entry = this.validToken("tiktok", token);
      if (!entry) return platformErrors.tiktok("access_token_invalid");
      const ids = (request.body as { filters?: { video_ids?: unknown } } | null)?.filters?.video_ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20) return platformErrors.tiktok("invalid_params");
      const fields = (request.query.fields ?? "").split(",");
      // Only the user's own videos come back; others are silently left out.
      const videos = ids
        .map((id) => [String(id), this.tiktokVideos.get(String(id))] as const)
        .filter(([, video]) => video && video.owner === entry.owner)
        .map(([id, video]) => {
          const full: Record<string, unknown> = { id, ...video, owner: undefined };
          return Object.fromEntries(fields.filter((field) => full[field] !== undefined).map((field) => [field, full[field]]));
        });
      return { status: 200, body: { data: { videos, cursor: 0, has_more: false }, error: { code: "ok", message: "", log_id: logId() } } };
    }
    return { status: 404, body: { data: {}, error: { code: "invalid_params", message: `No route ${request.path}`, log_id: logId() } } };
  }

  private tiktokShortLink(request: RecordedRequest): CannedResponse {
    const code = request.path.replace(/^\/|\/$/g, "");
    const location = this.tiktokShortLinks.get(code);
    // vm.tiktok.com sends unknown codes to the home page rather than a 404.
    return { status: 301, headers: { location: location ?? "https://www.tiktok.com/" }, body: "" };
  }

  // YouTube Data API and Google OAuth -----------------------------------------------------------------

  private youtube(request: RecordedRequest): CannedResponse {
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    if (!this.validToken("youtube", token)) return platformErrors.google(401, "authError", "global");
    if (request.path !== "/videos") return platformErrors.google(404, "notFound", "global", "Not Found");
    if (request.query.part !== "statistics") return platformErrors.google(400, "invalidPart", "youtube.part", "'statistics' was not requested");
    const ids = (request.query.id ?? "").split(",").filter(Boolean);
    const items = ids
      .filter((id) => this.youtubeVideos.has(id))
      .map((id) => {
        const video = this.youtubeVideos.get(id)!;
        return {
          kind: "youtube#video",
          etag: randomBytes(6).toString("base64url"),
          id,
          statistics: { viewCount: String(video.viewCount), likeCount: String(video.likeCount), favoriteCount: "0", commentCount: String(video.commentCount) },
        };
      });
    // An unknown id is no error: the list just comes back empty.
    return {
      status: 200,
      body: { kind: "youtube#videoListResponse", etag: randomBytes(6).toString("base64url"), items, pageInfo: { totalResults: items.length, resultsPerPage: items.length } },
    };
  }

  private google(request: RecordedRequest): CannedResponse {
    if (request.path !== "/token" || request.method !== "POST") return { status: 404, body: "Not Found" };
    const form = (request.body ?? {}) as Record<string, string>;
    if (form.client_id !== "client-id" || form.client_secret !== "client-secret") return { status: 401, body: { error: "invalid_client", error_description: "Unauthorized" } };
    const entry = form.grant_type === "refresh_token" ? this.refreshTokens.get(form.refresh_token ?? "") : undefined;
    if (!entry || entry.platform !== "google") return platformErrors.oauth();
    // Google keeps the refresh token: the answer has a new access token only.
    const tokens = this.issue("youtube", false, entry.owner);
    return { status: 200, body: { access_token: tokens.accessToken, expires_in: 3599, scope: "https://www.googleapis.com/auth/youtube.readonly", token_type: "Bearer" } };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/**
 * vm.tiktok.com and vt.tiktok.com stand-in: the TikTok provider follows a short link by requesting the
 * content URL itself, which names the real host. While this is installed, fetches to those hosts go to the
 * fake's `/tiktok-short/...` instead (the test process's DNS, in effect); everything else passes through.
 * Returns the function that removes it.
 */
export function routeTikTokShortLinks(fake: FakePlatforms): () => void {
  const original = globalThis.fetch;
  const routed: typeof fetch = (input, init) => {
    const raw = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw);
    if (/^(vm|vt)\.tiktok\.com$/i.test(url.hostname)) return original(`${fake.url}/tiktok-short${url.pathname}${url.search}`, init);
    return original(input, init);
  };
  globalThis.fetch = routed;
  return () => {
    globalThis.fetch = original;
  };
}

// Fixtures: media on the fake platforms, and tracked submissions of them through the public API ----------

export type PlatformName = keyof Config["platforms"];

/** What a snapshot of a fixture should hold: the provider's counts. */
export type ExpectedCounts = MetricCounts;

export interface MediaFixture {
  platform: PlatformName;
  /** What connectSocialAccount gets (the token is one the fake accepts). */
  account: { externalAccountId: string; accessToken: string; refreshToken?: string; kind: "USER" | "PAGE" | "CHANNEL" };
  contentUrl: string;
  /** The id parsed from the URL. */
  externalMediaId: string;
  /** The platform's own id, as the first refresh should store it. */
  platformMediaId: string;
  /** The snapshot the fake's current numbers should give. */
  expected: ExpectedCounts;
  /** Changes the numbers the fake reports from now on; returns the snapshot they should give. */
  grow(): ExpectedCounts;
}

const digits = (length: number) => `${1 + (randomBytes(1)[0]! % 9)}${Array.from(randomBytes(length - 1), (byte) => byte % 10).join("")}`;
const B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const b62 = (length: number) => Array.from(randomBytes(length), (byte) => B62[byte % 62]).join("");
const amount = (max: number) => 1 + (randomBytes(4).readUInt32BE(0) % max);

export interface MediaOptions {
  /** false: the URL names media the platform does not know (or that is not the account's). */
  known?: boolean;
  /** TikTok: a vm.tiktok.com link; Instagram: how many other media come before it in the media list. */
  shortLink?: boolean;
  position?: number;
}

/** Puts one post on the fake platform (and its account's token in the fake's accepted list). */
export function platformMedia(fake: FakePlatforms, platform: PlatformName, options: MediaOptions = {}): MediaFixture {
  const known = options.known ?? true;
  switch (platform) {
    case "INSTAGRAM": {
      const igUserId = `1784${digits(13)}`;
      const token = `IGAA${b62(40)}`;
      const shortcode = `C${b62(10)}`;
      const media: InstagramMedia = { id: `1790${digits(13)}`, shortcode, views: amount(90_000), reach: amount(50_000), saved: amount(900), likes: amount(5_000), comments: amount(400), shares: amount(300) };
      const others = Array.from({ length: options.position ?? 3 }, (): InstagramMedia => ({ id: `1790${digits(13)}`, shortcode: `C${b62(10)}`, views: 1, reach: 1, likes: 1 }));
      fake.instagramMedia.set(igUserId, known ? [...others, media] : others);
      fake.allowToken("instagram", token);
      const expected = (): ExpectedCounts => ({ impressions: null, reach: media.reach!, likes: media.likes!, comments: media.comments!, saves: media.saved!, shares: media.shares!, views: media.views! });
      return {
        platform,
        account: { externalAccountId: igUserId, accessToken: token, kind: "USER" },
        contentUrl: `https://www.instagram.com/reel/${shortcode}/?igsh=${b62(12)}`,
        externalMediaId: shortcode,
        platformMediaId: media.id,
        expected: expected(),
        grow() {
          for (const key of ["views", "reach", "saved", "likes", "comments", "shares"] as const) media[key] = media[key]! + amount(100);
          return expected();
        },
      };
    }
    case "FACEBOOK": {
      const pageId = digits(15);
      const postId = digits(17);
      const token = `EAAG${b62(40)}`;
      // Never shared: Graph leaves `shares` out, which is a count of 0.
      const post: FacebookPost = { reactions: amount(3_000), comments: amount(300), impressions: amount(80_000), impressionsUnique: amount(40_000) };
      if (known) fake.facebookPosts.set(`${pageId}_${postId}`, post);
      fake.allowToken("facebook", token);
      const expected = (): ExpectedCounts => ({
        impressions: post.impressions,
        reach: post.impressionsUnique,
        likes: post.reactions,
        comments: post.comments,
        saves: null,
        shares: post.shares ?? 0,
        views: null,
      });
      return {
        platform,
        account: { externalAccountId: pageId, accessToken: token, kind: "PAGE" },
        contentUrl: `https://www.facebook.com/varmplybrandpage/posts/${postId}`,
        externalMediaId: postId,
        platformMediaId: `${pageId}_${postId}`,
        expected: expected(),
        grow() {
          post.reactions += amount(50);
          post.impressions += amount(500);
          post.impressionsUnique += amount(200);
          post.shares = (post.shares ?? 0) + amount(20);
          return expected();
        },
      };
    }
    case "TIKTOK": {
      const openId = `-000${b62(30)}`;
      const token = `act.${b62(60)}!6149.va`;
      const videoId = `73${digits(17)}`;
      const video = { view_count: amount(500_000), like_count: amount(40_000), comment_count: amount(2_000), share_count: amount(1_500), owner: known ? openId : `-000${b62(30)}` };
      fake.tiktokVideos.set(videoId, video);
      fake.allowToken("tiktok", token, openId);
      let contentUrl = `https://www.tiktok.com/@varmply.creator/video/${videoId}?is_from_webapp=1&sender_device=pc`;
      let externalMediaId = videoId;
      if (options.shortLink) {
        externalMediaId = `ZM${b62(7)}`;
        contentUrl = `https://vm.tiktok.com/${externalMediaId}/`;
        fake.tiktokShortLinks.set(externalMediaId, `https://www.tiktok.com/@varmply.creator/video/${videoId}?_r=1&_t=8${b62(10)}`);
      }
      const expected = (): ExpectedCounts => ({ impressions: null, reach: null, likes: video.like_count, comments: video.comment_count, saves: null, shares: video.share_count, views: video.view_count });
      return {
        platform,
        account: { externalAccountId: openId, accessToken: token, kind: "USER" },
        contentUrl,
        externalMediaId,
        platformMediaId: videoId,
        expected: expected(),
        grow() {
          video.view_count += amount(5_000);
          video.like_count += amount(500);
          video.comment_count += amount(20);
          video.share_count += amount(10);
          return expected();
        },
      };
    }
    case "YOUTUBE": {
      const channelId = `UC${b62(22)}`;
      const token = `ya29.${b62(60)}`;
      const videoId = b62(11);
      const video: YouTubeVideo = { viewCount: amount(900_000), likeCount: amount(30_000), commentCount: amount(3_000) };
      if (known) fake.youtubeVideos.set(videoId, video);
      fake.allowToken("youtube", token);
      const expected = (): ExpectedCounts => ({ impressions: null, reach: null, likes: video.likeCount, comments: video.commentCount, saves: null, shares: null, views: video.viewCount });
      return {
        platform,
        account: { externalAccountId: channelId, accessToken: token, kind: "CHANNEL" },
        contentUrl: `https://www.youtube.com/watch?v=${videoId}&t=42s`,
        externalMediaId: videoId,
        platformMediaId: videoId,
        expected: expected(),
        grow() {
          video.viewCount += amount(10_000);
          video.likeCount += amount(100);
          video.commentCount += amount(10);
          return expected();
        },
      };
    }
  }
}

export const REFRESH_PARTICIPATION = `mutation($id: ID!) {
  refreshParticipationMetrics(participationId: $id) {
    snapshot { id fetchedAt impressions reach likes comments saves shares views }
    snapshots { id impressions reach likes comments saves shares views }
    participation { id status }
  }
}`;

export const REFRESH_CAMPAIGN = `mutation($id: ID!) {
  refreshCampaignMetrics(campaignId: $id) {
    campaign { id }
    totalEligibleParticipationCount
    successfulCount
    failedCount
    failedParticipations { id }
  }
}`;

export interface TrackedParticipation {
  influencer: Actor;
  participationId: string;
  /** In submission order (the first is the earliest). */
  submissionIds: string[];
  /** Social account public ids, one per platform, in order of first appearance. */
  accountIds: string[];
}

/** Signs up `count` influencers at once (password hashing is the slow part of a sign-up, and it runs in parallel). */
export async function influencerPool(server: TestServer, count: number): Promise<() => Promise<Actor>> {
  const pool = await Promise.all(Array.from({ length: count }, () => signUp(server, "INFLUENCER")));
  return async () => pool.pop() ?? signUp(server, "INFLUENCER");
}

/**
 * An influencer (new, or `options.influencer`) connects the media's accounts (`options.accountExtra` adds
 * to each: expiresAt, refreshToken...), joins the campaign, submits each post, and the brand approves each:
 * every post is then tracked.
 */
export async function trackedParticipation(
  server: TestServer,
  brand: Actor,
  campaignId: string,
  media: MediaFixture[],
  options: { influencer?: Actor | (() => Promise<Actor>); accountExtra?: Record<string, unknown> } = {},
): Promise<TrackedParticipation> {
  const accountExtra = options.accountExtra ?? {};
  const influencer =
    typeof options.influencer === "function" ? await options.influencer() : (options.influencer ?? (await signUp(server, "INFLUENCER")));
  const accountIds: string[] = [];
  const connected = new Set<string>();
  for (const item of media) {
    if (connected.has(item.platform)) continue;
    connected.add(item.platform);
    accountIds.push(await connectAccount(server, influencer, item.platform, { ...item.account, refreshToken: item.account.refreshToken ?? null, ...accountExtra }));
  }
  const participationId = await join(server, influencer, campaignId);
  const submissionIds: string[] = [];
  for (const item of media) {
    const { submission } = await submit(server, influencer, participationId, { platform: item.platform, contentUrl: item.contentUrl });
    if (submission.status !== "PENDING") throw new Error(`submission of ${item.contentUrl} was ${submission.status} (${submission.rejectionReason})`);
    await review(server, brand, submission.id, "APPROVE");
    submissionIds.push(submission.id);
  }
  return { influencer, participationId, submissionIds, accountIds };
}

/** A submission's row, its ingestion attempts and its snapshots (oldest first), read straight from the database. */
export async function storedMetrics(server: TestServer, submissionPublicId: string) {
  const db = server.server.app.database.db;
  const [submission] = await db.select().from(submissions).where(eq(submissions.publicId, submissionPublicId));
  if (!submission) throw new Error(`no submission ${submissionPublicId}`);
  const attempts = await db.select().from(ingestionAttempts).where(eq(ingestionAttempts.submissionId, submission.id)).orderBy(asc(ingestionAttempts.id));
  const snapshots = await db.select().from(metricsSnapshots).where(eq(metricsSnapshots.submissionId, submission.id)).orderBy(asc(metricsSnapshots.id));
  return { submission, attempts, snapshots };
}

export async function storedAccount(server: TestServer, accountPublicId: string) {
  const [account] = await server.server.app.database.db.select().from(socialAccounts).where(eq(socialAccounts.publicId, accountPublicId));
  if (!account) throw new Error(`no social account ${accountPublicId}`);
  return account;
}

/** The counts columns of a stored snapshot. */
export function countsOf(snapshot: ExpectedCounts): ExpectedCounts {
  const { impressions, reach, likes, comments, saves, shares, views } = snapshot;
  return { impressions, reach, likes, comments, saves, shares, views };
}

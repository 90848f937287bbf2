// Connect flows (docs/social-connections.md): startSocialConnection records a single-use `state` bound to the
// influencer, with the PKCE verifier and where to send the browser back; the platform's callback
// (connection.routes.ts) consumes the state, exchanges the code and stores the account with its tokens
// encrypted, then sends the browser to the redirect URI with the outcome.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, ne, sql } from "drizzle-orm";
import type { App, Context } from "../context.js";
import { requireViewer } from "../auth/access.js";
import { Conflict, ValidationFailed } from "../shared/errors.js";
import { PLATFORMS, type PlatformName } from "../platforms/platforms.js";
import { OAUTH_FACTS } from "../platforms/oauth.js";
import { socialAccounts, socialConnectionStates } from "../../schema/tables.js";
import { storeSocialAccount } from "../social-accounts/social-account.service.js";
import { requestInScope } from "../observability/request-log.js";
import { httpPolicy } from "../metrics/providers/index.js";
import { authorizationUrl, exchangeCode, isPlatformError, type GrantedAccount } from "./platform-oauth.js";
import type { SocialConnectionStart } from "./connection.type.js";

/** What the browser is told: `error` is one of these. */
export type ConnectError =
  | "access_denied"
  | "authorization_failed"
  | "invalid_state"
  | "expired_state"
  | "exchange_failed"
  | "no_account"
  | "account_taken";

const MAX_REDIRECT_URI_LENGTH = 2048;
/** Consumed and expired states are kept this long, so that a replay is told `invalid_state` at its redirect URI. */
const KEEP_SPENT_STATES_MS = 24 * 3_600_000;

const sha256 = (value: string) => createHash("sha256").update(value).digest();

/** A hostname of this machine: an allow-list entry for it written without a port matches any port. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether `raw` is on the allow-list: same scheme, host and port as an entry (a loopback entry written
 * without a port: any port), and a path equal to the entry's or below it. No credentials, no fragment.
 */
export function isAllowedRedirect(raw: string, allowlist: readonly string[]): boolean {
  if (raw.length > MAX_REDIRECT_URI_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password || url.hash || raw.includes("#")) return false;
  return allowlist.some((entry) => {
    const allowed = new URL(entry);
    if (allowed.protocol !== url.protocol || allowed.hostname !== url.hostname) return false;
    const anyPort = LOOPBACK.has(allowed.hostname) && !/^[a-z]+:\/\/[^/]*:\d+/i.test(entry);
    if (!anyPort && allowed.port !== url.port) return false;
    const prefix = allowed.pathname;
    return prefix === "/" || url.pathname === prefix || url.pathname.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);
  });
}

/** `instagram` → INSTAGRAM; undefined for anything else. */
export function platformOfSlug(slug: string): PlatformName | undefined {
  return PLATFORMS.find((platform) => platform.toLowerCase() === slug.toLowerCase());
}

function callbackUrl(context: Context, platform: PlatformName): string {
  const base = context.app.config.publicUrl ?? originOfRequest();
  if (!base) throw Conflict("The server does not know its public URL (PUBLIC_URL) for the platform to call back");
  return `${base}/connect/${platform.toLowerCase()}/callback`;
}

/** The origin the client called, as Fastify sees it (X-Forwarded-Proto and -Host only with TRUST_PROXY). */
function originOfRequest(): string | undefined {
  const request = requestInScope();
  return request ? `${request.protocol}://${request.host}` : undefined;
}

export async function startSocialConnection(context: Context, platform: PlatformName, redirectUri: string): Promise<SocialConnectionStart> {
  const viewer = requireViewer(context);
  const { config, encryption } = context.app;
  if (!isAllowedRedirect(redirectUri, config.connectRedirectAllowlist)) {
    throw ValidationFailed("redirectUri is not on the server's allow-list (CONNECT_REDIRECT_ALLOWLIST)", { redirectUri: "not allowed" });
  }
  const settings = config.platforms[platform];
  if (!settings.clientId || !settings.clientSecret) {
    throw Conflict(`This server has no ${platform} app credentials (${platform}_CLIENT_ID, ${platform}_CLIENT_SECRET)`, { platform });
  }
  const callback = callbackUrl(context, platform);
  const state = randomBytes(32).toString("base64url");
  // RFC 7636: 43-128 unreserved characters; the challenge is base64url(SHA-256(verifier)).
  const verifier = OAUTH_FACTS[platform].pkce ? randomBytes(48).toString("base64url") : null;
  const challenge = verifier ? sha256(verifier).toString("base64url") : null;
  const expiresAt = new Date(Date.now() + config.connectStateTtlSeconds * 1000);

  await context.db.delete(socialConnectionStates).where(lt(socialConnectionStates.expiresAt, new Date(Date.now() - KEEP_SPENT_STATES_MS)));
  await context.db.insert(socialConnectionStates).values({
    stateHash: sha256(state).toString("hex"),
    userId: viewer.id,
    platform,
    redirectUri,
    callbackUrl: callback,
    codeVerifierEncrypted: verifier ? encryption.encrypt(verifier) : null,
    expiresAt,
  });
  return { authorizationUrl: authorizationUrl(platform, settings, callback, state, challenge), state, expiresAt };
}

/** How the callback answers: a redirect to the flow's redirect URI, or (no trusted redirect URI) a refusal. */
export type CallbackAnswer =
  | { kind: "redirect"; location: string; outcome: "connected" | ConnectError }
  | { kind: "refused"; status: 400; error: "invalid_state"; message: string };

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
}

function redirectTo(redirectUri: string, params: Record<string, string>, outcome: "connected" | ConnectError): CallbackAnswer {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return { kind: "redirect", location: url.toString(), outcome };
}

/**
 * The platform's redirect back. The state is spent whatever happens next; every failure stores no account.
 * Never throws for a platform's refusal: it is an outcome.
 */
export async function completeSocialConnection(app: App, platform: PlatformName | undefined, query: CallbackQuery): Promise<CallbackAnswer> {
  const { db } = app.database;
  const refused = (message: string): CallbackAnswer => ({ kind: "refused", status: 400, error: "invalid_state", message });
  if (!platform) return refused("Unknown platform");
  if (typeof query.state !== "string" || query.state === "" || query.state.length > 512) return refused("The state is missing");

  const stateHash = sha256(query.state).toString("hex");
  const now = new Date();
  const [flow] = await db
    .update(socialConnectionStates)
    .set({ usedAt: now })
    .where(and(eq(socialConnectionStates.stateHash, stateHash), isNull(socialConnectionStates.usedAt)))
    .returning();
  if (!flow) {
    const [spent] = await db.select().from(socialConnectionStates).where(eq(socialConnectionStates.stateHash, stateHash));
    if (!spent) return refused("This connect flow is unknown: start again from the app");
    return redirectTo(spent.redirectUri, { status: "error", error: "invalid_state", platform: spent.platform.toLowerCase() }, "invalid_state");
  }
  const fail = (error: ConnectError) => redirectTo(flow.redirectUri, { status: "error", error, platform: flow.platform.toLowerCase() }, error);
  if (flow.platform !== platform) return fail("invalid_state");
  if (flow.expiresAt <= now) return fail("expired_state");
  if (query.error) return fail(query.error === "access_denied" ? "access_denied" : "authorization_failed");
  if (typeof query.code !== "string" || query.code === "" || query.code.length > 4096) return fail("authorization_failed");

  let accounts: GrantedAccount[];
  try {
    accounts = await exchangeCode(platform, {
      settings: app.config.platforms[platform],
      http: httpPolicy(app.config),
      code: query.code,
      callbackUrl: flow.callbackUrl,
      codeVerifier: flow.codeVerifierEncrypted ? app.encryption.decrypt(flow.codeVerifierEncrypted) : null,
    });
  } catch (error) {
    if (!isPlatformError(error)) throw error;
    app.log.warn({ platform, reason: error.reason, detail: error.message.slice(0, 300) }, "connect flow: the platform refused the code exchange");
    return fail("exchange_failed");
  }
  if (accounts.length === 0) return fail("no_account");

  const stored = await db.transaction(async (tx) => {
    const kept: GrantedAccount[] = [];
    for (const account of accounts) {
      // Two users finishing a flow for the same account at once: one waits for the other's answer.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`social-account:${platform}:${account.externalAccountId}`}))`);
      const [owner] = await tx
        .select({ id: socialAccounts.id })
        .from(socialAccounts)
        .where(
          and(
            eq(socialAccounts.platform, platform),
            eq(socialAccounts.externalAccountId, account.externalAccountId),
            ne(socialAccounts.userId, flow.userId),
            ne(socialAccounts.status, "REVOKED"),
          ),
        )
        .limit(1);
      if (!owner) kept.push(account);
    }
    // A Facebook user may grant several pages: the ones nobody else has connected are stored.
    const rows = [];
    for (const account of kept) rows.push(await storeSocialAccount(tx, app.encryption, flow.userId, { platform, ...account }));
    return rows;
  });
  if (stored.length === 0) return fail("account_taken");
  return redirectTo(
    flow.redirectUri,
    { status: "connected", platform: platform.toLowerCase(), accountId: stored[0]!.publicId, ...(stored.length > 1 ? { accountCount: String(stored.length) } : {}) },
    "connected",
  );
}

// Every setting the server reads from the environment, parsed once. The README's configuration table
// lists the same variables; keep the two in step.
import { availableParallelism } from "node:os";
import { PLATFORMS, type PlatformName } from "./platforms/platforms.js";
import { OAUTH_FACTS } from "./platforms/oauth.js";

export interface Config {
  nodeEnv: string;
  host: string;
  port: number;
  /** PostgreSQL server URL; without it the server runs on embedded PGlite. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Longest wait for a new PostgreSQL connection to be established (TCP, TLS, authentication). */
  databaseConnectTimeoutMs: number;
  /** Longest wait for a free pool connection before a query fails as SERVICE_UNAVAILABLE. */
  databaseAcquireTimeoutMs: number;
  /** `statement_timeout` of every pooled connection. */
  databaseStatementTimeoutMs: number;
  /** `idle_in_transaction_session_timeout` of every pooled connection. */
  databaseIdleInTransactionTimeoutMs: number;
  /** Send statements as named prepared statements (off for a pooler that cannot keep them). */
  databasePreparedStatements: boolean;
  /** How long the readiness probe waits for the database to answer `select 1`. */
  readinessTimeoutMs: number;
  /** PGlite data directory (`memory://` keeps everything in memory, as the tests do). */
  pgliteDataDir: string;
  /** 32 bytes, base64: encrypts OAuth tokens and JWT signing keys at rest. */
  encryptionKey: string | undefined;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  logLevel: string;
  introspection: boolean;
  bodyLimitBytes: number;
  /** Longest time from a request's first byte to its last (headers and body). */
  httpRequestTimeoutMs: number;
  /** Longest time from a request's first byte to the end of its headers. */
  httpHeadersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  httpKeepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed (a client that stops reading). */
  httpSocketIdleTimeoutMs: number;
  graphqlMaxDepth: number;
  graphqlMaxCost: number;
  graphqlMaxTokens: number;
  graphqlMaxAliases: number;
  /** Most selections the cost estimate may visit with fragments expanded (each spread counts again). */
  graphqlMaxNodes: number;
  /** Run queries as compiled functions (src/graphql/compiled-execution.ts)... */
  graphqlCompiledExecution: boolean;
  /** ...once they have run this many times interpreted. */
  graphqlCompileAfter: number;
  /** Seed demo data on start-up when the database has no brand or influencer yet (off in production by default). */
  seedDemoData: boolean;
  platforms: Record<PlatformName, PlatformSettings>;
  /** Timeout of every call to a platform. */
  platformTimeoutMs: number;
  /** Retries of a platform call after a timeout, a connection error, a 5xx or a 429 (0: one try only). */
  platformRetries: number;
  /** First retry delay; each retry doubles it, with jitter. */
  platformRetryBaseDelayMs: number;
  /** The time one submission's refresh may spend on the platform, retries included (no retry starts beyond it). */
  platformRefreshBudgetMs: number;
  /** The server's public base URL, for the OAuth callback (`<url>/connect/<platform>/callback`); the request's own origin when unset. */
  publicUrl: string | undefined;
  /** Where a connect flow may send the browser back to: origins or URL prefixes (docs/social-connections.md). */
  connectRedirectAllowlist: string[];
  /** How long a connect flow's `state` stays usable. */
  connectStateTtlSeconds: number;
  /** Influencers may paste tokens into connectSocialAccount (admins always may). */
  allowTokenPaste: boolean;
  /** Metrics older than this are stale and due for a refresh. */
  metricsFreshnessHours: number;
  /** Run the scheduled metrics refresher inside the server process too. */
  workerInServer: boolean;
  workerIntervalSeconds: number;
  workerBatchSize: number;
  /** Which proxies' X-Forwarded-For to believe (Fastify's `trustProxy`): none, all, a hop count, or addresses/CIDRs. */
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
  rateLimits: RateLimitSettings;
  /** Password hashes (scrypt) computed at once; more wait in a queue of `passwordHashQueueLimit`, beyond it RATE_LIMITED. */
  passwordHashConcurrency: number;
  passwordHashQueueLimit: number;
  /** Serve Prometheus metrics at GET /metrics. */
  metricsEnabled: boolean;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** Origins whose pages may call the API from a browser (CORS): a list, "*" for any, empty for none (same origin only). */
  corsOrigins: string[] | "*";
  /** Signed webhook delivery (src/webhooks/, docs/webhooks.md). */
  webhooks: WebhookSettings;
}

export interface WebhookSettings {
  /** Run the webhook dispatcher in this process (every process may: claims never overlap). */
  enabled: boolean;
  pollIntervalMs: number;
  /** Deliveries one dispatcher has in flight at most. */
  batchSize: number;
  /** Timeout of one POST to an endpoint. */
  timeoutMs: number;
  /** Attempts per event and endpoint before the delivery is FAILED. */
  maxAttempts: number;
  /** Delay before the second attempt; it doubles with each further attempt (with jitter) up to `retryMaxDelayMs`. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Events in a row that exhaust their attempts before the endpoint is disabled. */
  disableAfterFailedEvents: number;
  /** Accept URLs on loopback, link-local and private addresses (development and tests only). */
  allowPrivateUrls: boolean;
  /** Private networks (CIDRs) accepted anyway, e.g. an internal receiver. */
  allowedPrivateNetworks: string[];
}

/** At most `limit` in a window of `windowSeconds` that starts at the first hit; null turns the limit off. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** The policies of docs/rate-limits.md. */
export interface RateLimitSettings {
  signInPerIp: RateLimit | null;
  /** Wrong passwords per account before it is locked until the window ends. */
  signInFailuresPerAccount: RateLimit | null;
  signUpPerIp: RateLimit | null;
  signUpPerEmail: RateLimit | null;
  refreshSessionPerIp: RateLimit | null;
  refreshSessionPerAccount: RateLimit | null;
  /** refreshParticipationMetrics and refreshCampaignMetrics, per signed-in user. */
  metricsRefreshPerUser: RateLimit | null;
}

export interface PlatformSettings {
  /** "real" speaks the platform's API; "simulated" serves deterministic numbers offline. */
  mode: "real" | "simulated";
  apiBaseUrl: string;
  /** The platform's OAuth endpoint base, where it differs from the API's. */
  oauthBaseUrl: string;
  /** The authorization dialog of the connect flow (src/platforms/oauth.ts). */
  authorizeUrl: string;
  /** Where the connect flow exchanges its authorization code. */
  tokenUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** Metrics refreshes per minute on this platform, shared by every process and manual refreshes (src/rate-limits/platform-call-budget.ts). */
  requestsPerMinute: number;
}

const PLATFORM_DEFAULTS: Record<PlatformName, { api: string; oauth: string; perMinute: number }> = {
  INSTAGRAM: { api: "https://graph.instagram.com/v23.0", oauth: "https://graph.instagram.com", perMinute: 150 },
  FACEBOOK: { api: "https://graph.facebook.com/v23.0", oauth: "https://graph.facebook.com/v23.0", perMinute: 150 },
  TIKTOK: { api: "https://open.tiktokapis.com", oauth: "https://open.tiktokapis.com", perMinute: 300 },
  YOUTUBE: { api: "https://www.googleapis.com/youtube/v3", oauth: "https://oauth2.googleapis.com", perMinute: 600 },
};

function platformSettings(env: Env, name: PlatformName): PlatformSettings {
  const clientId = env[`${name}_CLIENT_ID`] || undefined;
  const mode = env[`${name}_METRICS_MODE`] || (clientId ? "real" : "simulated");
  if (mode !== "real" && mode !== "simulated") throw new Error(`${name}_METRICS_MODE must be real or simulated, got "${mode}"`);
  const defaults = PLATFORM_DEFAULTS[name];
  return {
    mode,
    apiBaseUrl: (env[`${name}_API_BASE_URL`] || defaults.api).replace(/\/$/, ""),
    oauthBaseUrl: (env[`${name}_OAUTH_BASE_URL`] || env[`${name}_API_BASE_URL`] || defaults.oauth).replace(/\/$/, ""),
    authorizeUrl: env[`${name}_AUTHORIZE_URL`] || OAUTH_FACTS[name].authorizeUrl,
    tokenUrl: env[`${name}_TOKEN_URL`] || OAUTH_FACTS[name].tokenUrl,
    clientId,
    clientSecret: env[`${name}_CLIENT_SECRET`] || undefined,
    requestsPerMinute: integer(env, `${name}_REQUESTS_PER_MINUTE`, defaults.perMinute),
  };
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

const WINDOW_UNITS: Record<string, number> = { s: 1, min: 60, h: 3600 };

/** `20/min`, `10/15min`, `100/h`, `5/30s`, or `off`. */
function rateLimit(env: Env, name: string, fallback: string): RateLimit | null {
  const raw = (env[name] || fallback).trim();
  if (raw.toLowerCase() === "off") return null;
  const match = /^(\d+)\/(\d*)(s|min|h)$/.exec(raw);
  const limit = Number(match?.[1]);
  const windowSeconds = Number(match?.[2] || 1) * WINDOW_UNITS[match?.[3] ?? ""]!;
  if (!match || !Number.isSafeInteger(limit) || limit < 1 || !(windowSeconds > 0)) {
    throw new Error(`${name} must look like 20/min, 10/15min, 100/h or off, got "${raw}"`);
  }
  return { limit, windowSeconds };
}

function trustProxy(env: Env): Config["trustProxy"] {
  const raw = env.TRUST_PROXY?.trim() ?? "";
  if (raw === "" || ["false", "0", "no", "off"].includes(raw.toLowerCase())) return false;
  if (["true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    return (_address, hop) => hop < hops;
  }
  return raw.split(",").map((entry) => entry.trim()).filter(Boolean);
}

/** Like `integer`, but 0 is refused: these settings have no "off". */
function positive(env: Env, name: string, fallback: number): number {
  const value = integer(env, name, fallback);
  if (value === 0) throw new Error(`${name} must be a positive integer, got "0"`);
  return value;
}

function httpTimeouts(env: Env) {
  const timeouts = {
    httpRequestTimeoutMs: positive(env, "HTTP_REQUEST_TIMEOUT_MS", 30_000),
    httpHeadersTimeoutMs: positive(env, "HTTP_HEADERS_TIMEOUT_MS", 10_000),
    httpKeepAliveTimeoutMs: positive(env, "HTTP_KEEP_ALIVE_TIMEOUT_MS", 72_000),
    httpSocketIdleTimeoutMs: positive(env, "HTTP_SOCKET_IDLE_TIMEOUT_MS", 120_000),
  };
  // Node refuses a headers timeout longer than the request timeout (the request includes its headers).
  if (timeouts.httpHeadersTimeoutMs > timeouts.httpRequestTimeoutMs) {
    throw new Error(`HTTP_HEADERS_TIMEOUT_MS (${timeouts.httpHeadersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${timeouts.httpRequestTimeoutMs})`);
  }
  return timeouts;
}

/** `https://app.example.com,http://localhost:5173`, or `*`; each entry an origin exactly as browsers send it. */
function corsOrigins(env: Env): Config["corsOrigins"] {
  const entries = (env.CORS_ORIGINS ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  if (entries.includes("*")) {
    if (entries.length > 1) throw new Error(`CORS_ORIGINS is either * or a list of origins, got "${env.CORS_ORIGINS}"`);
    return "*";
  }
  for (const entry of entries) {
    let origin: string | undefined;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = undefined;
    }
    // The Origin header has no path, no trailing slash and no default port: an entry must match it exactly.
    if (origin !== entry || origin === "null") {
      throw new Error(`CORS_ORIGINS entries must be origins like https://app.example.com (scheme, host, optional port), got "${entry}"`);
    }
  }
  return entries;
}

/** PUBLIC_URL: `https://api.example.com` (a path prefix allowed, no trailing slash kept). */
function publicUrl(env: Env): string | undefined {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || url.search || url.hash || url.username) {
    throw new Error(`PUBLIC_URL must be an http(s) URL like https://api.example.com, got "${raw}"`);
  }
  return raw.replace(/\/+$/, "");
}

/**
 * CONNECT_REDIRECT_ALLOWLIST: origins (`https://app.example.com`, any path) or URL prefixes
 * (`https://app.example.com/settings/`). Unset: the CORS origins, and outside production also
 * `http://localhost` and `http://127.0.0.1` (any port, docs/social-connections.md).
 */
function connectRedirectAllowlist(env: Env, cors: Config["corsOrigins"]): string[] {
  const raw = env.CONNECT_REDIRECT_ALLOWLIST;
  if (raw === undefined || raw.trim() === "") {
    const local = (env.NODE_ENV ?? "development") === "production" ? [] : ["http://localhost", "http://127.0.0.1"];
    return [...(cors === "*" ? [] : cors), ...local];
  }
  const entries = raw.split(",").map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || !["http:", "https:"].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
      throw new Error(`CONNECT_REDIRECT_ALLOWLIST entries must be http(s) origins or URL prefixes without query or fragment, got "${entry}"`);
    }
  }
  return entries;
}

function webhookSettings(env: Env): WebhookSettings {
  const allowedPrivateNetworks = (env.WEBHOOK_ALLOWED_PRIVATE_NETWORKS ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  for (const entry of allowedPrivateNetworks) {
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(entry)) throw new Error(`WEBHOOK_ALLOWED_PRIVATE_NETWORKS entries must be CIDRs like 10.0.0.0/8, got "${entry}"`);
  }
  return {
    enabled: flag(env, "WEBHOOKS_ENABLED", true),
    pollIntervalMs: positive(env, "WEBHOOK_POLL_INTERVAL_MS", 1_000),
    batchSize: positive(env, "WEBHOOK_BATCH_SIZE", 20),
    timeoutMs: positive(env, "WEBHOOK_TIMEOUT_MS", 10_000),
    maxAttempts: positive(env, "WEBHOOK_MAX_ATTEMPTS", 8),
    retryBaseDelayMs: positive(env, "WEBHOOK_RETRY_BASE_DELAY_MS", 30_000),
    retryMaxDelayMs: positive(env, "WEBHOOK_RETRY_MAX_DELAY_MS", 3_600_000),
    disableAfterFailedEvents: positive(env, "WEBHOOK_DISABLE_AFTER_FAILED_EVENTS", 5),
    allowPrivateUrls: flag(env, "WEBHOOK_ALLOW_PRIVATE_URLS", false),
    allowedPrivateNetworks,
  };
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

export function loadConfig(env: Env = process.env): Config {
  return {
    nodeEnv: env.NODE_ENV ?? "development",
    host: env.HOST ?? "0.0.0.0",
    port: integer(env, "PORT", 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: integer(env, "DATABASE_POOL_SIZE", 10),
    databaseConnectTimeoutMs: positive(env, "DATABASE_CONNECT_TIMEOUT_MS", 2_000),
    databaseAcquireTimeoutMs: positive(env, "DATABASE_ACQUIRE_TIMEOUT_MS", 2_000),
    databaseStatementTimeoutMs: integer(env, "DATABASE_STATEMENT_TIMEOUT_MS", 15_000),
    databaseIdleInTransactionTimeoutMs: integer(env, "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", 15_000),
    databasePreparedStatements: flag(env, "DATABASE_PREPARED_STATEMENTS", true),
    readinessTimeoutMs: positive(env, "READINESS_TIMEOUT_MS", 1_000),
    pgliteDataDir: env.PGLITE_DATA_DIR || "./.data",
    encryptionKey: env.ENCRYPTION_KEY || undefined,
    jwtIssuer: env.JWT_ISSUER ?? "varmply-api",
    jwtAudience: env.JWT_AUDIENCE ?? "varmply-api",
    accessTokenTtlSeconds: integer(env, "ACCESS_TOKEN_TTL_SECONDS", 15 * 60),
    refreshTokenTtlSeconds: integer(env, "REFRESH_TOKEN_TTL_SECONDS", 30 * 24 * 3600),
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL ?? "info",
    introspection: flag(env, "GRAPHQL_INTROSPECTION", true),
    bodyLimitBytes: integer(env, "BODY_LIMIT_BYTES", 1024 * 1024),
    ...httpTimeouts(env),
    graphqlMaxDepth: integer(env, "GRAPHQL_MAX_DEPTH", 10),
    graphqlMaxCost: integer(env, "GRAPHQL_MAX_COST", 100_000),
    graphqlMaxTokens: integer(env, "GRAPHQL_MAX_TOKENS", 5_000),
    graphqlMaxAliases: integer(env, "GRAPHQL_MAX_ALIASES", 30),
    graphqlMaxNodes: integer(env, "GRAPHQL_MAX_NODES", 10_000),
    graphqlCompiledExecution: flag(env, "GRAPHQL_COMPILED_EXECUTION", true),
    graphqlCompileAfter: integer(env, "GRAPHQL_COMPILE_AFTER", 1),
    // The demo password is public: never seed a production database unless asked to.
    seedDemoData: flag(env, "SEED_DEMO_DATA", (env.NODE_ENV ?? "development") !== "production"),
    platforms: Object.fromEntries(PLATFORMS.map((name) => [name, platformSettings(env, name)])) as Record<PlatformName, PlatformSettings>,
    platformTimeoutMs: integer(env, "PLATFORM_TIMEOUT_MS", 10_000),
    platformRetries: integer(env, "PLATFORM_RETRIES", 2),
    platformRetryBaseDelayMs: integer(env, "PLATFORM_RETRY_BASE_DELAY_MS", 250),
    platformRefreshBudgetMs: positive(env, "PLATFORM_REFRESH_BUDGET_MS", 30_000),
    publicUrl: publicUrl(env),
    connectRedirectAllowlist: connectRedirectAllowlist(env, corsOrigins(env)),
    connectStateTtlSeconds: positive(env, "CONNECT_STATE_TTL_SECONDS", 600),
    // Pasted tokens skip the platform's consent and the one-owner check: admins only unless asked for (tests, benches).
    allowTokenPaste: flag(env, "ALLOW_TOKEN_PASTE", false),
    metricsFreshnessHours: integer(env, "METRICS_FRESHNESS_HOURS", 24),
    workerInServer: flag(env, "WORKER_IN_SERVER", false),
    workerIntervalSeconds: integer(env, "WORKER_INTERVAL_SECONDS", 300),
    workerBatchSize: integer(env, "WORKER_BATCH_SIZE", 50),
    trustProxy: trustProxy(env),
    rateLimits: {
      signInPerIp: rateLimit(env, "RATE_LIMIT_SIGN_IN_PER_IP", "30/min"),
      signInFailuresPerAccount: rateLimit(env, "RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT", "10/15min"),
      signUpPerIp: rateLimit(env, "RATE_LIMIT_SIGN_UP_PER_IP", "5/min"),
      signUpPerEmail: rateLimit(env, "RATE_LIMIT_SIGN_UP_PER_EMAIL", "5/h"),
      refreshSessionPerIp: rateLimit(env, "RATE_LIMIT_REFRESH_SESSION_PER_IP", "60/min"),
      refreshSessionPerAccount: rateLimit(env, "RATE_LIMIT_REFRESH_SESSION_PER_ACCOUNT", "10/min"),
      metricsRefreshPerUser: rateLimit(env, "RATE_LIMIT_METRICS_REFRESH_PER_USER", "10/min"),
    },
    // One scrypt keeps a core busy for tens of milliseconds: leave the other cores to everything else.
    passwordHashConcurrency: Math.max(1, integer(env, "PASSWORD_HASH_CONCURRENCY", Math.floor(availableParallelism() / 2))),
    passwordHashQueueLimit: integer(env, "PASSWORD_HASH_QUEUE_LIMIT", 32),
    metricsEnabled: flag(env, "METRICS_ENABLED", true),
    metricsToken: env.METRICS_TOKEN || undefined,
    corsOrigins: corsOrigins(env),
    webhooks: webhookSettings(env),
  };
}

// Every setting the server reads from the environment, parsed once. The README's configuration table
// lists the same variables; keep the two in step.
export interface Config {
  nodeEnv: string;
  host: string;
  port: number;
  /** PostgreSQL server URL; without it the server runs on embedded PGlite. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
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
  graphqlMaxDepth: number;
  graphqlMaxCost: number;
  graphqlMaxTokens: number;
  graphqlMaxAliases: number;
  /** Seed demo data on start-up when the database has no brand or influencer yet (off in production by default). */
  seedDemoData: boolean;
  platforms: Record<PlatformName, PlatformSettings>;
  /** Timeout of every call to a platform. */
  platformTimeoutMs: number;
  /** Metrics older than this are stale and due for a refresh. */
  metricsFreshnessHours: number;
  /** Run the scheduled metrics refresher inside the server process too. */
  workerInServer: boolean;
  workerIntervalSeconds: number;
  workerBatchSize: number;
}

export const PLATFORM_NAMES = ["INSTAGRAM", "TIKTOK", "FACEBOOK", "YOUTUBE"] as const;
export type PlatformName = (typeof PLATFORM_NAMES)[number];

export interface PlatformSettings {
  /** "real" speaks the platform's API; "simulated" serves deterministic numbers offline. */
  mode: "real" | "simulated";
  apiBaseUrl: string;
  /** The platform's OAuth endpoint base, where it differs from the API's. */
  oauthBaseUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** Calls per minute one refresher process allows itself on this platform. */
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
    graphqlMaxDepth: integer(env, "GRAPHQL_MAX_DEPTH", 10),
    graphqlMaxCost: integer(env, "GRAPHQL_MAX_COST", 100_000),
    graphqlMaxTokens: integer(env, "GRAPHQL_MAX_TOKENS", 5_000),
    graphqlMaxAliases: integer(env, "GRAPHQL_MAX_ALIASES", 30),
    // The demo password is public: never seed a production database unless asked to.
    seedDemoData: flag(env, "SEED_DEMO_DATA", (env.NODE_ENV ?? "development") !== "production"),
    platforms: Object.fromEntries(PLATFORM_NAMES.map((name) => [name, platformSettings(env, name)])) as Record<PlatformName, PlatformSettings>,
    platformTimeoutMs: integer(env, "PLATFORM_TIMEOUT_MS", 10_000),
    metricsFreshnessHours: integer(env, "METRICS_FRESHNESS_HOURS", 24),
    workerInServer: flag(env, "WORKER_IN_SERVER", false),
    workerIntervalSeconds: integer(env, "WORKER_INTERVAL_SECONDS", 300),
    workerBatchSize: integer(env, "WORKER_BATCH_SIZE", 50),
  };
}

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
  /** Seed demo data on start-up when the database has no users. */
  seedDemoData: boolean;
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
    graphqlMaxCost: integer(env, "GRAPHQL_MAX_COST", 25_000),
    graphqlMaxTokens: integer(env, "GRAPHQL_MAX_TOKENS", 5_000),
    graphqlMaxAliases: integer(env, "GRAPHQL_MAX_ALIASES", 30),
    seedDemoData: flag(env, "SEED_DEMO_DATA", true),
  };
}

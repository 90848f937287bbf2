// A real server on a real database for each test file: embedded PGlite in memory by default, or a fresh,
// uniquely named database on the PostgreSQL server at DATABASE_URL (dropped again afterwards).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { loadConfig, type Config } from "../../src/config.js";
import { createServer, type Server } from "../../src/server.js";

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; path?: string[]; extensions: { code: string; details?: any } }[];
}

export interface TestServer {
  url: string;
  server: Server;
  /** The scratch database's URL on the PostgreSQL server; undefined on PGlite. */
  databaseUrl: string | undefined;
  /** Which database this run uses: "pglite" or "postgres". */
  driver: "pglite" | "postgres";
  /** POST /graphql with an optional bearer token. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Any HTTP request to the server. */
  http(path: string, init?: RequestInit): Promise<Response>;
  /** Runs `work` and counts the SQL statements the server sent meanwhile (as Saleor's `count_queries`). */
  countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }>;
  /** The server's log lines so far (with `captureLog`; empty otherwise). */
  log(): string;
  close(): Promise<void>;
}

/** A uniquely named database on the server at `baseUrl` (tests and benchmarks), and how to drop it. */
export async function createScratchDatabase(baseUrl: string, prefix = "varmply_test"): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await client.unsafe(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

export interface StartOptions {
  /** Name prefix of the scratch database (with DATABASE_URL). */
  databasePrefix?: string;
  /** Leave the scratch database behind on close (to EXPLAIN what a benchmark ran). */
  keepDatabase?: boolean;
  /** The PostgreSQL server to make the scratch database on, instead of DATABASE_URL's. */
  databaseServerUrl?: string;
  /** Keep the server's log lines (at `logLevel`, "info" unless overridden) for `log()`. */
  captureLog?: boolean;
}

const TEST_ADDRESS_BUDGETS = {
  signInPerIp: { limit: 10_000, windowSeconds: 60 },
  signUpPerIp: { limit: 10_000, windowSeconds: 60 },
  refreshSessionPerIp: { limit: 10_000, windowSeconds: 60 },
} satisfies Partial<Config["rateLimits"]>;

export async function startTestServer(overrides: Partial<Config> = {}, options: StartOptions = {}): Promise<TestServer> {
  const baseUrl = options.databaseServerUrl ?? process.env.DATABASE_URL;
  const database = baseUrl ? await createScratchDatabase(baseUrl, options.databasePrefix) : undefined;
  const defaults = loadConfig({});
  const config: Config = {
    ...defaults,
    // Every test client is 127.0.0.1, so per-address budgets fit a whole test file; per-account and per-user
    // limits stay as configured (test/cross-cutting/rate-limits.test.ts runs the production defaults).
    rateLimits: { ...defaults.rateLimits, ...TEST_ADDRESS_BUDGETS },
    // Fixtures sign up dozens of users at once (influencerPool); hashing stays bounded, the wait queue is longer.
    passwordHashQueueLimit: 1_000,
    pgliteDataDir: "memory://",
    databaseUrl: database?.url,
    logLevel: process.env.TEST_LOG_LEVEL ?? (options.captureLog ? "info" : "silent"),
    encryptionKey: randomBytes(32).toString("base64"),
    // Test receivers listen on 127.0.0.1, and retries must not keep a test waiting. The dispatcher stays off
    // unless a test turns it on: its polling would add statements to the tests that count them.
    // Fixtures connect accounts by pasting tokens as the influencer; test/graphql/social-connections/ turns it off.
    allowTokenPaste: true,
    // Every query a test sends runs compiled (src/graphql/compiled-execution.ts), not only those sent twice.
    graphqlCompileAfter: 0,
    webhooks: { ...defaults.webhooks, enabled: false, allowPrivateUrls: true, pollIntervalMs: 25, retryBaseDelayMs: 20, retryMaxDelayMs: 200, timeoutMs: 2_000 },
    ...overrides,
  };
  // TEST_LOG_LEVEL=error (or debug) shows the server log, masked errors included.
  let logged = "";
  const logStream = options.captureLog ? { write: (line: string) => void (logged += line) } : undefined;
  const server = await createServer(config, { logger: process.env.TEST_LOG_LEVEL !== undefined || options.captureLog === true, logStream });
  const address = await server.fastify.listen({ host: "127.0.0.1", port: 0 });
  return {
    url: address,
    server,
    databaseUrl: database?.url,
    driver: server.app.database.driver,
    async gql(query, variables = {}, token) {
      const response = await fetch(`${address}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: any };
      return { status: response.status, headers: response.headers, data: body.data ?? undefined, errors: body.errors };
    },
    http: (path, init) => fetch(`${address}${path}`, init),
    async countStatements(work) {
      const before = server.app.database.statementCount;
      const result = await work();
      return { result, statements: server.app.database.statementCount - before };
    },
    log: () => logged,
    async close() {
      await server.close();
      if (options.keepDatabase && database) console.log(`kept database ${database.url}`);
      else await database?.drop();
    },
  };
}

// Fairness (docs/rate-limits.md): sign-in, sign-up and session refresh are limited per client address and
// per account; password hashing is bounded so a flood of sign-ins cannot starve other requests; manual
// metrics refreshes are limited per user and spend the platform call budget the scheduled refresher uses.
// Refusals are 429 RATE_LIMITED with Retry-After, in the GraphQL and the REST shape.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { loadConfig, type Config } from "../../src/config.js";
import { hashPassword, passwordHashingStats, resetPasswordHashingPeak } from "../../src/auth/password.js";
import { hashRefreshToken } from "../../src/auth/tokens.js";
import { MemoryRateLimitStore, PostgresRateLimitStore, type RateLimitStore } from "../../src/rate-limits/rate-limit.stores.js";
import { RateLimiter } from "../../src/rate-limits/rate-limiter.js";
import { PlatformCallBudget } from "../../src/rate-limits/platform-call-budget.js";
import { addressKey } from "../../src/rate-limits/rate-limit.policies.js";
import { DomainError } from "../../src/shared/errors.js";
import { refreshTokens } from "../../schema/tables.js";
import { startTestServer, type GraphQLResponse, type TestServer } from "../support/server.js";
import { createActiveCampaign, ok, signUp, type Actor } from "../support/factories.js";
import { call, expectError } from "../support/rest.js";
import { FakePlatforms, REFRESH_PARTICIPATION, platformMedia, trackedParticipation } from "../support/fake-platforms.js";

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken user { id } } }`;
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken user { id } } }`;
const REFRESH_SESSION = `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken } }`;
const PASSWORD = "correct horse battery";
const defaults = loadConfig({});
const silentLog = { warn: () => {} };

/** POST /graphql as if from `clientIp` (believed only when the server trusts the loopback proxy). */
async function gqlFrom<T = any>(server: TestServer, clientIp: string, query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> {
  const response = await server.http("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": clientIp, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: GraphQLResponse["errors"] };
  return { status: response.status, headers: response.headers, data: body.data ?? undefined, errors: body.errors };
}

/** A 429 in the GraphQL shape: one RATE_LIMITED error, details.retryAfterSeconds equal to the Retry-After header. */
function expectGraphQLRateLimited(response: GraphQLResponse, maxSeconds: number): number {
  expect(response.status, JSON.stringify(response.errors)).toBe(429);
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  expect(error!.extensions.code).toBe("RATE_LIMITED");
  expect(typeof error!.message).toBe("string");
  const seconds = error!.extensions.details.retryAfterSeconds;
  expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= maxSeconds, `retryAfterSeconds ${seconds}`).toBe(true);
  expect(response.headers.get("retry-after")).toBe(String(seconds));
  expect(response.data ?? null).toBeNull();
  return seconds;
}

const uniqueIp = () => `203.0.113.${1 + (randomBytes(1)[0]! % 254)}`;
let ipCounter = 0;
/** A fresh client address for each guess of a distributed attack (198.18.0.0/15 is for benchmarks). */
const nextIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

describe("the counter stores", () => {
  it("memory: a window starts at the first hit, refuses over the limit with the time left, and starts again when it ends", async () => {
    let now = 1_000_000;
    const store = new MemoryRateLimitStore(() => now);
    for (let n = 0; n < 3; n++) expect((await store.take("k", 1, 3, 60)).granted).toBe(true);
    now += 20_000;
    expect(await store.take("k", 1, 3, 60)).toEqual({ granted: false, retryAfterSeconds: 40 });
    await store.refund("k", 1);
    expect((await store.take("k", 1, 3, 60)).granted).toBe(true);
    expect((await store.take("k", 1, 3, 60)).granted).toBe(false);
    now += 40_000; // the window ends
    expect(await store.take("k", 1, 3, 60)).toEqual({ granted: true, retryAfterSeconds: 60 });
    now += 61_000;
    await store.take("other", 1, 3, 60); // sweeps what ended
    expect(store.size).toBe(1);
  });

  it("a store that fails lets requests through and says so in the log", async () => {
    const failing: RateLimitStore = {
      take: () => Promise.reject(new Error("connection refused")),
      refund: () => Promise.reject(new Error("connection refused")),
    };
    const warnings: unknown[] = [];
    const limiter = new RateLimiter(failing, { warn: (details: unknown) => void warnings.push(details) } as never);
    await limiter.consume("k", { limit: 1, windowSeconds: 60 }, "no");
    await limiter.consume("k", { limit: 1, windowSeconds: 60 }, "no");
    await limiter.refund("k");
    expect(warnings).toHaveLength(1); // one line a minute, not one per request
  });

  it("client addresses: IPv6 counts by its /64, IPv4-mapped IPv6 as the IPv4 address", () => {
    expect(addressKey("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2::9")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(addressKey("192.0.2.7")).toBe("192.0.2.7");
  });

  it("configuration: budgets read as count/window, `off` turns one off, nonsense is refused", () => {
    const config = loadConfig({ RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT: "5/30min", RATE_LIMIT_SIGN_UP_PER_IP: "off", TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" });
    expect(config.rateLimits.signInFailuresPerAccount).toEqual({ limit: 5, windowSeconds: 1800 });
    expect(config.rateLimits.signUpPerIp).toBeNull();
    expect(config.rateLimits.signInPerIp).toEqual({ limit: 30, windowSeconds: 60 });
    expect(config.trustProxy).toEqual(["10.0.0.0/8", "127.0.0.1"]);
    expect(defaults.trustProxy).toBe(false);
    expect(() => loadConfig({ RATE_LIMIT_SIGN_IN_PER_IP: "30 per minute" })).toThrow(/RATE_LIMIT_SIGN_IN_PER_IP/);
    expect(() => loadConfig({ RATE_LIMIT_SIGN_IN_PER_IP: "0/min" })).toThrow(/RATE_LIMIT_SIGN_IN_PER_IP/);
  });

  it("the platform budget: manual refreshes get half a platform's minute, the scheduled refresher the rest", async () => {
    const budget = new PlatformCallBudget(new RateLimiter(new MemoryRateLimitStore(), silentLog as never), () => 10);
    await budget.takeForManualRefresh(new Map([["TIKTOK", 5]]));
    const refused = await budget.takeForManualRefresh(new Map([["TIKTOK", 1]])).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe("RATE_LIMITED");
    // All or nothing: YOUTUBE's share is untouched when TIKTOK's is spent.
    await expect(budget.takeForManualRefresh(new Map([["YOUTUBE", 2], ["TIKTOK", 1]]))).rejects.toThrow(DomainError);
    await budget.takeForManualRefresh(new Map([["YOUTUBE", 5]]));
    const stop = new AbortController();
    for (let n = 0; n < 5; n++) expect(await budget.waitForScheduledCall("TIKTOK", stop.signal)).toBe(true);
    const waiting = budget.waitForScheduledCall("TIKTOK", stop.signal); // the minute is spent: waits for the next
    stop.abort();
    expect(await waiting).toBe(false);
  });
});

describe("sign-in, sign-up and session refresh, with the default limits", () => {
  let server: TestServer;
  let untrusting: TestServer;
  let victim: Actor;

  beforeAll(async () => {
    // Behind a proxy on the loopback: X-Forwarded-For names the client.
    server = await startTestServer({ rateLimits: defaults.rateLimits, trustProxy: ["127.0.0.1"] });
    untrusting = await startTestServer({ rateLimits: defaults.rateLimits });
    victim = await signUp(server, "BRAND"); // from 127.0.0.1 itself
  });
  afterAll(async () => {
    await server?.close();
    await untrusting?.close();
  });

  it("100 wrong passwords from 100 addresses lock the account: the right one is then refused until the window passes", async () => {
    const lockout = defaults.rateLimits.signInFailuresPerAccount!;
    const answers: GraphQLResponse[] = [];
    for (let n = 0; n < 100; n++) answers.push(await gqlFrom(server, nextIp(), SIGN_IN, { input: { email: victim.email, password: `guess number ${n}` } }));
    const codes = answers.map((answer) => answer.errors?.[0]?.extensions.code);
    expect(codes.slice(0, lockout.limit)).toEqual(Array(lockout.limit).fill("UNAUTHORIZED"));
    expect(codes.slice(lockout.limit)).toEqual(Array(100 - lockout.limit).fill("RATE_LIMITED"));

    const right = await gqlFrom(server, nextIp(), SIGN_IN, { input: { email: victim.email.toUpperCase(), password: PASSWORD } });
    expectGraphQLRateLimited(right, lockout.windowSeconds);
    // The lock is the account's, not the address's: another account signs in from the same addresses.
    const other = await signUp(server, "INFLUENCER");
    expect((await gqlFrom(server, nextIp(), SIGN_IN, { input: { email: other.email, password: PASSWORD } })).data?.signIn.user.id).toBe(other.id);
  });

  it("concurrent wrong passwords cannot overrun the lockout: exactly its limit of them are checked", async () => {
    const target = await signUp(server, "BRAND");
    const lockout = defaults.rateLimits.signInFailuresPerAccount!;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, n) => gqlFrom(server, nextIp(), SIGN_IN, { input: { email: target.email, password: `parallel guess ${n}` } })),
    );
    const codes = answers.map((answer) => answer.errors?.[0]?.extensions.code);
    expect(codes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(lockout.limit);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(40 - lockout.limit);
  });

  it("a right password gives back its own attempt, so a user who signs in often is never locked", async () => {
    const user = await signUp(server, "INFLUENCER");
    const ip = nextIp();
    for (let n = 0; n < 20; n++) {
      const answer = await gqlFrom(server, n % 2 ? ip : nextIp(), SIGN_IN, { input: { email: user.email, password: PASSWORD } });
      expect(answer.data?.signIn.user.id, JSON.stringify(answer.errors)).toBe(user.id);
    }
  });

  it("one address gets its per-minute budget of sign-ins across accounts, then 429; other addresses are unaffected", async () => {
    const budget = defaults.rateLimits.signInPerIp!;
    const ip = uniqueIp();
    const codes: string[] = [];
    for (let n = 0; n <= budget.limit; n++) {
      const answer = await gqlFrom(server, ip, SIGN_IN, { input: { email: `nobody-${n}-${randomBytes(3).toString("hex")}@example.test`, password: "not it at all" } });
      codes.push(answer.errors![0]!.extensions.code);
    }
    expect(codes.slice(0, budget.limit).every((code) => code === "UNAUTHORIZED")).toBe(true);
    expect(codes[budget.limit]).toBe("RATE_LIMITED");
    expectGraphQLRateLimited(await gqlFrom(server, ip, SIGN_IN, { input: { email: victim.email, password: PASSWORD } }), budget.windowSeconds);
    expect((await gqlFrom(server, nextIp(), SIGN_IN, { input: { email: "someone@example.test", password: "not it at all" } })).errors![0]!.extensions.code).toBe("UNAUTHORIZED");
  });

  it("without TRUST_PROXY, X-Forwarded-For is not believed: every forged address counts as the connection's", async () => {
    const budget = defaults.rateLimits.signInPerIp!;
    const codes: string[] = [];
    for (let n = 0; n <= budget.limit; n++) {
      const answer = await gqlFrom(untrusting, nextIp(), SIGN_IN, { input: { email: `forged-${n}@example.test`, password: "not it at all" } });
      codes.push(answer.errors![0]!.extensions.code);
    }
    expect(codes[budget.limit]).toBe("RATE_LIMITED");
  });

  it("sign-ups: a budget per address", async () => {
    const budget = defaults.rateLimits.signUpPerIp!;
    const ip = nextIp();
    const answers: GraphQLResponse[] = [];
    for (let n = 0; n <= budget.limit; n++) {
      const email = `signup-${n}-${randomBytes(4).toString("hex")}@example.test`;
      answers.push(await gqlFrom(server, ip, SIGN_UP, { input: { email, password: PASSWORD, role: "BRAND", displayName: "Burst" } }));
    }
    expect(answers.slice(0, budget.limit).every((answer) => answer.data?.signUp.user.id)).toBe(true);
    expectGraphQLRateLimited(answers[budget.limit]!, budget.windowSeconds);
  });

  it("session refreshes: a budget per account; a refused refresh does not spend the token", async () => {
    const budget = defaults.rateLimits.refreshSessionPerAccount!;
    const user = await signUp(server, "INFLUENCER");
    let token = user.refreshToken;
    for (let n = 0; n < budget.limit; n++) {
      const answer = await gqlFrom(server, nextIp(), REFRESH_SESSION, { token });
      token = answer.data!.refreshSession.refreshToken;
    }
    expectGraphQLRateLimited(await gqlFrom(server, nextIp(), REFRESH_SESSION, { token }), budget.windowSeconds);
    const [row] = await server.server.app.database.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashRefreshToken(token)));
    expect(row?.revokedAt).toBeNull();
  });
});

describe("password hashing is bounded", () => {
  let server: TestServer;
  const CONCURRENCY = 1;
  const QUEUE = 4;

  beforeAll(async () => {
    server = await startTestServer({ passwordHashConcurrency: CONCURRENCY, passwordHashQueueLimit: QUEUE });
  });
  afterAll(() => server?.close());

  it("a flood of wrong-password sign-ins in flight: other users' requests still answer, and hashing never exceeds its bound", async () => {
    const reader = await signUp(server, "BRAND");
    resetPasswordHashingPeak();
    let settled = 0;
    const flood = Array.from({ length: 64 }, (_, n) =>
      server.gql(SIGN_IN, { input: { email: `flood-${n}@example.test`, password: "wrong password" } }).finally(() => settled++),
    );
    // Wait until the flood is being hashed, then ask as someone else.
    while (passwordHashingStats().active === 0 && settled < flood.length) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBeLessThan(flood.length);
    for (let n = 0; n < 5; n++) {
      const viewer = await ok(server, `{ viewer { id } }`, {}, reader.token);
      expect(viewer.viewer.id).toBe(reader.id);
    }
    const answers = await Promise.all(flood);
    for (const answer of answers) {
      const code = answer.errors?.[0]?.extensions.code;
      expect(["UNAUTHORIZED", "RATE_LIMITED"]).toContain(code);
      if (code === "RATE_LIMITED") expectGraphQLRateLimited(answer, 1);
    }
    const { peak } = passwordHashingStats();
    expect(peak.active).toBeLessThanOrEqual(CONCURRENCY);
    expect(peak.waiting).toBeLessThanOrEqual(QUEUE);
  });

  it("beyond the queue, a hash is refused at once with RATE_LIMITED instead of waiting", async () => {
    // All asked in the same tick: one runs, QUEUE wait, the rest are refused before any finishes.
    const attempts = Array.from({ length: CONCURRENCY + QUEUE + 3 }, () => hashPassword("some password").then(() => "hashed", (error: unknown) => error));
    const results = await Promise.all(attempts);
    expect(results.filter((result) => result === "hashed")).toHaveLength(CONCURRENCY + QUEUE);
    const refused = results.filter((result) => result !== "hashed") as DomainError[];
    expect(refused).toHaveLength(3);
    expect(refused.every((error) => error instanceof DomainError && error.code === "RATE_LIMITED")).toBe(true);
  });
});

describe("manual metrics refreshes", () => {
  let fake: FakePlatforms;
  let server: TestServer;
  let brand: Actor;
  let campaignId: string;
  /** TikTok's budget in this server: manual refreshes may spend half of it a minute. */
  const TIKTOK_PER_MINUTE = 10;

  beforeAll(async () => {
    fake = await FakePlatforms.start();
    const platforms: Config["platforms"] = fake.platformSettings();
    platforms.TIKTOK = { ...platforms.TIKTOK, requestsPerMinute: TIKTOK_PER_MINUTE };
    server = await startTestServer({ platforms, platformTimeoutMs: 10_000 });
    brand = await signUp(server, "BRAND");
    campaignId = await createActiveCampaign(server, brand, { submissionLimit: 5 });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  /** How many budget windows (60 s, starting at the first call) a burst that ran from `startedAt` till now can touch. */
  const windowsSince = (startedAt: number) => Math.floor((Date.now() - startedAt) / 60_000) + 1;

  it("300 refreshes in a burst from one influencer: the per-user limit lets a few reach the platform, the rest are 429 in both shapes", async () => {
    const perUser = defaults.rateLimits.metricsRefreshPerUser!;
    const media = platformMedia(fake, "INSTAGRAM");
    const { influencer, participationId } = await trackedParticipation(server, brand, campaignId, [media]);
    fake.reset();
    const startedAt = Date.now();
    const outcomes: { status: number; code?: string }[] = [];
    for (let wave = 0; wave < 10; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, async (_, n) => {
          if (n % 2) {
            const rest = await call(server, "POST", `/metrics/participations/${participationId}/refresh`, { token: influencer.token });
            if (rest.status === 429) {
              expectError(rest, 429, "RATE_LIMITED");
              expect(rest.headers.get("retry-after")).toBe(String(rest.body.details.retryAfterSeconds));
              expect(rest.body.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
            }
            return { status: rest.status, code: rest.body?.error };
          }
          const graphql = await server.gql(REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
          if (graphql.status === 429) expectGraphQLRateLimited(graphql, perUser.windowSeconds);
          return { status: graphql.status, code: graphql.errors?.[0]?.extensions.code };
        }),
      );
      outcomes.push(...answers);
    }
    const allowed = perUser.limit * windowsSince(startedAt);
    const attempted = outcomes.filter((outcome) => outcome.status !== 429);
    expect(attempted.some((outcome) => outcome.status === 200 && outcome.code === undefined)).toBe(true);
    expect(attempted.length).toBeLessThanOrEqual(allowed);
    // A refresh let through can still fail at the platform (a timeout on a loaded machine): 503, never 500.
    expect(attempted.filter((outcome) => outcome.code !== undefined).every((outcome) => outcome.code === "SERVICE_UNAVAILABLE")).toBe(true);
    // One insights call per refresh of the one tracked post: the platform saw only the ones let through.
    expect(fake.requestsTo("instagram", /\/insights$/).length).toBe(attempted.length);
  });

  it("many users refreshing one platform at once: the platform's manual budget caps the calls, the rest answer 429 without calling", async () => {
    const users = 12;
    const participations: { influencer: Actor; participationId: string }[] = [];
    for (let n = 0; n < users; n++) {
      participations.push(await trackedParticipation(server, brand, campaignId, [platformMedia(fake, "TIKTOK")]));
    }
    fake.reset();
    const startedAt = Date.now();
    const answers = await Promise.all(
      participations.flatMap(({ influencer, participationId }) =>
        Array.from({ length: 10 }, () => server.gql(REFRESH_PARTICIPATION, { id: participationId }, influencer.token)),
      ),
    );
    const budget = server.server.app.rateLimits.platformCalls.manualLimit("TIKTOK");
    expect(budget).toBe(TIKTOK_PER_MINUTE / 2);
    const calls = fake.requestsTo("tiktok", /\/video\/query\/$/).length;
    const refused = answers.filter((answer) => answer.status === 429);
    const attempted = answers.filter((answer) => answer.status !== 429);
    expect(attempted.some((answer) => answer.data?.refreshParticipationMetrics)).toBe(true);
    expect(calls).toBe(attempted.length);
    expect(calls).toBeLessThanOrEqual(budget * windowsSince(startedAt));
    for (const answer of refused) expectGraphQLRateLimited(answer, 60);
    // Let through but failed at the platform (a timeout on a loaded machine): 503, never 500.
    expect(attempted.filter((answer) => answer.errors).map((answer) => answer.errors![0]!.extensions.code).every((code) => code === "SERVICE_UNAVAILABLE")).toBe(true);
  });
});

describe("the counters on a PostgreSQL server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it("are shared and exact under concurrency, and a window that ended starts again", async () => {
    if (server.driver !== "postgres") {
      // Embedded PGlite is one process: its counters are the in-memory store tested above.
      expect(server.server.app.database.driver).toBe("pglite");
      return;
    }
    const db = server.server.app.database.db;
    const one = new PostgresRateLimitStore(db);
    const two = new PostgresRateLimitStore(db); // another process's view of the same table
    const key = `test:${randomBytes(4).toString("hex")}`;
    const takes = await Promise.all(Array.from({ length: 50 }, (_, n) => (n % 2 ? one : two).take(key, 1, 10, 60)));
    expect(takes.filter((take) => take.granted)).toHaveLength(10);
    const refused = takes.find((take) => !take.granted)!;
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    await one.refund(key, 1);
    expect((await two.take(key, 1, 10, 60)).granted).toBe(true);
    expect((await two.take(key, 1, 10, 60)).granted).toBe(false);
    // The window passes.
    await db.execute(sql`update rate_limit_counters set window_ends_at = now() - interval '1 second' where key = ${key}`);
    const fresh = await one.take(key, 3, 10, 60);
    expect(fresh.granted).toBe(true);
    const [row] = (await db.execute(sql`select count from rate_limit_counters where key = ${key}`)) as unknown as { count: number }[];
    expect(row?.count).toBe(3);
  });
});

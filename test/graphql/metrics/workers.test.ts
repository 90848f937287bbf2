// The scheduled refresher on a backlog of 1,000 tracked submissions: two workers on ONE PostgreSQL
// database, each with its own connection pool, fetch every submission exactly once between them (claims use
// FOR UPDATE SKIP LOCKED leases). That means something only on the server; on embedded PGlite (one
// connection, one process) the same backlog runs through a single refresher and the same things are checked.
// A round over the backlog takes seconds on an idle machine and much longer on a busy one: the test waits for
// it as long as it makes progress (test/support/progress.ts), with no overall time budget.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { campaigns, participations, platformBackoffs, socialAccounts, submissions, users } from "../../../schema/tables.js";
import { openDatabase, queryRows, type DatabaseHandle } from "../../../src/db/client.js";
import type { Config } from "../../../src/config.js";
import { MetricsRefresher, type RoundSummary } from "../../../src/metrics/refresher.js";
import { SimulatedProvider } from "../../../src/metrics/providers/simulated.js";
import type { Providers } from "../../../src/metrics/providers/index.js";
import type { AccountRef, MediaRef, MetricsProvider } from "../../../src/metrics/providers/provider.js";
import { newPublicId } from "../../../src/shared/ids.js";
import { PLATFORMS } from "../../../src/platforms/platforms.js";
import { startTestServer, type TestServer } from "../../support/server.js";
import { unlessStalled } from "../../support/progress.js";

const INFLUENCERS = 100;
const PER_PARTICIPATION = 10;
const BACKLOG = INFLUENCERS * PER_PARTICIPATION;

let server: TestServer;
/** Every fetchMetrics call any refresher made, by external media id. */
const fetches = new Map<string, number>();
const unexpected: unknown[] = [];
const log = { info: () => {}, warn: () => {}, error: (details: unknown) => void unexpected.push(details) };

/** Simulated providers that count every fetch (the platform's view of "fetched twice"). */
function countingProviders(): Providers {
  const providers = {} as Providers;
  for (const platform of PLATFORMS) {
    const simulated = new SimulatedProvider(platform);
    const counting: MetricsProvider = {
      platform,
      mode: "simulated",
      renewal: "refresh-token",
      fetchMetrics(account: AccountRef, media: MediaRef) {
        fetches.set(media.externalMediaId, (fetches.get(media.externalMediaId) ?? 0) + 1);
        return simulated.fetchMetrics(account, media);
      },
      refreshAccessToken: (account, refreshToken) => simulated.refreshAccessToken(account, refreshToken),
    };
    providers[platform] = counting;
  }
  return providers;
}

function refresherConfig(): Config {
  const base = server.server.app.config;
  const platforms = Object.fromEntries(
    PLATFORMS.map((platform) => [platform, { ...base.platforms[platform], mode: "simulated" as const, requestsPerMinute: 6_000_000 }]),
  ) as Config["platforms"];
  return { ...base, platforms, workerBatchSize: 25, metricsFreshnessHours: 24 };
}

function refresher(database: DatabaseHandle): MetricsRefresher {
  return new MetricsRefresher({ db: database.db, encryption: server.server.app.encryption, providers: countingProviders(), log }, refresherConfig());
}

/** Users, accounts (tokens encrypted), one campaign, APPROVED participations and ACCEPTED submissions, inserted directly. */
async function insertBacklog(): Promise<{ submissionIds: string[] }> {
  const db = server.server.app.database.db;
  const { encryption } = server.server.app;
  const [brand] = await db
    .insert(users)
    .values({ publicId: newPublicId("user"), email: `brand-${Date.now()}@example.test`, passwordHash: "not-a-login", role: "BRAND", displayName: "Backlog brand" })
    .returning({ id: users.id });
  const influencers = await db
    .insert(users)
    .values(
      Array.from({ length: INFLUENCERS }, (_, n) => ({
        publicId: newPublicId("user"),
        email: `influencer-${n}-${Date.now()}@example.test`,
        passwordHash: "not-a-login",
        role: "INFLUENCER" as const,
        displayName: `Influencer ${n}`,
      })),
    )
    .returning({ id: users.id });
  await db.insert(socialAccounts).values(
    influencers.flatMap((influencer) =>
      PLATFORMS.map((platform) => ({
        publicId: newPublicId("account"),
        userId: influencer.id,
        platform,
        externalAccountId: `${platform.toLowerCase()}-${influencer.id}`,
        accessTokenEncrypted: encryption.encrypt(`access-${platform}-${influencer.id}`),
        refreshTokenEncrypted: encryption.encrypt(`refresh-${platform}-${influencer.id}`),
      })),
    ),
  );
  const [campaign] = await db
    .insert(campaigns)
    .values({ publicId: newPublicId("campaign"), ownerId: brand!.id, title: "Backlog", currency: "USD", status: "CAMPAIGN_ACTIVE", submissionLimit: PER_PARTICIPATION })
    .returning({ id: campaigns.id });
  const joined = await db
    .insert(participations)
    .values(influencers.map((influencer) => ({ publicId: newPublicId("participation"), campaignId: campaign!.id, influencerId: influencer.id, status: "PARTICIPATION_STATUS_APPROVED" as const })))
    .returning({ id: participations.id });
  const start = Date.now() - 48 * 3_600_000;
  const rows = await db
    .insert(submissions)
    .values(
      joined.flatMap((participation, p) =>
        Array.from({ length: PER_PARTICIPATION }, (_, n) => {
          const platform = PLATFORMS[(p + n) % PLATFORMS.length]!;
          const externalMediaId = `m${participation.id}x${n}`;
          return {
            publicId: newPublicId("submission"),
            participationId: participation.id,
            platform,
            contentUrl: `https://example.invalid/${platform}/${externalMediaId}`,
            externalMediaId,
            declaredContentType: "POST" as const,
            status: "ACCEPTED" as const,
            postedAt: new Date(start),
            submittedAt: new Date(start + (p * PER_PARTICIPATION + n) * 1_000),
            reviewedAt: new Date(start + 3_600_000),
          };
        }),
      ),
    )
    .returning({ publicId: submissions.publicId });
  return { submissionIds: rows.map((row) => row.publicId) };
}

/** Attempts and snapshots per submission, across the whole database. */
async function perSubmissionCounts() {
  return queryRows<{ public_id: string; attempts: number; snapshots: number; leased: boolean }>(
    server.server.app.database.db,
    sql`select s.public_id,
               (select count(*)::int from ingestion_attempts a where a.submission_id = s.id) as attempts,
               (select count(*)::int from metrics_snapshots m where m.submission_id = s.id) as snapshots,
               s.metrics_lease_until is not null as leased
        from submissions s`,
  );
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe(`a backlog of ${BACKLOG} tracked submissions`, () => {
  let all: string[];
  let summaries: RoundSummary[];
  let second: DatabaseHandle | undefined;
  afterAll(() => second?.close());

  // Bulk inserts: seconds at most, well within the hook timeout.
  beforeAll(async () => {
    ({ submissionIds: all } = await insertBacklog());
  });

  const fetched = () => [...fetches.values()].reduce((sum, count) => sum + count, 0);

  it(process.env.DATABASE_URL ? "two workers on one PostgreSQL database, each with its own pool" : "one refresher on PGlite (one connection)", async () => {
    expect(all).toHaveLength(BACKLOG);
    // No ANALYZE after the bulk load, on purpose: PGlite has no autovacuum, so the claim must be fast
    // without table statistics (it ranks tracked submissions with one window function).

    const started = Date.now();
    if (server.driver === "postgres") {
      // Worker two: its own pool on the same database, as a second `npm run worker` process would have.
      second = await openDatabase({ databaseUrl: server.server.app.config.databaseUrl, pgliteDataDir: "memory://", poolSize: 4 });
      expect(second.driver).toBe("postgres");
      const rounds = Promise.all([refresher(server.server.app.database).runRound(), refresher(second).runRound()]);
      summaries = await unlessStalled(rounds, fetched, "two refresher rounds over the backlog");
      // Both took part (with 25-row batches over 1,000 rows, neither can finish before the other starts).
      expect(summaries.every((summary) => summary.claimed > 0)).toBe(true);
    } else {
      summaries = [await unlessStalled(refresher(server.server.app.database).runRound(), fetched, "a refresher round over the backlog")];
    }
    const elapsed = Date.now() - started;
    console.info(`[metrics-workers] ${server.driver}: ${BACKLOG} submissions by ${summaries.length} worker(s) in ${elapsed} ms (${summaries.map((s) => s.claimed).join(" + ")})`);

    expect(unexpected).toEqual([]);
    // Between them: every submission once, none twice.
    const seen = summaries.flatMap((summary) => summary.submissionIds);
    expect(seen).toHaveLength(BACKLOG);
    expect(new Set(seen)).toEqual(new Set(all));
    if (summaries.length === 2) {
      const [a, b] = summaries.map((summary) => new Set(summary.submissionIds));
      expect([...a!].filter((id) => b!.has(id))).toEqual([]);
    }
    expect(summaries.reduce((sum, summary) => sum + summary.claimed, 0)).toBe(BACKLOG);
    expect(summaries.reduce((sum, summary) => sum + summary.succeeded, 0)).toBe(BACKLOG);
    expect(summaries.reduce((sum, summary) => sum + summary.failed, 0)).toBe(0);

    // What the platforms saw: each media asked for exactly once.
    expect(fetches.size).toBe(BACKLOG);
    expect([...fetches.values()].filter((count) => count !== 1)).toEqual([]);

    // What the database holds: one attempt and one snapshot each, no lease left behind.
    const counts = await perSubmissionCounts();
    expect(counts).toHaveLength(BACKLOG);
    expect(counts.filter((row) => row.attempts !== 1 || row.snapshots !== 1 || row.leased)).toEqual([]);
    // No time budget: unlessStalled fails the round only when it stops making progress.
  }, 0);

  it("right after, nothing is due: another round (on every worker) claims nothing", async () => {
    const handles = second ? [server.server.app.database, second] : [server.server.app.database];
    const again = await Promise.all(handles.map((handle) => refresher(handle).runRound()));
    expect(again.map((summary) => summary.claimed)).toEqual(handles.map(() => 0));
    expect(fetches.size).toBe(BACKLOG);
  });

  it("data gone stale is due again, except on a platform that is backed off", async () => {
    const db = server.server.app.database.db;
    // Ten stale submissions per platform.
    await db.execute(sql`update submissions set last_metrics_attempt_at = now() - interval '2 days'
                         where id in (select id from (select id, row_number() over (partition by platform order by id) as n from submissions) ranked where n <= 10)`);
    await db.insert(platformBackoffs).values({ platform: "YOUTUBE", until: new Date(Date.now() + 3_600_000), reason: "test" });
    fetches.clear();
    const handles = second ? [server.server.app.database, second] : [server.server.app.database];
    const rounds = await Promise.all(handles.map((handle) => refresher(handle).runRound()));
    const refreshed = rounds.flatMap((round) => round.submissionIds);
    expect(refreshed).toHaveLength(30);
    expect(new Set(refreshed).size).toBe(30);
    const platforms = await queryRows<{ platform: string; n: number }>(
      db,
      sql`select platform, count(*)::int as n from submissions where public_id = any(${sql.param(refreshed)}::text[]) group by platform order by platform`,
    );
    // (The platform enum sorts in declaration order.)
    expect(platforms).toEqual([
      { platform: "INSTAGRAM", n: 10 },
      { platform: "TIKTOK", n: 10 },
      { platform: "FACEBOOK", n: 10 },
    ]);
    expect([...fetches.values()].every((count) => count === 1)).toBe(true);
  });
});

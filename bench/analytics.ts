// Analytics latency and SQL statements per request, on data the size docs/analytics.md cares about:
//   - GET /submissions/{id}/analytics for one submission with a year of hourly snapshots (8,760), over the
//     default window (30 days, DAY) and over 366 days (WEEK);
//   - GraphQL campaignAnalytics (the brand's dashboard, and its CSV) over a campaign of 1,000 accepted
//     submissions with hourly snapshots for the last 30 days (720,000 snapshots), and the dashboard over one
//     of 100 (BENCH_SMALL_SUBMISSIONS) with the same snapshots: the ratio of the two is docs/performance.md's
//     "campaign analytics 1,000 vs 100 submissions".
// Requests run one after another, so the server's statement counter's delta is exactly one request's.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/analytics.ts   # a scratch database, dropped after
//   npx tsx bench/analytics.ts                                                          # embedded PGlite in memory
//   BENCH_REQUESTS=200 BENCH_CAMPAIGN_REQUESTS=50 BENCH_SUBMISSIONS=1000 BENCH_CAMPAIGN_HOURS=720 …
// `npm run bench` runs it with the other benchmarks.
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { startTestServer } from "../test/support/server.js";
import { queryRows } from "../src/db/client.js";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CAMPAIGN_REQUESTS = Number(process.env.BENCH_CAMPAIGN_REQUESTS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 1000);
const SMALL_SUBMISSIONS = Number(process.env.BENCH_SMALL_SUBMISSIONS ?? 100);
const CAMPAIGN_HOURS = Number(process.env.BENCH_CAMPAIGN_HOURS ?? 720);
const YEAR_HOURS = 8760;
/** The whole run stops by itself after this long, whatever happens. */
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 15 * 60_000);

const deadline = setTimeout(() => {
  console.error(`bench/analytics: still running after ${DEADLINE_MS / 1000} s; giving up`);
  process.exit(2);
}, DEADLINE_MS);
deadline.unref();

// A real server on 127.0.0.1: PGlite in memory, or with DATABASE_URL a scratch database on that server,
// dropped at the end (the same harness as the tests). BENCH_KEEP_DATABASE=1 keeps it for EXPLAIN.
const harness = await startTestServer(
  { seedDemoData: false, workerInServer: false },
  { databasePrefix: "varmply_bench_analytics", keepDatabase: process.env.BENCH_KEEP_DATABASE === "1" },
);
const { server, url: base } = harness;
const db = server.app.database.db;

async function graphql(query: string, variables: Record<string, unknown>, token?: string) {
  const { data, errors } = await harness.gql(query, variables, token);
  if (errors) throw new Error(`bench request failed: ${JSON.stringify(errors)}`);
  return data;
}

async function signUp(role: "BRAND" | "INFLUENCER") {
  const tag = randomBytes(4).toString("hex");
  const data = await graphql(`mutation($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } } }`, {
    input: { email: `${role.toLowerCase()}-${tag}@bench.test`, password: "bench password 123", role, displayName: `${role} ${tag}` },
  });
  return { token: data.signUp.accessToken as string, id: data.signUp.user.id as string };
}

async function activeCampaign(token: string, title: string): Promise<string> {
  const campaign = await graphql(
    `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }`,
    { input: { title, currency: "USD", submissionLimit: 5 } },
    token,
  );
  const campaignId: string = campaign.createCampaign.campaign.id;
  await graphql(`mutation($id: ID!) { setCampaignStatus(id: $id, status: CAMPAIGN_ACTIVE) { campaign { id } } }`, { id: campaignId }, token);
  return campaignId;
}

/** A brand's active campaign; one influencer's accepted Instagram submission made through the API. */
async function setUp() {
  const brand = await signUp("BRAND");
  const influencer = await signUp("INFLUENCER");
  const campaignId = await activeCampaign(brand.token, "Bench campaign");
  await graphql(
    `mutation($input: ConnectSocialAccountInput!) { connectSocialAccount(input: $input) { socialAccount { id } } }`,
    { input: { platform: "INSTAGRAM", externalAccountId: "bench", accessToken: "bench-access", refreshToken: "bench-refresh" } },
    influencer.token,
  );
  const joined = await graphql(`mutation($id: ID!) { joinCampaign(campaignId: $id) { participation { id } } }`, { id: campaignId }, influencer.token);
  const submitted = await graphql(
    `mutation($input: SubmitContentInput!) { submitContent(input: $input) { submission { id } } }`,
    { input: { participationId: joined.joinCampaign.participation.id, platform: "INSTAGRAM", contentUrl: `https://www.instagram.com/p/Cbench${randomBytes(3).toString("hex")}/` } },
    influencer.token,
  );
  const submissionId: string = submitted.submitContent.submission.id;
  await graphql(`mutation($input: ReviewSubmissionInput!) { reviewSubmission(input: $input) { submission { id } } }`, { input: { submissionId, action: "APPROVE" } }, brand.token);
  return { brand, influencer, campaignId, submissionId };
}

const execute = (query: ReturnType<typeof sql>) => db.execute(query);

/** Hourly cumulative snapshots ending now for the given submissions (one INSERT … SELECT generate_series). */
async function insertHourlySnapshots(where: ReturnType<typeof sql>, hours: number) {
  await execute(sql`
    insert into metrics_snapshots (public_id, submission_id, fetched_at, impressions, reach, likes, comments, saves, shares, views)
    select 'snapshot_' || substr(md5(s.id::text || '-' || h::text), 1, 20), s.id,
           date_trunc('hour', now()) - make_interval(hours => ${hours} - h),
           h * 40 + (s.id % 7), h * 30, h * 3, h / 2, h / 5, h / 9, h * 55
    from submissions s cross join generate_series(1, ${hours}) as h
    where ${where}`);
}

/**
 * `submissions` accepted submissions in the campaign in all (the one made through the API, if any, and the
 * rest, 4 per influencer, written directly: the API would take minutes). `label` keeps campaigns' rows apart.
 */
async function fillCampaign(campaignId: string, submissions: number, label: string) {
  const bulk = submissions - 1;
  const influencers = Math.ceil(bulk / 4);
  await execute(sql`
    insert into users (public_id, email, password_hash, role, display_name)
    select 'user_' || substr(md5('bench-user-' || ${label} || i), 1, 20), 'bench-' || ${label} || '-' || i || '@bench.test', 'not-a-hash', 'INFLUENCER', 'Bench influencer ' || i
    from generate_series(1, ${influencers}) as i`);
  await execute(sql`
    insert into participations (public_id, campaign_id, influencer_id, status)
    select 'participation_' || substr(md5(u.public_id), 1, 20), c.id, u.id, 'PARTICIPATION_STATUS_APPROVED'
    from users u cross join (select id from campaigns where public_id = ${campaignId}) c
    where u.email like 'bench-' || ${label} || '-%@bench.test'`);
  await execute(sql`
    insert into submissions (public_id, participation_id, platform, content_url, external_media_id, declared_content_type, status, submitted_at)
    select 'submission_' || substr(md5(p.public_id || '-' || k), 1, 20), p.id,
           (array['INSTAGRAM', 'TIKTOK', 'YOUTUBE', 'FACEBOOK'])[1 + (p.id + k) % 4]::platform,
           'https://www.instagram.com/p/B' || p.id || 'x' || k || '/', 'B' || p.id || 'x' || k, 'POST', 'ACCEPTED',
           now() - make_interval(days => 31, secs => k)
    from participations p cross join generate_series(1, 4) as k
    where p.campaign_id = (select id from campaigns where public_id = ${campaignId})
      and p.influencer_id in (select id from users where email like 'bench-' || ${label} || '-%@bench.test')
    order by p.id, k
    limit ${bulk}`);
  await insertHourlySnapshots(
    sql`s.participation_id in (select id from participations where campaign_id = (select id from campaigns where public_id = ${campaignId}))
        and s.external_media_id like 'B%'`,
    CAMPAIGN_HOURS,
  );
  await execute(sql`
    insert into submission_earnings (submission_id, accrued_cents, earned_cents, paid_cents)
    select s.id, 1000 + s.id % 500, 1000 + s.id % 500, 200
    from submissions s join participations p on p.id = s.participation_id
    where p.campaign_id = (select id from campaigns where public_id = ${campaignId})
    on conflict do nothing`);
  await execute(sql`analyze`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Result {
  name: string;
  requests: number;
  median: number;
  p99: number;
  statements: string;
}

/** Runs `request` WARMUP times, then `count` times, measuring latency and statements per request. */
async function measure(name: string, count: number, request: () => Promise<void>): Promise<Result> {
  for (let i = 0; i < WARMUP; i++) await request();
  const latencies: number[] = [];
  const statements = new Set<number>();
  for (let i = 0; i < count; i++) {
    const before = server.app.database.statementCount;
    const start = performance.now();
    await request();
    latencies.push(performance.now() - start);
    statements.add(server.app.database.statementCount - before);
  }
  latencies.sort((a, b) => a - b);
  const counts = [...statements].sort((a, b) => a - b);
  return { name, requests: count, median: percentile(latencies, 50), p99: percentile(latencies, 99), statements: counts.join("/") };
}

async function rest(path: string, token: string) {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

const DASHBOARD = `query($id: ID!) { campaignAnalytics(campaignId: $id) {
  submissionCount influencerCount
  totals { impressions reach likes comments shares saves views }
  performance { deliveredImpressions engagements effectiveCpmCents engagementRate }
  spend { accruedCents paidCents blockedCents payableCents escrowLeftCents blockedReasonCode }
  timeseries { bucket series { metric points { startAt endAt value isPartial source } } }
  byPlatform { platform submissionCount totals { impressions views } performance { effectiveCpmCents engagementRate } }
  byInfluencer(first: 100) { participation { id } influencer { id displayName } submissionCount performance { deliveredImpressions } }
  topSubmissions(first: 10) { submission { id contentUrl } performance { deliveredImpressions } }
} }`;
const CSV = `query($id: ID!) { campaignAnalytics(campaignId: $id) { csv } }`;
const COMPARE_DASHBOARD = `query($id: ID!) { campaignAnalytics(campaignId: $id) {
  submissionCount influencerCount
  totals { impressions reach likes comments shares saves views }
  performance { deliveredImpressions engagements effectiveCpmCents engagementRate }
  spend { accruedCents paidCents blockedCents payableCents escrowLeftCents blockedReasonCode }
  timeseries { bucket series { metric points { startAt endAt value isPartial source } } }
  byPlatform { platform submissionCount totals { impressions views } performance { effectiveCpmCents engagementRate } }
  topSubmissions(first: 10) { submission { id contentUrl } performance { deliveredImpressions } }
} }`;

try {
  const started = performance.now();
  const { brand, campaignId, submissionId } = await setUp();
  await insertHourlySnapshots(sql`s.public_id = ${submissionId}`, YEAR_HOURS);
  await fillCampaign(campaignId, SUBMISSIONS, "large");
  const smallCampaignId = await activeCampaign(brand.token, "Bench campaign, small");
  await fillCampaign(smallCampaignId, SMALL_SUBMISSIONS + 1, "small");
  const [{ count: snapshots }] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from metrics_snapshots`);
  const setupSeconds = ((performance.now() - started) / 1000).toFixed(1);

  const checked = await graphql(`query($id: ID!) { campaignAnalytics(campaignId: $id) { submissionCount } }`, { id: campaignId }, brand.token);
  const yearTo = new Date(Date.now() + 3_600_000);
  const yearWindow = `from=${encodeURIComponent(new Date(yearTo.getTime() - 366 * 86_400_000).toISOString())}&to=${encodeURIComponent(yearTo.toISOString())}`;
  const results = [
    await measure("GET /submissions/{id}/analytics, 8,760 snapshots, default 30 days (DAY)", REQUESTS, () =>
      rest(`/submissions/${submissionId}/analytics`, brand.token),
    ),
    await measure("GET /submissions/{id}/analytics, 8,760 snapshots, 366 days (WEEK)", REQUESTS, () =>
      rest(`/submissions/${submissionId}/analytics?${yearWindow}`, brand.token),
    ),
    await measure(`campaignAnalytics dashboard, ${checked.campaignAnalytics.submissionCount} submissions, 30 days (DAY)`, CAMPAIGN_REQUESTS, async () => {
      await graphql(DASHBOARD, { id: campaignId }, brand.token);
    }),
    await measure(`campaignAnalytics csv, ${checked.campaignAnalytics.submissionCount} submissions`, CAMPAIGN_REQUESTS, async () => {
      await graphql(CSV, { id: campaignId }, brand.token);
    }),
    // bench/compare's campaign workload (no byInfluencer, no csv) at both sizes
    await measure(`campaignAnalytics (bench/compare's query), ${SMALL_SUBMISSIONS} submissions`, CAMPAIGN_REQUESTS, async () => {
      await graphql(COMPARE_DASHBOARD, { id: smallCampaignId }, brand.token);
    }),
    await measure(`campaignAnalytics (bench/compare's query), ${checked.campaignAnalytics.submissionCount} submissions`, CAMPAIGN_REQUESTS, async () => {
      await graphql(COMPARE_DASHBOARD, { id: campaignId }, brand.token);
    }),
  ];

  console.log(
    `analytics on ${server.app.database.driver} (${harness.databaseUrl ? "scratch database on DATABASE_URL's server" : "in memory"}): ` +
      `${snapshots.toLocaleString("en-US")} snapshots, set up in ${setupSeconds} s; ${WARMUP} warm-up requests each`,
  );
  console.log("| request | n | median ms | p99 ms | SQL statements / request |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const r of results) console.log(`| ${r.name} | ${r.requests} | ${r.median.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.statements} |`);
  const [small, large] = results.slice(-2);
  console.log(`\ncampaignAnalytics latency, ${checked.campaignAnalytics.submissionCount} / ${SMALL_SUBMISSIONS} submissions: ${(large!.median / small!.median).toFixed(2)}× (medians)`);
} finally {
  await harness.close();
}

// Contract tests of GET /submissions/{submissionId}/analytics and GET /participations/{participationId}/analytics
// against the seeds: every key with the seed's name and JSON type (the key lists are transcribed from
// varmply-submission-analytics.txt and varmply-participations.txt, not from rest-compat/), each error status
// in the error shape, and who may read (docs/decisions.md).
import { createServer as createTcpServer, connect, type AddressInfo, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call, expectError, expectFieldError, expectShape, schemaValidator, type RestResponse, type Spec } from "../../support/rest.js";
import { connectAccount, join, ok, signUp, submit } from "../../support/factories.js";
import { acceptedSubmission, addAccepted, insertAttempt, insertSnapshots, setEarnings } from "../../support/analytics.js";
import { openApiDocument } from "../../../rest-compat/index.js";
import { loadOperations } from "../../../rest-compat/core/operations.js";

// ---- the seeds' shapes --------------------------------------------------------------------------------------

const TOTALS: Spec = {
  impressions: "integer|null",
  reach: "integer|null",
  likes: "integer|null",
  comments: "integer|null",
  shares: "integer|null",
  saves: "integer|null",
  views: "integer|null",
};

const METRICS: Spec = {
  totals: TOTALS,
  timeseries: {
    bucket: "string",
    series: [
      {
        metric: "string",
        // `source` is null exactly when `value` is (docs/analytics.md)
        points: [{ start_at: "timestamp", end_at: "timestamp", value: "integer|null", is_partial: "boolean", source: "string|null" }],
      },
    ],
  },
};

const MONEY: Spec = { accrued_cents: "integer", paid_cents: "integer", blocked_cents: "integer", blocked_reason_code: "string|null" };

const FRESHNESS_TIMES = {
  last_snapshot_at: "timestamp|null",
  last_attempt_at: "timestamp|null",
  last_success_at: "timestamp|null",
  last_failure_reason: "string|null",
  freshness_status: "string",
};

const SUBMISSION_ANALYTICS: Spec = {
  submission_id: "string",
  participation_id: "string",
  campaign_id: "string",
  platform: "string",
  content_url: "string",
  status: "string",
  metrics: METRICS,
  money: MONEY,
  freshness: { status: "string", ...FRESHNESS_TIMES },
};

// The seed: { participation_id, campaign_id, integration_capability, submissions: [],
//   aggregate: { by_platform: [], overall: { … }, blocked_reason_code }, freshness: { five keys } };
// the elided item and aggregate keys are the ones docs/rest-compat.md and docs/analytics.md name.
const AGGREGATE = { submission_count: "integer", metrics: METRICS, money: MONEY };
const PARTICIPATION_ANALYTICS: Spec = {
  participation_id: "string",
  campaign_id: "string",
  integration_capability: "string",
  submissions: [
    {
      submission_id: "string",
      platform: "string",
      content_url: "string",
      status: "string",
      is_counted: "boolean",
      is_tracked: "boolean",
      freshness: { status: "string", ...FRESHNESS_TIMES },
    },
  ],
  aggregate: { by_platform: [{ platform: "string", ...AGGREGATE }], overall: AGGREGATE, blocked_reason_code: "string|null" },
  freshness: FRESHNESS_TIMES,
};

// ---- the server ---------------------------------------------------------------------------------------------

let server: TestServer;
let admin: string;
const matchesSchema = schemaValidator();
const openapi = openApiDocument(loadOperations());
const ADMIN = { email: "analytics-admin@varmply.test", password: "admin password 123" };

beforeAll(async () => {
  server = await startTestServer({ adminEmail: ADMIN.email, adminPassword: ADMIN.password });
  const data = await ok(server, `mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`, { input: ADMIN });
  admin = data.signIn.accessToken;
});
afterAll(() => server?.close());

/** The response fits the schema /openapi.json publishes for that path and status. */
function expectDocumented(path: string, response: RestResponse) {
  const operation = (openapi.paths as any)[path].get;
  const schema = operation.responses[response.status].content["application/json"].schema;
  expect(matchesSchema(schema.$ref ? openapi.components.schemas.Error : schema, response.body)).toEqual([]);
}

const get = (path: string, token?: string) => call(server, "GET", path, { token });
const SUBMISSION_PATH = "/submissions/{submissionId}/analytics";
const PARTICIPATION_PATH = "/participations/{participationId}/analytics";
const WINDOW = "from=2024-01-01T00%3A00%3A00Z&to=2024-01-04T00%3A00%3A00Z&bucket=DAY";

/** An Instagram submission with three days of snapshots, attempts, and money (50 of 1,000 cents blocked, 300 paid). */
async function tracked() {
  const accepted = await acceptedSubmission(server);
  await insertSnapshots(server, accepted.rowId, [
    { at: "2024-01-01T12:00:00Z", impressions: 1000, reach: 800, likes: 50, comments: 5, shares: 2, saves: 1, views: 1200 },
    { at: "2024-01-02T12:00:00Z", impressions: 1500, reach: 1100, likes: 70, comments: 8, shares: 3, saves: 2, views: 1800 },
  ]);
  await insertAttempt(server, accepted.rowId, "2024-01-01T12:00:00Z");
  await insertAttempt(server, accepted.rowId, "2024-01-02T12:00:00Z");
  await insertAttempt(server, accepted.rowId, "2024-01-02T18:00:00Z", "RATE_LIMIT");
  await setEarnings(server, accepted.rowId, { accrued: 1000, blocked: 50, paid: 300 });
  return accepted;
}

describe("GET /submissions/{submissionId}/analytics", () => {
  it("answers the seed's shape with the window's numbers", async () => {
    const accepted = await tracked();
    const response = await get(`/submissions/${accepted.submissionId}/analytics?${WINDOW}`, accepted.influencer.token);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expectShape(response.body, SUBMISSION_ANALYTICS);
    expectDocumented(SUBMISSION_PATH, response);
    const body = response.body;
    expect(body).toMatchObject({
      submission_id: accepted.submissionId,
      participation_id: accepted.participationId,
      campaign_id: accepted.campaignId,
      platform: "INSTAGRAM",
      status: "ACCEPTED",
    });
    expect(body.content_url).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
    expect(body.metrics.totals).toEqual({ impressions: 1500, reach: 1100, likes: 70, comments: 8, shares: 3, saves: 2, views: 1800 });
    expect(body.metrics.timeseries.bucket).toBe("DAY");
    expect(body.metrics.timeseries.series.map((s: any) => s.metric)).toEqual(["impressions", "reach", "likes", "comments", "shares", "saves", "views"]);
    expect(body.metrics.timeseries.series[0].points).toEqual([
      { start_at: "2024-01-01T00:00:00.000Z", end_at: "2024-01-02T00:00:00.000Z", value: 1000, is_partial: false, source: "PLATFORM_TOTAL" },
      { start_at: "2024-01-02T00:00:00.000Z", end_at: "2024-01-03T00:00:00.000Z", value: 500, is_partial: false, source: "SNAPSHOT_DELTA" },
      { start_at: "2024-01-03T00:00:00.000Z", end_at: "2024-01-04T00:00:00.000Z", value: null, is_partial: false, source: null },
    ]);
    expect(body.money).toEqual({ accrued_cents: 1000, paid_cents: 300, blocked_cents: 50, blocked_reason_code: "INSUFFICIENT_ESCROW" });
    // The last attempt failed; the last snapshot is long ago.
    expect(body.freshness).toEqual({
      status: "FAILED",
      last_snapshot_at: "2024-01-02T12:00:00.000Z",
      last_attempt_at: "2024-01-02T18:00:00.000Z",
      last_success_at: "2024-01-02T12:00:00.000Z",
      last_failure_reason: "RATE_LIMIT",
      freshness_status: "STALE",
    });
  });

  it("applies the defaults and reports fresh metrics as OK / FRESH, with nothing blocked", async () => {
    const accepted = await acceptedSubmission(server);
    const recent = new Date(Date.now() - 3_600_000);
    await insertSnapshots(server, accepted.rowId, [{ at: recent, views: 10 }]);
    await insertAttempt(server, accepted.rowId, recent);
    const response = await get(`/submissions/${accepted.submissionId}/analytics`, accepted.influencer.token);
    expect(response.status).toBe(200);
    expectShape(response.body, SUBMISSION_ANALYTICS);
    expectDocumented(SUBMISSION_PATH, response);
    const points = response.body.metrics.timeseries.series[0].points;
    expect(response.body.metrics.timeseries.bucket).toBe("DAY");
    expect(new Date(points.at(-1).end_at).getTime() - new Date(points[0].start_at).getTime()).toBe(30 * 86_400_000);
    expect(points.at(-1).is_partial).toBe(true);
    expect(response.body.money).toEqual({ accrued_cents: 0, paid_cents: 0, blocked_cents: 0, blocked_reason_code: null });
    expect(response.body.freshness).toMatchObject({ status: "OK", freshness_status: "FRESH", last_failure_reason: null });
  });

  it("is 400 naming the field for a bad from, to, bucket or id", async () => {
    const accepted = await acceptedSubmission(server);
    const base = `/submissions/${accepted.submissionId}/analytics`;
    const cases: [string, string][] = [
      [`${base}?from=yesterday`, "from"],
      [`${base}?to=2024-13-01T00:00:00Z`, "to"],
      [`${base}?bucket=HOUR`, "bucket"],
      [`${base}?bucket=day`, "bucket"],
      [`${base}?from=2024-01-05T00:00:00Z&to=2024-01-01T00:00:00Z`, "from"],
      [`${base}?from=2023-01-01T00:00:00Z&to=2024-06-01T00:00:00Z`, "from"],
      [`${base}?from=2024-01-01T00:00:00Z&to=2024-06-01T00:00:00Z&bucket=DAY`, "bucket"],
      [`/submissions/xyz/analytics`, "submissionId"],
      [`/submissions/${accepted.participationId}/analytics`, "submissionId"],
    ];
    for (const [path, field] of cases) {
      const response = await get(path, accepted.influencer.token);
      expectFieldError(response, field);
      expectDocumented(SUBMISSION_PATH, response);
    }
  });

  it("is readable by the creator, the campaign owner and admins; 404 for anybody else, 401 without a token", async () => {
    const accepted = await tracked();
    const path = `/submissions/${accepted.submissionId}/analytics?${WINDOW}`;
    for (const token of [accepted.influencer.token, accepted.brand.token, admin]) {
      const response = await get(path, token);
      expect(response.status).toBe(200);
      expect(response.body.money.accrued_cents).toBe(1000);
    }
    for (const stranger of [await signUp(server, "BRAND"), await signUp(server, "INFLUENCER")]) {
      const response = await get(path, stranger.token);
      expectError(response, 404, "NOT_FOUND");
      expectDocumented(SUBMISSION_PATH, response);
    }
    expectError(await get(`/submissions/submission_0000000000000000000A/analytics`, accepted.influencer.token), 404, "NOT_FOUND");
    const anonymous = await get(path);
    expectError(anonymous, 401, "UNAUTHORIZED");
    expectDocumented(SUBMISSION_PATH, anonymous);
  });

  it("is 503 in the error shape when the database cannot be reached", async () => {
    const accepted = await tracked();
    const lost = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    // The analytics statements run in a transaction: a lost server fails its BEGIN.
    const transaction = vi.spyOn(server.server.app.database.db, "transaction").mockRejectedValue(lost);
    try {
      const response = await get(`/submissions/${accepted.submissionId}/analytics`, accepted.influencer.token);
      expectError(response, 503, "SERVICE_UNAVAILABLE");
      expectDocumented(SUBMISSION_PATH, response);
      const participation = await get(`/participations/${accepted.participationId}/analytics`, accepted.influencer.token);
      expectError(participation, 503, "SERVICE_UNAVAILABLE");
      // GraphQL says the same, without the driver's message.
      const graphql = await server.gql(`query($id: ID!) { submissionAnalytics(submissionId: $id) { money { accruedCents } } }`, { id: accepted.submissionId }, accepted.influencer.token);
      expect(graphql.errors?.[0]?.extensions.code).toBe("SERVICE_UNAVAILABLE");
      expect(graphql.errors?.[0]?.message).not.toMatch(/ECONNREFUSED|5432/);
    } finally {
      transaction.mockRestore();
    }
    expect((await get(`/submissions/${accepted.submissionId}/analytics`, accepted.influencer.token)).status).toBe(200);
  });
});

// Only a PostgreSQL server can go away under the API (PGlite lives in the process), so this scenario exists
// in the server run; both runs test the same answer through a failing connection above.
if (process.env.DATABASE_URL) describe("a PostgreSQL server that goes away", () => {
  // A TCP proxy between the API and the server, cut while the API runs: no mock, the driver's own errors.
  it("answers 503 in the error shape on both paths, and GraphQL SERVICE_UNAVAILABLE", async () => {
    const upstream = new URL(process.env.DATABASE_URL!);
    const sockets = new Set<Socket>();
    const proxy = createTcpServer((client) => {
      const target = connect(Number(upstream.port || 5432), upstream.hostname);
      for (const socket of [client, target]) {
        sockets.add(socket);
        socket.on("error", () => {});
      }
      client.pipe(target).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const name = `varmply_test_cut_${randomBytes(4).toString("hex")}`;
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const proxied = new URL(process.env.DATABASE_URL!);
    proxied.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    proxied.pathname = `/${name}`;
    const cut = await startTestServer({ databaseUrl: proxied.toString() });
    try {
      const accepted = await acceptedSubmission(cut);
      expect((await call(cut, "GET", `/submissions/${accepted.submissionId}/analytics`, { token: accepted.influencer.token })).status).toBe(200);
      proxy.close();
      for (const socket of sockets) socket.destroy();
      for (const path of [`/submissions/${accepted.submissionId}/analytics`, `/participations/${accepted.participationId}/analytics`]) {
        const response = await call(cut, "GET", path, { token: accepted.influencer.token });
        expectError(response, 503, "SERVICE_UNAVAILABLE");
      }
      const graphql = await cut.gql(`query($id: ID!) { submissionAnalytics(submissionId: $id) { money { accruedCents } } }`, { id: accepted.submissionId }, accepted.influencer.token);
      expect(graphql.status).toBe(503);
      expect(graphql.errors?.[0]?.extensions.code).toBe("SERVICE_UNAVAILABLE");
    } finally {
      await cut.close().catch(() => {});
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});

describe("GET /participations/{participationId}/analytics", () => {
  it("answers the seed's shape: counted submissions marked, per platform and overall", async () => {
    const first = await tracked();
    await connectAccount(server, first.influencer, "TIKTOK");
    const second = await addAccepted(server, first, "TIKTOK");
    await insertSnapshots(server, second.rowId, [{ at: "2024-01-02T06:00:00Z", views: 300, likes: 30 }]);
    await setEarnings(server, second.rowId, { accrued: 200 });
    const pending = (await submit(server, first.influencer, first.participationId)).submission;

    const response = await get(`/participations/${first.participationId}/analytics?${WINDOW}`, first.brand.token);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expectShape(response.body, PARTICIPATION_ANALYTICS);
    expectDocumented(PARTICIPATION_PATH, response);
    const body = response.body;
    expect(body).toMatchObject({ participation_id: first.participationId, campaign_id: first.campaignId, integration_capability: "VALID" });
    expect(body.submissions.map((s: any) => [s.submission_id, s.status, s.is_counted, s.is_tracked])).toEqual([
      [first.submissionId, "ACCEPTED", true, true],
      [second.submissionId, "ACCEPTED", true, true],
      [pending.id, "PENDING", false, false],
    ]);
    expect(body.submissions[2].freshness).toMatchObject({ status: "PENDING", freshness_status: "UNKNOWN" });
    expect(body.aggregate.by_platform.map((p: any) => [p.platform, p.submission_count, p.metrics.totals.views, p.money.accrued_cents])).toEqual([
      ["INSTAGRAM", 1, 1800, 1000],
      ["TIKTOK", 1, 300, 200],
    ]);
    const overall = body.aggregate.overall;
    expect(overall.submission_count).toBe(2);
    expect(overall.metrics.totals).toEqual({ impressions: 1500, reach: 1100, likes: 100, comments: 8, shares: 3, saves: 2, views: 2100 });
    const views = overall.metrics.timeseries.series.find((s: any) => s.metric === "views").points;
    // Jan 1: Instagram's first total 1,200; Jan 2: Instagram +600 and TikTok's first total 300
    expect(views.map((p: any) => [p.value, p.source])).toEqual([
      [1200, "PLATFORM_TOTAL"],
      [900, "PLATFORM_TOTAL"],
      [null, null],
    ]);
    expect(overall.money).toEqual({ accrued_cents: 1200, paid_cents: 300, blocked_cents: 50, blocked_reason_code: "INSUFFICIENT_ESCROW" });
    expect(body.aggregate.blocked_reason_code).toBe("INSUFFICIENT_ESCROW");
    expect(body.freshness).toEqual({
      last_snapshot_at: "2024-01-02T12:00:00.000Z",
      last_attempt_at: "2024-01-02T18:00:00.000Z",
      last_success_at: "2024-01-02T12:00:00.000Z",
      last_failure_reason: "RATE_LIMIT",
      freshness_status: "STALE",
    });
  });

  it("answers the seed's example outline for a participation without submissions", async () => {
    const accepted = await acceptedSubmission(server);
    const influencer = await signUp(server, "INFLUENCER");
    const participationId = await join(server, influencer, accepted.campaignId);
    const response = await get(`/participations/${participationId}/analytics`, influencer.token);
    expect(response.status).toBe(200);
    expectShape(response.body, PARTICIPATION_ANALYTICS);
    expectDocumented(PARTICIPATION_PATH, response);
    expect(response.body).toMatchObject({
      integration_capability: "NOT_CONNECTED",
      submissions: [],
      aggregate: { by_platform: [], blocked_reason_code: null, overall: { submission_count: 0 } },
      freshness: { last_snapshot_at: null, last_attempt_at: null, last_success_at: null, last_failure_reason: null, freshness_status: "UNKNOWN" },
    });
  });

  it("is 400, 401 and 404 like its submission counterpart", async () => {
    const accepted = await tracked();
    const path = `/participations/${accepted.participationId}/analytics`;
    expectFieldError(await get(`${path}?bucket=MONTH`, accepted.influencer.token), "bucket");
    expectFieldError(await get(`${path}?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z`, accepted.influencer.token), "from");
    expectFieldError(await get(`/participations/xyz/analytics`, accepted.influencer.token), "participationId");
    expectError(await get(path), 401, "UNAUTHORIZED");
    for (const stranger of [await signUp(server, "BRAND"), await signUp(server, "INFLUENCER")]) {
      const response = await get(path, stranger.token);
      expectError(response, 404, "NOT_FOUND");
      expectDocumented(PARTICIPATION_PATH, response);
    }
    for (const token of [accepted.influencer.token, accepted.brand.token, admin]) expect((await get(path, token)).status).toBe(200);
  });
});

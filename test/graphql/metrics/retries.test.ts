// Retries of platform calls (docs/social-connections.md, "Retries"): a dropped connection, a timeout, a 5xx or
// a 429 is tried again, a little later, within the refresh's time budget; another 4xx never is. A refresh that
// succeeds after a retry is one successful attempt, with its retries recorded.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createActiveCampaign, ok, signUp, type Actor } from "../../support/factories.js";
import {
  FakePlatforms,
  REFRESH_PARTICIPATION,
  countsOf,
  influencerPool,
  platformErrors,
  platformMedia,
  storedMetrics,
  trackedParticipation,
  type CannedResponse,
} from "../../support/fake-platforms.js";
import { platformBackoffs } from "../../../schema/tables.js";
import { formBody, platformRequest, withCallBudget, type HttpPolicy } from "../../../src/metrics/providers/http.js";

const TIMEOUT_MS = 600;
const DROP: CannedResponse = { status: 0, body: "", dropConnection: true };

let fake: FakePlatforms;
let server: TestServer;
let brand: Actor;
let campaignId: string;
let nextInfluencer: () => Promise<Actor>;

beforeAll(async () => {
  fake = await FakePlatforms.start();
  server = await startTestServer({ platforms: fake.platformSettings(), platformTimeoutMs: TIMEOUT_MS, platformRetries: 2, platformRetryBaseDelayMs: 5 });
  brand = await signUp(server, "BRAND");
  campaignId = await createActiveCampaign(server, brand, { submissionLimit: 5 });
  nextInfluencer = await influencerPool(server, 12);
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const refresh = (participationId: string, token: string) => server.gql(REFRESH_PARTICIPATION, { id: participationId }, token);

describe("a refresh retries transient failures and records them", () => {
  it("a dropped connection, then the answer: one successful attempt with one retry", async () => {
    const media = platformMedia(fake, "INSTAGRAM");
    const tracked = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    fake.reset();
    fake.fail("instagram", DROP, { path: /\/insights$/, times: 1 });
    const data = await ok(server, REFRESH_PARTICIPATION, { id: tracked.participationId }, tracked.influencer.token);
    expect(countsOf(data.refreshParticipationMetrics.snapshot)).toEqual(media.expected);
    expect(fake.requestsTo("instagram", /\/insights$/)).toHaveLength(2);
    const stored = await storedMetrics(server, tracked.submissionIds[0]!);
    expect(stored.attempts).toHaveLength(1);
    expect(stored.attempts[0]).toMatchObject({ outcome: "SUCCESS", failureReason: null, retries: 1 });
  });

  it("a 503, then a 200: retried", async () => {
    const media = platformMedia(fake, "YOUTUBE");
    const tracked = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    fake.reset();
    fake.fail("youtube", platformErrors.google(503, "backendError", "global", "Backend Error"), { times: 1 });
    await ok(server, REFRESH_PARTICIPATION, { id: tracked.participationId }, tracked.influencer.token);
    expect(fake.requestsTo("youtube")).toHaveLength(2);
    expect((await storedMetrics(server, tracked.submissionIds[0]!)).attempts).toMatchObject([{ outcome: "SUCCESS", retries: 1 }]);
  });

  it("no answer within the timeout, then an answer: retried", async () => {
    const media = platformMedia(fake, "TIKTOK");
    const tracked = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    fake.reset();
    fake.fail("tiktok", { status: 200, body: {}, delayMs: TIMEOUT_MS * 5 }, { path: /video\/query/, times: 1 });
    await ok(server, REFRESH_PARTICIPATION, { id: tracked.participationId }, tracked.influencer.token);
    expect(fake.requestsTo("tiktok", /video\/query/)).toHaveLength(2);
    expect((await storedMetrics(server, tracked.submissionIds[0]!)).attempts).toMatchObject([{ outcome: "SUCCESS", retries: 1 }]);
  });

  it("a 429 with a short Retry-After: waited for, then retried", async () => {
    const media = platformMedia(fake, "FACEBOOK");
    const tracked = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    fake.reset();
    fake.fail("facebook", platformErrors.tooManyRequests(1), { times: 1 });
    const startedAt = Date.now();
    await ok(server, REFRESH_PARTICIPATION, { id: tracked.participationId }, tracked.influencer.token);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
    const calls = fake.requestsTo("facebook");
    expect(calls[0]!.path).toBe(calls[1]!.path);
    expect((await storedMetrics(server, tracked.submissionIds[0]!)).attempts).toMatchObject([{ outcome: "SUCCESS", retries: 1 }]);
  });

  it("a 5xx every time: three tries, one failed attempt recording two retries", async () => {
    const media = platformMedia(fake, "YOUTUBE");
    const tracked = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    fake.reset();
    fake.fail("youtube", platformErrors.html(502), { times: 10 });
    const answer = await refresh(tracked.participationId, tracked.influencer.token);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", details: { failureReason: "UNKNOWN" } });
    expect(fake.requestsTo("youtube")).toHaveLength(3);
    expect((await storedMetrics(server, tracked.submissionIds[0]!)).attempts).toMatchObject([{ outcome: "FAILURE", failureReason: "UNKNOWN", retries: 2 }]);
  });
});

describe("what is never retried", () => {
  it("a 400 is not retried", async () => {
    const media = platformMedia(fake, "YOUTUBE");
    const tracked = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    fake.reset();
    fake.fail("youtube", platformErrors.google(400, "badRequest", "global", "Bad Request"), { times: 1 });
    const answer = await refresh(tracked.participationId, tracked.influencer.token);
    expect(answer.errors?.[0]?.extensions.details.failureReason).toBe("UNKNOWN");
    expect(fake.requestsTo("youtube")).toHaveLength(1);
    expect((await storedMetrics(server, tracked.submissionIds[0]!)).attempts).toMatchObject([{ outcome: "FAILURE", retries: 0 }]);
  });

  it("a Graph rate-limit error (a 400 with code 4) is not retried", async () => {
    const media = platformMedia(fake, "INSTAGRAM");
    const tracked = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    fake.reset();
    fake.fail("instagram", platformErrors.graph(4), { path: /\/insights$/, times: 1 });
    const answer = await refresh(tracked.participationId, tracked.influencer.token);
    expect(answer.errors?.[0]?.extensions.details.failureReason).toBe("RATE_LIMIT");
    expect(fake.requestsTo("instagram", /\/insights$/)).toHaveLength(1);
    await server.server.app.database.db.delete(platformBackoffs);
  });

  it("a 429 whose Retry-After is beyond the budget is not waited for", async () => {
    const media = platformMedia(fake, "TIKTOK");
    const tracked = await trackedParticipation(server, brand, campaignId, [media], { influencer: nextInfluencer });
    fake.reset();
    fake.fail("tiktok", platformErrors.tooManyRequests(120), { times: 1 });
    const answer = await refresh(tracked.participationId, tracked.influencer.token);
    expect(answer.errors?.[0]?.extensions.details.failureReason).toBe("RATE_LIMIT");
    expect(fake.requestsTo("tiktok")).toHaveLength(1);
    await server.server.app.database.db.delete(platformBackoffs);
  });
});

describe("platformRequest", () => {
  const policy: HttpPolicy = { timeoutMs: 500, retries: 2, baseDelayMs: 5, budgetMs: 5_000 };
  const refreshGrant = () => formBody({ client_key: "client-id", client_secret: "client-secret", grant_type: "refresh_token", refresh_token: "spent-or-not" });

  it("a single-use grant (mode `answered`) is not repeated after a dropped connection: its fate is unknown", async () => {
    fake.reset();
    fake.fail("tiktok", DROP, { times: 1 });
    await expect(platformRequest(`${fake.url}/tiktok/v2/oauth/token/`, refreshGrant(), policy, "answered")).rejects.toMatchObject({ reason: "UNKNOWN" });
    expect(fake.requestsTo("tiktok")).toHaveLength(1);
  });

  it("…but is repeated after a 503, which the platform answered", async () => {
    fake.reset();
    fake.fail("tiktok", platformErrors.tiktok("internal_error"), { times: 1 });
    fake.fail("tiktok", { status: 503, body: "Service Unavailable" }, { times: 1 });
    const answer = await platformRequest(`${fake.url}/tiktok/v2/oauth/token/`, refreshGrant(), policy, "answered");
    expect(answer.status).toBe(400); // the fake's own refusal of the made-up refresh token, on the third try
    expect(fake.requestsTo("tiktok")).toHaveLength(3);
  });

  it("no retry starts past the budget: the retries are counted by withCallBudget", async () => {
    fake.reset();
    fake.fail("youtube", platformErrors.html(502), { times: 10 });
    const slow: HttpPolicy = { timeoutMs: 500, retries: 5, baseDelayMs: 400, budgetMs: 700 };
    const { result, retries } = await withCallBudget(() => platformRequest(`${fake.url}/youtube/videos`, { method: "GET" }, slow));
    expect(result.status).toBe(502);
    // 400 ms ± jitter, then 800 ms would pass the 700 ms budget: one retry at most.
    expect(retries).toBeLessThanOrEqual(1);
    expect(fake.requestsTo("youtube")).toHaveLength(retries + 1);
  });
});

// The simulated provider: deterministic growth curves seeded by the media id, counts that
// never fall, and the same nulls as the real platform. Also: which provider the configuration selects, and
// a refresh through the API on the default (offline) configuration.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createProviders } from "../../../src/metrics/providers/index.js";
import { SimulatedProvider, simulatedCounts } from "../../../src/metrics/providers/simulated.js";
import type { MediaRef, MetricCounts } from "../../../src/metrics/providers/provider.js";
import { startTestServer, type TestServer } from "../../support/server.js";
import { connectAccount, createActiveCampaign, join, ok, review, signUp, submit } from "../../support/factories.js";
import { REFRESH_PARTICIPATION, countsOf, storedMetrics } from "../../support/fake-platforms.js";

const PLATFORMS = ["INSTAGRAM", "FACEBOOK", "TIKTOK", "YOUTUBE"] as const;
const METRICS = ["impressions", "reach", "likes", "comments", "saves", "shares", "views"] as const;

/** The metrics each platform does not report: null, as the real adapters give them. */
const NULLS: Record<(typeof PLATFORMS)[number], (keyof MetricCounts)[]> = {
  INSTAGRAM: ["impressions"],
  FACEBOOK: ["saves", "views"],
  TIKTOK: ["impressions", "reach", "saves"],
  YOUTUBE: ["impressions", "reach", "saves", "shares"],
};

const HOUR = 3_600_000;
const postedAt = new Date("2025-03-01T12:00:00Z");
const media = (externalMediaId: string, platformMediaId: string | null = null): MediaRef => ({
  externalMediaId,
  platformMediaId,
  contentUrl: `https://example.invalid/${externalMediaId}`,
  postedAt,
  submittedAt: new Date(postedAt.getTime() + HOUR),
});
const account = { externalAccountId: "acct", kind: "USER" as const, accessToken: "token" };
const at = (hours: number) => () => new Date(postedAt.getTime() + hours * HOUR);

describe("simulated provider", () => {
  it.each(PLATFORMS)("%s: the same media at the same moment gives the same counts, in any instance", async (platform) => {
    const one = await new SimulatedProvider(platform, at(30)).fetchMetrics(account, media("C3xYz_12AbC"));
    const two = await new SimulatedProvider(platform, at(30)).fetchMetrics(account, media("C3xYz_12AbC"));
    expect(two).toEqual(one);
    expect(simulatedCounts(platform, "C3xYz_12AbC", 30)).toEqual(one.counts);
  });

  it.each(PLATFORMS)("%s: counts never fall as time passes, and grow from zero", async (platform) => {
    for (const id of ["a1", "C3xYz_12AbC", "7301234567890123456", "dQw4w9WgXcQ", "10159876543210987"]) {
      let previous = simulatedCounts(platform, id, 0);
      for (const metric of METRICS) expect(previous[metric] === null || previous[metric] === 0).toBe(true);
      for (const hours of [0.5, 1, 2, 6, 12, 24, 48, 24 * 7, 24 * 30, 24 * 365]) {
        const current = simulatedCounts(platform, id, hours);
        for (const metric of METRICS) {
          if (current[metric] === null) continue;
          expect(current[metric]).toBeGreaterThanOrEqual(previous[metric]!);
        }
        previous = current;
      }
      expect(previous.likes).toBeGreaterThan(0);
    }
  });

  it.each(PLATFORMS)("%s: the metrics the platform does not report are null, the others whole numbers", (platform) => {
    const counts = simulatedCounts(platform, "C3xYz_12AbC", 48);
    for (const metric of METRICS) {
      if (NULLS[platform].includes(metric)) expect(counts[metric]).toBeNull();
      else expect(Number.isSafeInteger(counts[metric])).toBe(true);
    }
  });

  it("different media grow differently; the platform is part of the seed", () => {
    const views = ["a", "b", "c", "d", "e"].map((id) => simulatedCounts("TIKTOK", id, 48).views);
    expect(new Set(views).size).toBe(5);
    expect(simulatedCounts("TIKTOK", "a", 48).likes).not.toBe(simulatedCounts("INSTAGRAM", "a", 48).likes);
  });

  it("before the post goes live there is nothing; time counts from postedAt, else from submittedAt", async () => {
    expect(countsOf(simulatedCounts("INSTAGRAM", "x", -5))).toEqual(countsOf(simulatedCounts("INSTAGRAM", "x", 0)));
    const provider = new SimulatedProvider("YOUTUBE", at(10));
    const posted = await provider.fetchMetrics(account, media("dQw4w9WgXcQ"));
    expect(posted.counts).toEqual(simulatedCounts("YOUTUBE", "dQw4w9WgXcQ", 10));
    const unposted = await provider.fetchMetrics(account, { ...media("dQw4w9WgXcQ"), postedAt: null });
    expect(unposted.counts).toEqual(simulatedCounts("YOUTUBE", "dQw4w9WgXcQ", 9));
  });

  it("gives a platform media id once and keeps a resolved one", async () => {
    const provider = new SimulatedProvider("INSTAGRAM", at(1));
    expect((await provider.fetchMetrics(account, media("C3xYz"))).platformMediaId).toBe("sim_C3xYz");
    expect((await provider.fetchMetrics(account, media("C3xYz", "17900000000000001"))).platformMediaId).toBe("17900000000000001");
  });

  it("refreshes tokens offline: a new access token, the refresh token kept, a later expiry", async () => {
    const tokens = await new SimulatedProvider("TIKTOK", at(0)).refreshAccessToken(account, "refresh");
    expect(tokens.accessToken).not.toBe(account.accessToken);
    expect(tokens.refreshToken).toBe("refresh");
    expect(tokens.expiresAt!.getTime()).toBeGreaterThan(postedAt.getTime());
  });
});

describe("provider selection", () => {
  it("no credentials: every platform is simulated", () => {
    const providers = createProviders(loadConfig({}));
    for (const platform of PLATFORMS) expect(providers[platform].mode).toBe("simulated");
  });

  it("a client id makes a platform real; <PLATFORM>_METRICS_MODE overrides either way", () => {
    const providers = createProviders(
      loadConfig({ INSTAGRAM_CLIENT_ID: "ig", TIKTOK_CLIENT_ID: "tt", TIKTOK_METRICS_MODE: "simulated", YOUTUBE_METRICS_MODE: "real" }),
    );
    expect([providers.INSTAGRAM.mode, providers.TIKTOK.mode, providers.YOUTUBE.mode, providers.FACEBOOK.mode]).toEqual(["real", "simulated", "real", "simulated"]);
    expect(() => loadConfig({ FACEBOOK_METRICS_MODE: "live" })).toThrow(/FACEBOOK_METRICS_MODE/);
  });
});

describe("refresh on the default configuration (simulated)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it.each(PLATFORMS)("%s: a snapshot with the platform's nulls, stored, with a platform media id", async (platform) => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    const campaignId = await createActiveCampaign(server, brand);
    await connectAccount(server, influencer, platform);
    const participationId = await join(server, influencer, campaignId);
    const url = {
      INSTAGRAM: "https://www.instagram.com/p/C3xYz_12AbC/",
      FACEBOOK: "https://www.facebook.com/nasa/posts/10159876543210987",
      TIKTOK: "https://www.tiktok.com/@nasa/video/7301234567890123456",
      YOUTUBE: "https://youtu.be/dQw4w9WgXcQ",
    }[platform];
    const posted = new Date(Date.now() - 30 * HOUR).toISOString();
    const { submission } = await submit(server, influencer, participationId, { platform, contentUrl: url, postedAt: posted });
    await review(server, brand, submission.id, "APPROVE");

    const data = await ok(server, REFRESH_PARTICIPATION, { id: participationId }, influencer.token);
    const snapshot = data.refreshParticipationMetrics.snapshot;
    for (const metric of METRICS) {
      if (NULLS[platform].includes(metric)) expect(snapshot[metric]).toBeNull();
      else expect(snapshot[metric]).toBeGreaterThan(0);
    }
    const stored = await storedMetrics(server, submission.id);
    expect(stored.snapshots.map(countsOf)).toEqual([countsOf(snapshot)]);
    expect(stored.submission.platformMediaId).toBe(`sim_${stored.submission.externalMediaId}`);
    // The counts follow the curve at the post's age when fetched (fetchedAt is stamped just after the call).
    const hours = (stored.snapshots[0]!.fetchedAt.getTime() - new Date(posted).getTime()) / HOUR;
    const [low, high] = [simulatedCounts(platform, stored.submission.externalMediaId, hours - 0.05), simulatedCounts(platform, stored.submission.externalMediaId, hours)];
    for (const metric of METRICS) {
      if (snapshot[metric] === null) continue;
      expect(snapshot[metric]).toBeGreaterThanOrEqual(low[metric]!);
      expect(snapshot[metric]).toBeLessThanOrEqual(high[metric]!);
    }
  });
});

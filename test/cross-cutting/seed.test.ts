// The demo data: it seeds into a fresh database, every account signs in, every status is represented,
// tokens are stored encrypted, and `npm run seed`'s reset can run again and again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../support/server.js";
import { ok } from "../support/factories.js";
import { DEMO_PASSWORD, demoAccounts, describeDemoAccounts, isDatabaseEmpty, seedDemoData } from "../../src/seed/demo.js";
import { resetDemoData } from "../../src/seed/reset.js";
import { queryRows } from "../../src/db/client.js";
import { simulatedCounts } from "../../src/metrics/providers/simulated.js";
import { ingestionAttempts, metricsSnapshots, rejectionReason, signingKeys, socialAccounts, submissions, users } from "../../schema/tables.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { accessToken user { id role email displayName } } }`;

async function signIn(email: string): Promise<string> {
  const data = await ok(server, SIGN_IN, { input: { email, password: DEMO_PASSWORD } });
  return data.signIn.accessToken;
}

const ALL_PARTICIPATIONS = `{
  participations(first: 100) {
    totalCount
    edges { node {
      status
      influencer { username }
      campaign { title }
      trackingSummary { acceptedSubmissionCount trackedSubmissionCount submissionLimit }
      submissions(first: 20) { edges { node { status rejectionReason reviewerNote isTracked trackingReason platform } } }
    } }
  }
}`;

describe("demo data", () => {
  it("seeds an empty database once", async () => {
    const db = server.server.app.database.db;
    expect(await isDatabaseEmpty(db)).toBe(true);
    const started = Date.now();
    expect(await seedDemoData(server.server.app)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await isDatabaseEmpty(db)).toBe(false);
    // Not empty any more: a second start-up does not seed again.
    expect(await seedDemoData(server.server.app)).toBe(false);
    const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users`);
    expect(count!.n).toBe(demoAccounts(server.server.app.config).length);
  });

  it("lets every demo account sign in, with the role it is listed with", async () => {
    const accounts = demoAccounts(server.server.app.config);
    expect(accounts.map((account) => account.role).sort()).toEqual(["ADMIN", "BRAND", "BRAND", "INFLUENCER", "INFLUENCER", "INFLUENCER", "INFLUENCER", "INFLUENCER"]);
    for (const account of accounts) {
      const token = await signIn(account.email);
      const data = await ok(server, `{ viewer { email role } }`, {}, token);
      expect(data.viewer).toEqual({ email: account.email, role: account.role });
    }
    const text = describeDemoAccounts({ ...server.server.app.config, port: 3000 });
    expect(text).toContain(DEMO_PASSWORD);
    expect(text).toContain("curl -s http://localhost:3000/graphql");
    for (const account of accounts) expect(text).toContain(account.email);
  });

  it("shows each brand its campaigns in several statuses, with tasks and rate cards", async () => {
    const query = `{ campaigns(first: 50) { totalCount edges { node { title status currency requiredHashtags requiredMentions allowedPlatforms
      rateCard { flatCents cpmCents } tasks { title } owner { displayName } } } } }`;
    const northwind = (await ok(server, query, {}, await signIn("northwind@varmply.example"))).campaigns;
    const statuses = northwind.edges.map((edge: any) => edge.node.status);
    expect(new Set(statuses)).toEqual(new Set(["CAMPAIGN_DRAFT", "CAMPAIGN_ACTIVE", "CAMPAIGN_PAUSED", "CAMPAIGN_COMPLETED"]));
    expect(statuses.filter((status: string) => status === "CAMPAIGN_ACTIVE")).toHaveLength(2);
    expect(northwind.edges.every((edge: any) => edge.node.owner.displayName === "Northwind Outdoor")).toBe(true);
    // Newest first: the draft was created last.
    expect(northwind.edges[0].node.status).toBe("CAMPAIGN_DRAFT");
    const trails = northwind.edges.find((edge: any) => edge.node.title === "Summer Trails").node;
    expect(trails).toMatchObject({
      requiredHashtags: ["#NorthwindTrails", "#GetOutside"],
      requiredMentions: ["@northwindoutdoor"],
      allowedPlatforms: ["INSTAGRAM", "TIKTOK"],
      rateCard: { flatCents: 15_000, cpmCents: 800 },
    });
    expect(trails.tasks).toHaveLength(2);

    const lumen = (await ok(server, query, {}, await signIn("lumen@varmply.example"))).campaigns;
    expect(new Set(lumen.edges.map((edge: any) => edge.node.status))).toEqual(new Set(["CAMPAIGN_ACTIVE", "CAMPAIGN_CANCELLED"]));
    expect(lumen.edges.every((edge: any) => edge.node.currency === "EUR")).toBe(true);

    // An influencer browses the active campaigns of both brands.
    const open = (await ok(server, `{ campaigns(first: 50) { edges { node { title status } } } }`, {}, await signIn("leo@varmply.example"))).campaigns;
    expect(open.edges.map((edge: any) => edge.node.status)).toEqual(["CAMPAIGN_ACTIVE", "CAMPAIGN_ACTIVE", "CAMPAIGN_ACTIVE", "CAMPAIGN_ACTIVE"]);
  });

  it("holds participations and submissions in every status, and shows tracking over the limit", async () => {
    const data = await ok(server, ALL_PARTICIPATIONS, {}, await signIn("admin@varmply.example"));
    const nodes = data.participations.edges.map((edge: any) => edge.node);
    expect(new Set(nodes.map((node: any) => node.status))).toEqual(
      new Set(["PENDING", "CONTENT_SUBMITTED", "APPROVED", "COMPLETED", "LEFT", "REJECTED"].map((status) => `PARTICIPATION_STATUS_${status}`)),
    );
    const subs = nodes.flatMap((node: any) => node.submissions.edges.map((edge: any) => edge.node));
    expect(new Set(subs.map((sub: any) => sub.status))).toEqual(new Set(["PENDING", "ACCEPTED", "REJECTED"]));
    expect(new Set(subs.filter((sub: any) => sub.status === "REJECTED").map((sub: any) => sub.rejectionReason))).toEqual(
      // Every reason there is: the world shows each one.
      new Set(rejectionReason.enumValues),
    );
    expect(subs.some((sub: any) => sub.rejectionReason === "REJECTED_BY_REVIEWER" && sub.reviewerNote)).toBe(true);

    const maya = nodes.find((node: any) => node.influencer.username === "maya.trails" && node.campaign.title === "Summer Trails");
    expect(maya.trackingSummary).toEqual({ acceptedSubmissionCount: 3, trackedSubmissionCount: 2, submissionLimit: 2 });
    expect(maya.submissions.edges.map((edge: any) => edge.node.trackingReason)).toEqual([
      "NOT_ACCEPTED",
      "WITHIN_SUBMISSION_LIMIT",
      "WITHIN_SUBMISSION_LIMIT",
      "OVER_SUBMISSION_LIMIT",
    ]);
  });

  it("stores social account tokens encrypted", async () => {
    const { db } = server.server.app.database;
    const { encryption } = server.server.app;
    const accounts = await db.select().from(socialAccounts);
    expect(accounts.length).toBeGreaterThanOrEqual(10);
    for (const account of accounts) {
      expect(account.accessTokenEncrypted).toMatch(/^v1\./);
      expect(account.accessTokenEncrypted).not.toContain("demo-");
      expect(encryption.decrypt(account.accessTokenEncrypted)).toMatch(/^demo-[a-z]+-access-/);
      if (account.refreshTokenEncrypted) expect(encryption.decrypt(account.refreshTokenEncrypted)).toMatch(/^demo-[a-z]+-refresh-/);
    }
    expect(new Set(accounts.map((account) => account.status))).toEqual(new Set(["VALID", "REVOKED"]));
    // And the API never shows them.
    const data = await ok(server, `{ viewer { socialAccounts { platform status username } } }`, {}, await signIn("noah@varmply.example"));
    expect(JSON.stringify(data)).not.toContain("demo-");
    expect(data.viewer.socialAccounts.find((account: any) => account.platform === "FACEBOOK").status).toBe("EXPIRED");
  });

  it("writes growing cumulative snapshots for tracked submissions, and ingestion attempts with failures", async () => {
    const { db } = server.server.app.database;
    const rows = await db
      .select({ submissionId: metricsSnapshots.submissionId, platform: submissions.platform, fetchedAt: metricsSnapshots.fetchedAt, impressions: metricsSnapshots.impressions, reach: metricsSnapshots.reach, likes: metricsSnapshots.likes, views: metricsSnapshots.views })
      .from(metricsSnapshots)
      .innerJoin(submissions, eq(submissions.id, metricsSnapshots.submissionId))
      .orderBy(metricsSnapshots.submissionId, metricsSnapshots.fetchedAt);
    const bySubmission = new Map<number, typeof rows>();
    for (const row of rows) bySubmission.set(row.submissionId, [...(bySubmission.get(row.submissionId) ?? []), row]);
    expect(bySubmission.size).toBe(7);
    for (const series of bySubmission.values()) {
      expect(series.length).toBeGreaterThanOrEqual(20);
      for (let i = 1; i < series.length; i++) {
        expect(series[i]!.views!).toBeGreaterThanOrEqual(series[i - 1]!.views!);
        expect(series[i]!.likes!).toBeGreaterThanOrEqual(series[i - 1]!.likes!);
      }
      expect(series.at(-1)!.views!).toBeGreaterThan(series[0]!.views!);
      expect(series.at(-1)!.fetchedAt.getTime()).toBeLessThanOrEqual(Date.now());
    }
    const tiktok = rows.filter((row) => row.platform === "TIKTOK");
    expect(tiktok.length).toBeGreaterThan(0);
    expect(tiktok.every((row) => row.impressions === null && row.reach === null && row.views !== null)).toBe(true);

    // Every demo snapshot is what the simulated provider reports for that post at that moment, so a refresh
    // after seeding continues each series (and Facebook, which reports no views, would have none).
    const modelled = await db
      .select({ snapshot: metricsSnapshots, platform: submissions.platform, mediaId: submissions.externalMediaId, postedAt: submissions.postedAt })
      .from(metricsSnapshots)
      .innerJoin(submissions, eq(submissions.id, metricsSnapshots.submissionId));
    for (const { snapshot, platform, mediaId, postedAt } of modelled) {
      const hoursLive = (snapshot.fetchedAt.getTime() - postedAt!.getTime()) / 3_600_000;
      const { impressions, reach, likes, comments, shares, saves, views } = snapshot;
      expect({ impressions, reach, likes, comments, shares, saves, views }).toEqual(simulatedCounts(platform, mediaId, hoursLive));
    }

    const attempts = await db.select().from(ingestionAttempts);
    expect(attempts.filter((attempt) => attempt.outcome === "SUCCESS")).toHaveLength(rows.length);
    expect(new Set(attempts.filter((attempt) => attempt.outcome === "FAILURE").map((attempt) => attempt.failureReason))).toEqual(
      new Set(["RATE_LIMIT", "PERMISSION"]),
    );
  });

  it("re-seeds with the reset of `npm run seed`, twice, keeping the signing keys", async () => {
    const { db } = server.server.app.database;
    const keysBefore = await db.select({ kid: signingKeys.kid }).from(signingKeys);
    const counts = async () =>
      (
        await queryRows<Record<string, number>>(
          db,
          sql`select (select count(*)::int from users) as users, (select count(*)::int from campaigns) as campaigns,
                     (select count(*)::int from participations) as participations, (select count(*)::int from submissions) as submissions,
                     (select count(*)::int from social_accounts) as accounts, (select count(*)::int from countries) as countries,
                     (select count(*)::int from refresh_tokens) as sessions`,
        )
      )[0]!;
    const seeded = await counts();
    expect(seeded.sessions).toBeGreaterThan(0);

    await resetDemoData(server.server.app);
    await resetDemoData(server.server.app);
    expect(await counts()).toEqual({ ...seeded, sessions: 0 });
    expect(await db.select({ kid: signingKeys.kid }).from(signingKeys)).toEqual(keysBefore);
    const [first] = await db.select({ id: users.id }).from(users).orderBy(users.id).limit(1);
    expect(first!.id).toBe(1);

    const data = await ok(server, ALL_PARTICIPATIONS, {}, await signIn("admin@varmply.example"));
    expect(data.participations.totalCount).toBe(seeded.participations);
  });
});

describe("demo data with ADMIN_EMAIL configured", () => {
  let withAdmin: TestServer;
  beforeAll(async () => {
    withAdmin = await startTestServer({ adminEmail: "ops@example.test", adminPassword: "ops-password-123" });
  });
  afterAll(() => withAdmin?.close());

  it("still seeds (the administrator alone is empty) and creates no demo administrator", async () => {
    const { app } = withAdmin.server;
    expect(await isDatabaseEmpty(app.database.db)).toBe(true);
    expect(await seedDemoData(app)).toBe(true);
    const admins = await app.database.db.select({ email: users.email }).from(users).where(eq(users.role, "ADMIN"));
    expect(admins).toEqual([{ email: "ops@example.test" }]);
    expect(describeDemoAccounts(app.config)).toContain("ops@example.test");
    expect(describeDemoAccounts(app.config)).not.toContain("admin@varmply.example");

    // The reset keeps the configured administrator.
    await resetDemoData(app);
    const after = await app.database.db.select({ email: users.email }).from(users).where(eq(users.role, "ADMIN"));
    expect(after).toEqual([{ email: "ops@example.test" }]);
  });
});

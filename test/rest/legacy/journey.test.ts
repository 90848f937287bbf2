// A partner app's whole journey over the legacy Campaigns API, `/oauth/token` and `/api/...` only: two
// influencers find a public campaign, join it, read their task, complete it with a post URL; the brand
// approves it with /api/task/actions/; metrics arrive through the real refresh path (the real Instagram
// provider against the fake platform server, test/support/fake-platforms.ts), accrue, and show in
// /api/task/payments/; the brand completes the campaign (/api/campaign/post-register/), which awards the
// promo bonuses; the leaderboard ranks the influencer with more reach first; the brand pays a task. After
// every step the same state read back through GraphQL agrees: task status ↔ Participation.taskStatus and
// status, payments ↔ earnings, the ledger and each post's submissionAnalytics money in cents, bonuses ↔
// Participation.bonuses and Campaign.bonusAwards, the leaderboard ↔ campaignLeaderboard, the campaign's
// lists ↔ its status. Setup outside the partner's journey (registering the application, creating and
// funding the campaign, connecting the influencers' Instagram accounts) uses GraphQL or the back-office paths.
// docs/legacy-api.md ("The task model", "Leaderboard", "Money: rate card, payments and bonuses"), docs/oauth.md.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { connectAccount, createCampaign, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, PASSWORD, createApplication, legacyPost, tokenRequest, type TestApplication } from "../../support/legacy-app.js";
import { FakePlatforms, REFRESH_CAMPAIGN, platformMedia, type MediaFixture } from "../../support/fake-platforms.js";
import { FUND, key } from "../../support/money.js";
import { submissionAnalytics } from "../../support/analytics.js";
import type { RestResponse } from "../../support/rest.js";

/** One influencer's side of the journey. */
interface Player {
  actor: Actor;
  media: MediaFixture;
  /** The access token the partner app got for this influencer at /oauth/token. */
  app: string;
  legacyUserId: number;
  taskId: number;
}

/** What the Instagram fake reports for each influencer's post: A has more reach, B the better engagement rate. */
const COUNTS = {
  // engagements 800 + 100 + 50 + 50 = 1,000 over reach 12,000 (rate 0.083…): the reach prize and the best post.
  A: { views: 40_000, reach: 12_000, likes: 800, comments: 100, shares: 50, saved: 50 },
  // engagements 700 + 60 + 30 + 10 = 800 over reach 5,000 (rate 0.16): the engagement-rate prize.
  B: { views: 15_000, reach: 5_000, likes: 700, comments: 60, shares: 30, saved: 10 },
};
// The rate card in cents: post rate 30.00 (settings), CPM 2.00 on views (GraphQL; CPM is not a legacy setting).
const POST_CENTS = 3_000;
const CPM_CENTS = 200;
const PRIZES = { REACH: 5_000, ENGAGEMENT_RATE: 2_500, BEST_POST: 10_000 };
/** What a post earns at the fake's numbers: flat fee + views × CPM / 1000. */
const postEarnings = (counts: { views: number }) => POST_CENTS + Math.floor((counts.views * CPM_CENTS) / 1000);

let fake: FakePlatforms;
let server: TestServer;
let application: TestApplication;
let brand: Actor;
let campaignId: string;
let campaignLegacyId: number;
const players = {} as Record<"A" | "B", Player>;

const cents = (decimal: number) => Math.round(decimal * 100);
const lower = (value: string) => value.toLowerCase();

function expectOk(response: RestResponse) {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** A legacy call that must succeed; its body. */
const api = async (path: string, token: string | undefined, form: Record<string, unknown> = {}) => expectOk(await legacyPost(server, path, { token, form }));

// ---- GraphQL read-backs ------------------------------------------------------------------------------------

const PARTICIPATION = `query($id: ID!) { participation(id: $id) {
  legacyId status taskStatus
  influencer { legacyId }
  campaign { legacyId currency }
  earnings { accruedCents bonusCents blockedCents paidCents payableCents currency }
  bonuses { kind amountCents participation { legacyId } }
  submissions { edges { node { id contentUrl status } } }
} }`;
const CAMPAIGN = `query($id: ID!) { campaign(id: $id) {
  legacyId status currency
  rateCard { postRateCents cpmCents minimumRewardCents hasBonus promoReachBonusCents promoEngagementRateBonusCents promoBestPostBonusCents }
  bonusAwards { kind amountCents participation { legacyId } }
  wallet { accruedCents blockedCents paidCents payableCents }
} }`;
const LEDGER = `query($id: ID!) { ledgerEntries(campaignId: $id, first: 100) {
  totalCount edges { node { accountKind amountCents influencer { legacyId } transaction { kind } } }
} }`;
const LEADERBOARD = `query($id: ID!) { campaignLeaderboard(campaignId: $id) { user { legacyId username displayName } score rank completedTasks } }`;

/** A task read through GraphQL, named by its legacy id as the legacy paths name it (the brand's view). */
const gqlTask = async (player: Player) => (await ok(server, PARTICIPATION, { id: String(player.taskId) }, brand.token)).participation;
const gqlCampaign = async () => (await ok(server, CAMPAIGN, { id: String(campaignLegacyId) }, brand.token)).campaign;

/** Σ of the ledger entries on one influencer's accounts of one kind in the campaign. */
async function ledgerSum(player: Player, accountKind: string): Promise<number> {
  const data = await ok(server, LEDGER, { id: campaignId }, brand.token);
  expect(data.ledgerEntries.totalCount).toBeLessThanOrEqual(100);
  return data.ledgerEntries.edges
    .map(({ node }: { node: any }) => node)
    .filter((entry: any) => entry.accountKind === accountKind && entry.influencer?.legacyId === player.legacyUserId)
    .reduce((sum: number, entry: any) => sum + entry.amountCents, 0);
}

/** Participation status → the task status it may show (docs/legacy-api.md, "The task model"). */
const TASK_STATUSES_OF: Record<string, string[]> = {
  PARTICIPATION_STATUS_PENDING: ["PENDING"],
  PARTICIPATION_STATUS_CONTENT_SUBMITTED: ["UNDER_REVIEW"],
  PARTICIPATION_STATUS_APPROVED: ["ACCEPTED", "PAID"],
  PARTICIPATION_STATUS_COMPLETED: ["ACCEPTED", "PAID"],
  PARTICIPATION_STATUS_REJECTED: ["REJECTED"],
};

interface Expected {
  status: string;
  taskStatus: string;
  accruedCents: number;
  bonusCents?: number;
  paidCents?: number;
}

/**
 * One task everywhere at once: the app's task (/api/get/tasks/), the back office's task (/api/tasks/,
 * /api/task/status/), its payments (/api/task/payments/) against GraphQL's participation, its earnings and
 * bonuses, and the ledger's entries on the influencer's accounts; then against the expected values.
 */
async function expectTaskAgrees(player: Player, expected: Expected) {
  const task = await gqlTask(player);
  expect(task.legacyId).toBe(player.taskId);
  expect(task.influencer.legacyId).toBe(player.legacyUserId);
  expect(TASK_STATUSES_OF[task.status]).toContain(task.taskStatus);
  const status = lower(task.taskStatus);

  const [appTasks, row, taskStatus, payments] = await Promise.all([
    api("/api/get/tasks/", player.app, { campaign_id: campaignLegacyId }),
    api("/api/tasks/", brand.token, { campaign_id: campaignLegacyId }),
    api("/api/task/status/", brand.token, { task_id: player.taskId }),
    api("/api/task/payments/", brand.token, { task_id: player.taskId }),
  ]);
  // The app's task.
  expect(appTasks.tasks).toHaveLength(1);
  const appTask = appTasks.tasks[0];
  expect(appTask).toMatchObject({ id: player.taskId, status, campaign: { id: campaignLegacyId } });
  expect(cents(appTask.payments.total)).toBe(task.earnings.accruedCents);
  // The back office's task.
  const backOffice = (row as any[]).find((item) => item.id === player.taskId);
  expect(backOffice, JSON.stringify(row)).toBeDefined();
  expect(backOffice.status).toBe(status);
  expect(cents(backOffice.payments.total)).toBe(task.earnings.accruedCents);
  const won = new Set(task.bonuses.map((bonus: { kind: string }) => bonus.kind));
  expect(backOffice.bonus).toEqual({ reach: won.has("REACH"), engagement_rate: won.has("ENGAGEMENT_RATE"), best_post: won.has("BEST_POST") });
  expect(backOffice.allow_bonus).toBe(won.size > 0);
  expect(taskStatus.status).toBe(status);
  // Payments: the ledger's view of the task, in cents.
  const prize = (kind: string) => task.bonuses.filter((bonus: { kind: string }) => bonus.kind === kind).reduce((sum: number, bonus: { amountCents: number }) => sum + bonus.amountCents, 0);
  expect({
    payment: cents(payments.payment),
    payment_post: cents(payments.payment_post),
    payment_bonus_reach: cents(payments.payment_bonus_reach),
    payment_bonus_engagement_rate: cents(payments.payment_bonus_engagement_rate),
    payment_bonus_best_post: cents(payments.payment_bonus_best_post),
    currency: payments.currency,
  }).toEqual({
    payment: task.earnings.accruedCents,
    payment_post: task.earnings.accruedCents - task.earnings.bonusCents,
    payment_bonus_reach: prize("REACH"),
    payment_bonus_engagement_rate: prize("ENGAGEMENT_RATE"),
    payment_bonus_best_post: prize("BEST_POST"),
    currency: task.earnings.currency,
  });
  expect(task.earnings.bonusCents).toBe(prize("REACH") + prize("ENGAGEMENT_RATE") + prize("BEST_POST"));
  // The ledger holds exactly that: payable on the influencer's payable account, paid on its paid-out account.
  expect(await ledgerSum(player, "INFLUENCER_PAYABLE")).toBe(task.earnings.payableCents);
  expect(await ledgerSum(player, "PAID_OUT")).toBe(task.earnings.paidCents);
  expect(task.earnings.payableCents + task.earnings.paidCents + task.earnings.blockedCents).toBe(task.earnings.accruedCents);
  // And the posts' analytics carry it, bonuses included.
  const analytics = await Promise.all(task.submissions.edges.map(({ node }: { node: { id: string } }) => submissionAnalytics(server, brand.token, node.id)));
  expect(analytics.reduce((sum, { money }) => sum + money.accruedCents, 0)).toBe(task.earnings.accruedCents);

  expect({ status: task.status, taskStatus: task.taskStatus, accruedCents: task.earnings.accruedCents, bonusCents: task.earnings.bonusCents, paidCents: task.earnings.paidCents, blockedCents: task.earnings.blockedCents }).toEqual({
    bonusCents: 0,
    paidCents: 0,
    ...expected,
    blockedCents: 0,
  });
  return { task, appTask, backOffice };
}

/** /api/get/leaderboard/ (the app) against campaignLeaderboard (GraphQL); answers the REST entries. */
async function expectLeaderboardAgrees(player: Player) {
  const rest = (await api("/api/get/leaderboard/", player.app, { campaign_id: campaignLegacyId })).leaderboard;
  const graph = (await ok(server, LEADERBOARD, { id: String(campaignLegacyId) }, player.actor.token)).campaignLeaderboard;
  expect(rest).toEqual(
    graph.map((entry: any) => ({
      user_id: entry.user.legacyId,
      username: entry.user.username ?? entry.user.displayName,
      score: entry.score,
      rank: entry.rank,
      completed_tasks: entry.completedTasks,
    })),
  );
  return rest as { user_id: number; score: number; rank: number; completed_tasks: number }[];
}

/** The campaign as the public, the app's lists and GraphQL see it. */
async function campaignSeenAs(player: Player) {
  const [publicList, active, joined] = await Promise.all([
    api("/api/get/public/campaigns/", undefined),
    api("/api/get/campaigns/", player.app),
    api("/api/get/campaigns/", player.app, { filter: "joined" }),
  ]);
  const has = (list: { id: number }[]) => list.some((campaign) => campaign.id === campaignLegacyId);
  return { status: (await gqlCampaign()).status as string, public: has(publicList.campaigns), active: has(active.campaigns), joined: has(joined.campaigns) };
}

// ---- setup: the platform, the application, the brand's funded campaign, the influencers' accounts ----------

beforeAll(async () => {
  fake = await FakePlatforms.start();
  server = await startTestServer({ ...LEGACY_ADMIN, platforms: fake.platformSettings(), platformTimeoutMs: 5_000 });
  application = await createApplication(server, "Journey partner app");
  brand = await signUp(server, "BRAND");
  // A draft: the rate card is set through /api/campaign/settings/, the lifecycle through pre-register and status.
  campaignId = await createCampaign(server, brand, {
    title: "Summer journey",
    tagline: "Show us your summer",
    allowedPlatforms: ["INSTAGRAM"],
    submissionLimit: 1,
    rateCard: { cpmCents: CPM_CENTS },
  });
  campaignLegacyId = (await ok(server, `query($id: ID!) { campaign(id: $id) { legacyId } }`, { id: campaignId }, brand.token)).campaign.legacyId;
  await ok(server, FUND, { input: { campaignId, amountCents: 1_000_000, idempotencyKey: key() } }, brand.token);

  for (const name of ["A", "B"] as const) {
    const actor = await signUp(server, "INFLUENCER", `Influencer ${name}`);
    const media = platformMedia(fake, "INSTAGRAM");
    // The fake reports exactly these numbers for the post.
    Object.assign(fake.instagramMedia.get(media.account.externalAccountId)!.at(-1)!, COUNTS[name]);
    await connectAccount(server, actor, "INSTAGRAM", { ...media.account, refreshToken: null });
    const legacyUserId = (await ok(server, `{ viewer { legacyId } }`, {}, actor.token)).viewer.legacyId;
    players[name] = { actor, media, app: "", legacyUserId, taskId: 0 };
  }
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

// ---- the journey -----------------------------------------------------------------------------------------

describe("a partner app's journey over /oauth/token and /api/...", () => {
  it("the brand sets the rate card and brings the campaign live over the back-office paths", async () => {
    await api("/api/campaign/settings/", brand.token, {
      campaign_id: campaignLegacyId,
      settings: { post_rate: "30", minimum_reward: "25", has_bonus: "true", promo_reach_bonus: "50", promo_engagement_rate_bonus: "25", promo_best_post_bonus: "100" },
    });
    expect((await gqlCampaign()).status).toBe("CAMPAIGN_DRAFT");
    await api("/api/campaign/pre-register/", brand.token, { campaign_id: campaignLegacyId });
    expect((await gqlCampaign()).status).toBe("CAMPAIGN_PENDING");
    await api("/api/campaign/status/", brand.token, { campaign_id: campaignLegacyId, status: "active" });
    const campaign = await gqlCampaign();
    expect(campaign.status).toBe("CAMPAIGN_ACTIVE");
    expect(campaign.rateCard).toEqual({
      postRateCents: POST_CENTS,
      cpmCents: CPM_CENTS,
      minimumRewardCents: 2_500,
      hasBonus: true,
      promoReachBonusCents: PRIZES.REACH,
      promoEngagementRateBonusCents: PRIZES.ENGAGEMENT_RATE,
      promoBestPostBonusCents: PRIZES.BEST_POST,
    });
  });

  it("lists the public campaigns without signing in; the campaign shows its public fields as GraphQL has them", async () => {
    const list = (await api("/api/get/public/campaigns/", undefined)).campaigns;
    const shown = list.find((campaign: { id: number }) => campaign.id === campaignLegacyId);
    const graph = (await ok(server, `{ publicCampaigns { legacyId title tagline currency minimumRewardCents allowedPlatforms } }`)).publicCampaigns;
    const same = graph.find((campaign: { legacyId: number }) => campaign.legacyId === campaignLegacyId);
    expect(shown).toEqual({ id: campaignLegacyId, name: "Summer journey", tagline: "Show us your summer", image_logo: null, networks: ["instagram"], currency: "USD", minimum_reward: 25 });
    expect(same).toEqual({ legacyId: campaignLegacyId, title: shown.name, tagline: shown.tagline, currency: shown.currency, minimumRewardCents: cents(shown.minimum_reward), allowedPlatforms: ["INSTAGRAM"] });
  });

  it("gets each influencer an access token at /oauth/token (password grant, both client authentications; a refresh rotates it)", async () => {
    const basic = await tokenRequest(server, { grant_type: "password", username: players.A.actor.email, password: PASSWORD }, application);
    expect(basic.status, JSON.stringify(basic.body)).toBe(200);
    expect(basic.headers.get("cache-control")).toContain("no-store");
    expect(basic.body).toMatchObject({ access_token: expect.any(String), token_type: "Bearer", expires_in: expect.any(Number), refresh_token: expect.any(String) });
    const refreshed = await tokenRequest(server, { grant_type: "refresh_token", refresh_token: basic.body.refresh_token }, application);
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(basic.body.refresh_token);
    players.A.app = refreshed.body.access_token;

    const post = await tokenRequest(server, {
      grant_type: "password",
      username: players.B.actor.email,
      password: PASSWORD,
      client_id: application.clientId,
      client_secret: application.clientSecret,
    });
    expect(post.status, JSON.stringify(post.body)).toBe(200);
    players.B.app = post.body.access_token;

    // The app endpoints take these tokens, and not a signIn token.
    expect((await legacyPost(server, "/api/get/campaigns/", { token: players.A.actor.token })).status).toBe(401);
    expect(await campaignSeenAs(players.A)).toEqual({ status: "CAMPAIGN_ACTIVE", public: true, active: true, joined: false });
  });

  it("joins the campaign (A first, then B); each has a pending task, as GraphQL says", async () => {
    for (const name of ["A", "B"] as const) {
      const player = players[name];
      const available = (await api("/api/get/campaigns/", player.app, { filter: "available" })).campaigns;
      expect(available.map((campaign: { id: number }) => campaign.id)).toContain(campaignLegacyId);
      const details = await api("/api/get/campaign/", player.app, { id: campaignLegacyId });
      expect(details.publisher.social_users_available).toEqual({ instagram: true });
      expect(details.tasks.bonus).toEqual({ active: true, promo_reach: 50, promo_engagement_rate: 25, promo_best_post: 100 });
      expect(await api("/api/get/tasks/", player.app, { campaign_id: campaignLegacyId })).toEqual({ tasks: [] });

      expect(await api("/api/action/campaign/join/", player.app, { campaign_id: campaignLegacyId })).toMatchObject({ status: "success" });
      const viewer = (await ok(server, `query($id: ID!) { campaign(id: $id) { viewerParticipation { legacyId status taskStatus } } }`, { id: String(campaignLegacyId) }, player.actor.token))
        .campaign.viewerParticipation;
      expect(viewer).toMatchObject({ status: "PARTICIPATION_STATUS_PENDING", taskStatus: "PENDING" });
      player.taskId = viewer.legacyId;

      const { appTask } = await expectTaskAgrees(player, { status: "PARTICIPATION_STATUS_PENDING", taskStatus: "PENDING", accruedCents: 0 });
      expect(appTask).toMatchObject({
        type: "post",
        title: "Summer journey",
        bonus: { reach: 50, engagement_rate: 25, best_post: 100 },
        payments: { minimum: 25, post: 30, total: 0 },
      });
      expect((await campaignSeenAs(player)).joined).toBe(true);
    }
    // Both on the leaderboard with nothing measured yet: a shared first rank, listed in the order they joined.
    const board = await expectLeaderboardAgrees(players.A);
    expect(board.map(({ user_id, score, rank, completed_tasks }) => ({ user_id, score, rank, completed_tasks }))).toEqual([
      { user_id: players.A.legacyUserId, score: 0, rank: 1, completed_tasks: 0 },
      { user_id: players.B.legacyUserId, score: 0, rank: 1, completed_tasks: 0 },
    ]);
  });

  it("completes each task with its post URL: the post is submitted and the task is under review", async () => {
    for (const player of [players.A, players.B]) {
      const answer = await api("/api/action/task/complete/", player.app, {
        task_id: player.taskId,
        post_url: player.media.contentUrl,
        screenshots: ["https://cdn.example.test/screenshot-1.png"],
      });
      expect(answer).toEqual({ status: "success", message: expect.any(String), payment: 30 });
      const { task } = await expectTaskAgrees(player, { status: "PARTICIPATION_STATUS_CONTENT_SUBMITTED", taskStatus: "UNDER_REVIEW", accruedCents: 0 });
      expect(task.submissions.edges.map(({ node }: { node: any }) => node)).toEqual([{ id: expect.any(String), contentUrl: player.media.contentUrl, status: "PENDING" }]);
    }
  });

  it("the brand approves each task with /api/task/actions/: accepted, nothing accrued before metrics arrive", async () => {
    for (const player of [players.A, players.B]) {
      expect(await api("/api/task/actions/", brand.token, { task_id: player.taskId, action: "approve" })).toMatchObject({ status: "success" });
      const { task } = await expectTaskAgrees(player, { status: "PARTICIPATION_STATUS_APPROVED", taskStatus: "ACCEPTED", accruedCents: 0 });
      expect(task.submissions.edges[0].node.status).toBe("ACCEPTED");
    }
  });

  it("metrics arrive through the refresh path and accrue: /api/task/payments/ shows them, as earnings and the ledger do", async () => {
    fake.reset();
    const refreshed = (await ok(server, REFRESH_CAMPAIGN, { id: campaignId }, brand.token)).refreshCampaignMetrics;
    expect(refreshed).toMatchObject({ totalEligibleParticipationCount: 2, successfulCount: 2, failedCount: 0 });
    // The numbers came from the platform: the provider asked the fake for both posts' insights.
    for (const player of [players.A, players.B]) {
      expect(fake.requests.some((request) => request.platform === "instagram" && request.path === `/${player.media.platformMediaId}/insights`)).toBe(true);
    }

    await expectTaskAgrees(players.A, { status: "PARTICIPATION_STATUS_APPROVED", taskStatus: "ACCEPTED", accruedCents: postEarnings(COUNTS.A) });
    await expectTaskAgrees(players.B, { status: "PARTICIPATION_STATUS_APPROVED", taskStatus: "ACCEPTED", accruedCents: postEarnings(COUNTS.B) });
    expect(await api("/api/task/payments/", brand.token, { task_id: players.A.taskId })).toEqual({
      payment: 110,
      payment_post: 110,
      payment_bonus_reach: 0,
      payment_bonus_engagement_rate: 0,
      payment_bonus_best_post: 0,
      currency: "USD",
    });
    expect((await gqlCampaign()).wallet).toEqual({ accruedCents: postEarnings(COUNTS.A) + postEarnings(COUNTS.B), blockedCents: 0, paidCents: 0, payableCents: postEarnings(COUNTS.A) + postEarnings(COUNTS.B) });

    // The leaderboard now ranks by reach.
    const board = await expectLeaderboardAgrees(players.B);
    expect(board.map(({ user_id, score, rank, completed_tasks }) => ({ user_id, score, rank, completed_tasks }))).toEqual([
      { user_id: players.A.legacyUserId, score: COUNTS.A.reach, rank: 1, completed_tasks: 1 },
      { user_id: players.B.legacyUserId, score: COUNTS.B.reach, rank: 2, completed_tasks: 1 },
    ]);
  });

  it("the campaign completes (/api/campaign/post-register/) and awards each bonus once: GraphQL and /api/task/payments/ agree", async () => {
    expect(await api("/api/campaign/post-register/", brand.token, { campaign_id: campaignLegacyId })).toMatchObject({ status: "success" });
    // Again changes nothing (the bonuses are awarded once).
    expect(await api("/api/campaign/post-register/", brand.token, { campaign_id: campaignLegacyId })).toMatchObject({ status: "success" });

    const campaign = await gqlCampaign();
    expect(campaign.status).toBe("CAMPAIGN_COMPLETED");
    const byKind = (awards: { kind: string; amountCents: number; participation: { legacyId: number } }[]) =>
      Object.fromEntries(awards.map((award) => [award.kind, { amountCents: award.amountCents, taskId: award.participation.legacyId }]));
    expect(byKind(campaign.bonusAwards)).toEqual({
      REACH: { amountCents: PRIZES.REACH, taskId: players.A.taskId },
      BEST_POST: { amountCents: PRIZES.BEST_POST, taskId: players.A.taskId },
      ENGAGEMENT_RATE: { amountCents: PRIZES.ENGAGEMENT_RATE, taskId: players.B.taskId },
    });
    expect(campaign.bonusAwards).toHaveLength(3);

    const a = await expectTaskAgrees(players.A, {
      status: "PARTICIPATION_STATUS_APPROVED",
      taskStatus: "ACCEPTED",
      accruedCents: postEarnings(COUNTS.A) + PRIZES.REACH + PRIZES.BEST_POST,
      bonusCents: PRIZES.REACH + PRIZES.BEST_POST,
    });
    expect(byKind(a.task.bonuses)).toEqual({ REACH: byKind(campaign.bonusAwards).REACH, BEST_POST: byKind(campaign.bonusAwards).BEST_POST });
    expect(a.backOffice).toMatchObject({ bonus: { reach: true, engagement_rate: false, best_post: true }, allow_complete: false });
    expect(await api("/api/task/payments/", brand.token, { task_id: players.A.taskId })).toEqual({
      payment: 260,
      payment_post: 110,
      payment_bonus_reach: 50,
      payment_bonus_engagement_rate: 0,
      payment_bonus_best_post: 100,
      currency: "USD",
    });

    const b = await expectTaskAgrees(players.B, {
      status: "PARTICIPATION_STATUS_APPROVED",
      taskStatus: "ACCEPTED",
      accruedCents: postEarnings(COUNTS.B) + PRIZES.ENGAGEMENT_RATE,
      bonusCents: PRIZES.ENGAGEMENT_RATE,
    });
    expect(b.backOffice.bonus).toEqual({ reach: false, engagement_rate: true, best_post: false });
    expect(await api("/api/task/payments/", brand.token, { task_id: players.B.taskId })).toEqual({
      payment: 85,
      payment_post: 60,
      payment_bonus_reach: 0,
      payment_bonus_engagement_rate: 25,
      payment_bonus_best_post: 0,
      currency: "USD",
    });

    // A completed campaign leaves the public and active lists; the app still finds it among the joined ones.
    expect(await campaignSeenAs(players.A)).toEqual({ status: "CAMPAIGN_COMPLETED", public: false, active: false, joined: true });
  });

  it("the leaderboard ranks the influencer with more reach first, the reach bonus's winner", async () => {
    for (const player of [players.A, players.B]) {
      const board = await expectLeaderboardAgrees(player);
      expect(board.map(({ user_id, score, rank, completed_tasks }) => ({ user_id, score, rank, completed_tasks }))).toEqual([
        { user_id: players.A.legacyUserId, score: COUNTS.A.reach, rank: 1, completed_tasks: 1 },
        { user_id: players.B.legacyUserId, score: COUNTS.B.reach, rank: 2, completed_tasks: 1 },
      ]);
    }
    const reach = (await gqlCampaign()).bonusAwards.find((award: { kind: string }) => award.kind === "REACH");
    expect(reach.participation.legacyId).toBe(players.A.taskId);
  });

  it("the brand pays A's task: it reads paid everywhere, the ledger moved exactly its payments; B's stays accepted", async () => {
    const total = postEarnings(COUNTS.A) + PRIZES.REACH + PRIZES.BEST_POST;
    expect(await api("/api/task/actions/", brand.token, { task_id: players.A.taskId, action: "pay" })).toMatchObject({ status: "success" });
    await expectTaskAgrees(players.A, {
      status: "PARTICIPATION_STATUS_APPROVED",
      taskStatus: "PAID",
      accruedCents: total,
      bonusCents: PRIZES.REACH + PRIZES.BEST_POST,
      paidCents: total,
    });
    // Paying a paid task again moves nothing.
    expect(await api("/api/task/actions/", brand.token, { task_id: players.A.taskId, action: "pay" })).toMatchObject({ status: "success" });
    expect(await ledgerSum(players.A, "PAID_OUT")).toBe(total);
    await expectTaskAgrees(players.B, {
      status: "PARTICIPATION_STATUS_APPROVED",
      taskStatus: "ACCEPTED",
      accruedCents: postEarnings(COUNTS.B) + PRIZES.ENGAGEMENT_RATE,
      bonusCents: PRIZES.ENGAGEMENT_RATE,
    });
    expect((await gqlCampaign()).wallet).toMatchObject({ paidCents: total, payableCents: postEarnings(COUNTS.B) + PRIZES.ENGAGEMENT_RATE, blockedCents: 0 });
  });
});

// The legacy campaign paths (rest-compat/legacy/campaigns/): each answers the documented keys in the body
// format the documentation shows, the legacy error body for 400/401/403/404/405/409, bad input writes
// nothing, and who may call what. docs/legacy-api.md, "Campaigns".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call } from "../../support/rest.js";
import { connectAccount, createActiveCampaign, createCampaign, join, ok, signUp, submit, review, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, SEED, adminToken, appToken, expectLegacyError, expectSeedKeys, legacyPost } from "../../support/legacy-app.js";
import { insertSnapshots, rowIdOf } from "../../support/analytics.js";

let server: TestServer;
let admin: string;
let brand: Actor;
let otherBrand: Actor;
let influencer: Actor;
let app: string;
let campaignId: string;
let campaignLegacyId: number;

const legacyIdOf = async (id: string) => (await ok(server, `query($id: ID!) { campaign(id: $id) { legacyId } }`, { id }, admin)).campaign.legacyId as number;
const statusOf = async (id: string) => (await ok(server, `query($id: ID!) { campaign(id: $id) { status } }`, { id }, admin)).campaign.status as string;
const userLegacyId = async (actor: Actor) => (await ok(server, `{ viewer { legacyId } }`, {}, actor.token)).viewer.legacyId as number;

beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  admin = await adminToken(server);
  [brand, otherBrand, influencer] = await Promise.all([signUp(server, "BRAND"), signUp(server, "BRAND"), signUp(server, "INFLUENCER")]);
  campaignId = await createActiveCampaign(server, brand, {
    tagline: "Show off your summer style",
    category: "Fashion",
    requiredHashtags: ["#summer"],
    allowedPlatforms: ["INSTAGRAM", "FACEBOOK"],
    startDate: "2030-01-01T00:00:00Z",
    endDate: "2030-01-04T00:00:00Z",
    attachment: "https://example.com/brief.pdf",
  });
  await ok(
    server,
    `mutation($id: ID!, $input: UpdateRateCardInput!) { updateRateCard(campaignId: $id, input: $input) { campaign { id } } }`,
    { id: campaignId, input: { hasBonus: true, promoReachBonusCents: 5000, promoEngagementRateBonusCents: 2500, promoBestPostBonusCents: 10000, minimumRewardCents: 2550 } },
    brand.token,
  );
  campaignLegacyId = await legacyIdOf(campaignId);
  app = await appToken(server, influencer);
});
afterAll(async () => {
  await server?.close();
});

describe("app paths", () => {
  it("/api/get/campaigns/ lists campaigns with the documented keys and filters them", async () => {
    const response = await legacyPost(server, "/api/get/campaigns/", { token: app, form: { filter: "active", category: "fashion", network: "instagram" } });
    const mine = response.body.campaigns.find((campaign: { id: number }) => campaign.id === campaignLegacyId);
    expectSeedKeys(response, "/api/get/campaigns/", [], { campaigns: [mine] });
    expect(mine).toMatchObject({
      name: expect.any(String),
      type: "standard",
      hashtags: ["#summer"],
      networks: ["instagram", "facebook"],
      date_end: { year: 2030, month: 1, day: 4, hour: 0, minute: 0, second: 0 },
      currency: "USD",
      tasks: { time: 72, time_type: "hours", bonus: { active: true, promo_reach: 50, promo_engagement_rate: 25, promo_best_post: 100 }, minimum_reward: 25.5 },
      tasks_featured: false,
      tasks_leaderboard: true,
    });
    const tiktok = await legacyPost(server, "/api/get/campaigns", { token: app, json: { network: "tiktok" } });
    expect(tiktok.body.campaigns.map((campaign: { id: number }) => campaign.id)).not.toContain(campaignLegacyId);
    const joinedBefore = await legacyPost(server, "/api/get/campaigns/", { token: app, form: { filter: "joined" } });
    expect(joinedBefore.body.campaigns).toEqual([]);
  });

  it("/api/get/campaign/ shows one campaign with publisher and attachment; 403 for one the user may not see, 404 for none", async () => {
    const response = await legacyPost(server, "/api/get/campaign/", { token: app, form: { id: String(campaignLegacyId) } });
    expectSeedKeys(response, "/api/get/campaign/", ["publisher.social_users_available", "publisher.social_pages_available", "publisher.social_walls_available", "publisher.social_channels_available"]);
    expect(response.body.attachment).toBe("https://example.com/brief.pdf");
    expect(response.body.publisher.social_users_available).toEqual({ instagram: false, facebook: false });
    const draft = await legacyIdOf(await createCampaign(server, otherBrand));
    // Integer ids count up, so an existing one that is not the user's is 403 (docs/legacy-api.md, "Ids").
    expectLegacyError(await legacyPost(server, "/api/get/campaign/", { token: app, form: { id: draft } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/get/campaign/", { token: app, form: { id: 2_000_000_000 } }), 404, "NOT_FOUND");
    expectLegacyError(await legacyPost(server, "/api/get/campaign/", { token: app, form: { id: "abc" } }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, "/api/get/campaign/", { token: app }), 400, "VALIDATION_ERROR");
  });

  it("/api/action/campaign/join/ joins (the same answer twice), then joined lists it and the leaderboard ranks", async () => {
    const first = await legacyPost(server, "/api/action/campaign/join/", { token: app, json: { campaign_id: campaignLegacyId } });
    expectSeedKeys(first, "/api/action/campaign/join/");
    expect(first.body).toEqual({ status: "success", message: "Successfully joined campaign" });
    expect((await legacyPost(server, "/api/action/campaign/join", { token: app, form: { campaign_id: campaignLegacyId } })).status).toBe(200);
    const participations = await ok(server, `query($id: ID!) { campaign(id: $id) { participations { totalCount } } }`, { id: campaignId }, brand.token);
    expect(participations.campaign.participations.totalCount).toBe(1);
    const joined = await legacyPost(server, "/api/get/campaigns/", { token: app, form: { filter: "joined" } });
    expect(joined.body.campaigns.map((campaign: { id: number }) => campaign.id)).toEqual([campaignLegacyId]);
    const available = await legacyPost(server, "/api/get/campaigns/", { token: app, form: { filter: "available" } });
    expect(available.body.campaigns.map((campaign: { id: number }) => campaign.id)).not.toContain(campaignLegacyId);
    const draft = await legacyIdOf(await createCampaign(server, brand));
    expectLegacyError(await legacyPost(server, "/api/action/campaign/join/", { token: app, json: { campaign_id: draft } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/action/campaign/join/", { token: app, json: { campaign_id: -3 } }), 400, "VALIDATION_ERROR");
  });

  it("/api/get/leaderboard/ ranks participants by the reach of their tracked posts (competition rank, stable ties)", async () => {
    const id = await createActiveCampaign(server, brand, { submissionLimit: 1 });
    const legacyId = await legacyIdOf(id);
    const people = await Promise.all([signUp(server, "INFLUENCER"), signUp(server, "INFLUENCER"), signUp(server, "INFLUENCER")]);
    const reach = [500, 900, 500];
    for (const [index, person] of people.entries()) {
      await connectAccount(server, person, "INSTAGRAM");
      const participationId = await join(server, person, id);
      const { submission } = await submit(server, person, participationId);
      await review(server, brand, submission.id, "APPROVE");
      await insertSnapshots(server, await rowIdOf(server, submission.id), [
        { at: "2030-01-01T00:00:00Z", reach: 1 },
        { at: "2030-01-02T00:00:00Z", reach: reach[index]! },
      ]);
    }
    const response = await legacyPost(server, "/api/get/leaderboard/", { token: app, form: { campaign_id: legacyId } });
    expectSeedKeys(response, "/api/get/leaderboard/");
    const ids = await Promise.all(people.map(userLegacyId));
    expect(response.body.leaderboard.map((entry: { user_id: number; score: number; rank: number; completed_tasks: number }) => [entry.user_id, entry.score, entry.rank, entry.completed_tasks])).toEqual([
      [ids[1], 900, 1, 1],
      [ids[0], 500, 2, 1],
      [ids[2], 500, 2, 1],
    ]);
    expectLegacyError(await legacyPost(server, "/api/get/leaderboard/", { token: app, form: { campaign_id: "x1" } }), 400, "VALIDATION_ERROR");
  });

  it("/api/action/network/approval/ files a request an admin approves in GraphQL, which makes the profile eligible", async () => {
    const person = await signUp(server, "INFLUENCER");
    const token = await appToken(server, person);
    const id = await createActiveCampaign(server, brand, { allowedPlatforms: ["TIKTOK"] });
    const participationId = await join(server, person, id);
    const tiktokPost = () => `https://www.tiktok.com/@me/video/7${String(Date.now()).padStart(18, "1").slice(0, 18)}`;
    expect((await submit(server, person, participationId, { platform: "TIKTOK", contentUrl: tiktokPost() })).submission.rejectionReason).toBe("INTEGRATION_NOT_ELIGIBLE");

    const form = { network_type: "tiktok", network_id: "me", network_url: "https://www.tiktok.com/@me" };
    const response = await legacyPost(server, "/api/action/network/approval/", { token, form });
    expectSeedKeys(response, "/api/action/network/approval/");
    expect((await legacyPost(server, "/api/action/network/approval/", { token, json: form })).status).toBe(200);
    const pending = await ok(server, `{ networkApprovals { id platform externalAccountId status user { id } } }`, {}, admin);
    const mine = pending.networkApprovals.filter((request: { user: { id: string } }) => request.user.id === person.id);
    expect(mine).toEqual([{ id: expect.any(String), platform: "TIKTOK", externalAccountId: "me", status: "PENDING", user: { id: person.id } }]);
    const brandAttempt = await server.gql(`mutation($id: ID!) { reviewNetworkApproval(id: $id, approve: true) { networkApproval { status } } }`, { id: mine[0].id }, brand.token);
    expect(brandAttempt.errors?.[0]?.extensions.code).toBe("PERMISSION_DENIED");
    const approved = await ok(server, `mutation($id: ID!) { reviewNetworkApproval(id: $id, approve: true) { networkApproval { status } } }`, { id: mine[0].id }, admin);
    expect(approved.reviewNetworkApproval.networkApproval.status).toBe("APPROVED");
    const refused = await server.gql(`mutation($id: ID!) { reviewNetworkApproval(id: $id, approve: false, reason: "no") { networkApproval { status } } }`, { id: mine[0].id }, admin);
    expect(refused.errors?.[0]?.extensions.code).toBe("CONFLICT");
    expect((await submit(server, person, participationId, { platform: "TIKTOK", contentUrl: tiktokPost() })).submission.status).toBe("PENDING");

    for (const bad of [{ ...form, network_type: "myspace" }, { ...form, network_url: "not a url" }, { network_type: "tiktok", network_url: "https://x.test" }]) {
      const refusal = expectLegacyError(await legacyPost(server, "/api/action/network/approval/", { token, form: bad }), 400, "VALIDATION_ERROR");
      expect(Object.keys(refusal.details.fields).length).toBe(1);
    }
    const after = await ok(server, `{ myNetworkApprovals { id } }`, {}, person.token);
    expect(after.myNetworkApprovals).toHaveLength(1);
  });

  it("is 401 without an application token (a signIn token is not one) and 405 for another method", async () => {
    for (const path of ["/api/get/campaigns/", "/api/get/campaign/", "/api/get/leaderboard/", "/api/action/campaign/join/", "/api/action/network/approval/"]) {
      expectLegacyError(await legacyPost(server, path, { form: { campaign_id: campaignLegacyId } }), 401, "UNAUTHORIZED");
      expectLegacyError(await legacyPost(server, path, { token: influencer.token, form: { campaign_id: campaignLegacyId } }), 401, "UNAUTHORIZED");
      const other = await call(server, "GET", path, { token: app });
      expectLegacyError(other, 405, "VALIDATION_ERROR");
      expect(other.headers.get("allow")).toBe("POST");
    }
    const brandApp = await appToken(server, brand);
    expectLegacyError(await legacyPost(server, "/api/action/campaign/join/", { token: brandApp, form: { campaign_id: campaignLegacyId } }), 403, "PERMISSION_DENIED");
    const approval = { network_type: "instagram", network_id: "brand", network_url: "https://www.instagram.com/brand" };
    expectLegacyError(await legacyPost(server, "/api/action/network/approval/", { token: brandApp, form: approval }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/get/campaigns/", { token: app, form: { filter: "everything" } }), 400, "VALIDATION_ERROR");
    const broken = await call(server, "POST", "/api/get/campaigns/", { token: app, body: '{"filter":', headers: { "content-type": "application/json" } });
    expectLegacyError(broken, 400, "VALIDATION_ERROR");
  });
});

describe("the public list", () => {
  it("/api/get/public/campaigns/ needs no token and shows exactly the public fields", async () => {
    const response = await legacyPost(server, "/api/get/public/campaigns/", { form: { filter: "active", category: "fashion" } });
    expectSeedKeys(response, "/api/get/public/campaigns/", [], { campaigns: response.body.campaigns.filter((campaign: { id: number }) => campaign.id === campaignLegacyId) });
    expect(response.body.campaigns).toContainEqual({
      id: campaignLegacyId,
      name: expect.any(String),
      tagline: "Show off your summer style",
      image_logo: null,
      networks: ["instagram", "facebook"],
      currency: "USD",
      minimum_reward: 25.5,
    });
    const draft = await legacyIdOf(await createCampaign(server, brand, { category: "fashion" }));
    expect(response.body.campaigns.map((campaign: { id: number }) => campaign.id)).not.toContain(draft);
    expectLegacyError(await legacyPost(server, "/api/get/public/campaigns/", { form: { filter: "draft" } }), 400, "VALIDATION_ERROR");
  });
});

describe("backend paths", () => {
  it("/api/campaigns/: a brand's own by default, someone else's advertiser_id 403, influencers 403, admins anything", async () => {
    const own = await legacyPost(server, "/api/campaigns/", { token: brand.token });
    expectSeedKeys(own, "/api/campaigns/", [], own.body.filter((campaign: { id: number }) => campaign.id === campaignLegacyId));
    const brandId = await userLegacyId(brand);
    const otherId = await userLegacyId(otherBrand);
    expect((await legacyPost(server, "/api/campaigns/", { token: otherBrand.token })).body.map((campaign: { id: number }) => campaign.id)).not.toContain(campaignLegacyId);
    expectLegacyError(await legacyPost(server, "/api/campaigns/", { token: otherBrand.token, form: { advertiser_id: brandId } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/campaigns/", { token: influencer.token }), 403, "PERMISSION_DENIED");
    const byAdmin = await legacyPost(server, "/api/campaigns/", { token: admin, form: { advertiser_id: brandId, user_id: otherId } });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.length).toBeGreaterThan(0);
    expect(byAdmin.body.every((campaign: { id: number }) => own.body.some((mine: { id: number }) => mine.id === campaign.id))).toBe(true);
    const forInfluencer = await legacyPost(server, "/api/campaigns/", { token: admin, json: { user_id: await userLegacyId(influencer) } });
    expect(forInfluencer.body.map((campaign: { id: number }) => campaign.id)).toContain(campaignLegacyId);
    expectLegacyError(await legacyPost(server, "/api/campaigns/", { token: admin, form: { advertiser_id: "one" } }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, "/api/campaigns/", { token: admin, form: { advertiser_id: 2_000_000_000 } }), 404, "NOT_FOUND");
    expectLegacyError(await legacyPost(server, "/api/campaigns/"), 401, "UNAUTHORIZED");
  });

  it("/api/advertiser/check/ and /api/user/check/ find ids by email, for admins only", async () => {
    const advertiser = await legacyPost(server, "/api/advertiser/check/", { token: admin, form: { email: brand.email.toUpperCase() } });
    expectSeedKeys(advertiser, "/api/advertiser/check/");
    expect(advertiser.body).toEqual({ id: await userLegacyId(brand), message: "Advertiser already exists" });
    expectLegacyError(await legacyPost(server, "/api/advertiser/check/", { token: admin, form: { email: influencer.email } }), 404, "NOT_FOUND");
    const user = await legacyPost(server, "/api/user/check/", { token: admin, json: { email: influencer.email } });
    expectSeedKeys(user, "/api/user/check/");
    expect(user.body.id).toBe(await userLegacyId(influencer));
    expectLegacyError(await legacyPost(server, "/api/user/check/", { token: admin, json: { email: "nobody@example.test" } }), 404, "NOT_FOUND");
    for (const path of ["/api/advertiser/check/", "/api/user/check/"]) {
      expectLegacyError(await legacyPost(server, path, { token: brand.token, form: { email: brand.email } }), 403, "PERMISSION_DENIED");
      expectLegacyError(await legacyPost(server, path, { token: influencer.token, form: { email: brand.email } }), 403, "PERMISSION_DENIED");
      expectLegacyError(await legacyPost(server, path, { token: admin, form: { email: "not-an-email" } }), 400, "VALIDATION_ERROR");
      expectLegacyError(await legacyPost(server, path, { token: admin }), 400, "VALIDATION_ERROR");
    }
  });

  it("/api/campaign/status/, pre-register and post-register move the lifecycle; illegal moves 409, unknown statuses 400", async () => {
    const id = await createCampaign(server, brand);
    const legacyId = await legacyIdOf(id);
    const post = (path: string, form: Record<string, unknown>, token = brand.token) => legacyPost(server, path, { token, form });

    expectLegacyError(await post("/api/campaign/post-register/", { campaign_id: legacyId }), 409, "CONFLICT");
    const pre = await post("/api/campaign/pre-register/", { campaign_id: legacyId });
    expectSeedKeys(pre, "/api/campaign/pre-register/");
    expect(await statusOf(id)).toBe("CAMPAIGN_PENDING");
    expect((await post("/api/campaign/pre-register/", { campaign_id: legacyId })).status).toBe(200);

    expectLegacyError(await post("/api/campaign/status/", { campaign_id: legacyId, status: "running" }), 400, "VALIDATION_ERROR");
    expectLegacyError(await post("/api/campaign/status/", { campaign_id: legacyId, status: "active" }, otherBrand.token), 403, "PERMISSION_DENIED");
    expectLegacyError(await post("/api/campaign/status/", { campaign_id: legacyId, status: "active" }, influencer.token), 403, "PERMISSION_DENIED");
    expectLegacyError(await post("/api/campaign/status/", { campaign_id: 2_000_000_000, status: "active" }), 404, "NOT_FOUND");
    expect(await statusOf(id)).toBe("CAMPAIGN_PENDING");
    // An influencer sees an active campaign but may not move it.
    expectLegacyError(await post("/api/campaign/status/", { campaign_id: campaignLegacyId, status: "paused" }, influencer.token), 403, "PERMISSION_DENIED");
    expect(await statusOf(campaignId)).toBe("CAMPAIGN_ACTIVE");
    const status = await post("/api/campaign/status/", { campaign_id: String(legacyId), status: "active" });
    expectSeedKeys(status, "/api/campaign/status/");
    expect(await statusOf(id)).toBe("CAMPAIGN_ACTIVE");
    expectLegacyError(await post("/api/campaign/pre-register/", { campaign_id: legacyId }), 409, "CONFLICT");
    expectLegacyError(await post("/api/campaign/status/", { campaign_id: legacyId, status: "draft" }), 409, "CONFLICT");

    const done = await post("/api/campaign/post-register/", { campaign_id: legacyId }, admin);
    expectSeedKeys(done, "/api/campaign/post-register/");
    expect(await statusOf(id)).toBe("CAMPAIGN_COMPLETED");
    expect((await post("/api/campaign/post-register/", { campaign_id: legacyId })).status).toBe(200);
    for (const path of ["/api/campaign/status/", "/api/campaign/pre-register/", "/api/campaign/post-register/"]) {
      expectLegacyError(await post(path, { campaign_id: "12abc", status: "active" }), 400, "VALIDATION_ERROR");
      expectLegacyError(await legacyPost(server, path, { form: { campaign_id: legacyId, status: "active" } }), 401, "UNAUTHORIZED");
    }
  });

  it("every campaign path is in /openapi.json with form and JSON bodies and the documented example", async () => {
    const document = (await call(server, "GET", "/openapi.json")).body;
    for (const path of [
      "/api/get/campaigns/", "/api/get/campaign/", "/api/get/leaderboard/", "/api/action/campaign/join/", "/api/action/network/approval/",
      "/api/get/public/campaigns/", "/api/campaigns/", "/api/advertiser/check/", "/api/user/check/", "/api/campaign/status/",
      "/api/campaign/pre-register/", "/api/campaign/post-register/",
    ]) {
      const operation = document.paths[path]?.post;
      expect(operation, path).toBeDefined();
      expect(Object.keys(operation.requestBody.content), path).toEqual(["application/x-www-form-urlencoded", "application/json"]);
      expect(operation.responses["200"].content["application/json"].example, path).toEqual(SEED[path]!.response);
    }
  });
});

// The legacy money paths (rest-compat/legacy/money/): /api/campaign/settings/ edits the rate card in decimal
// units (form brackets or JSON), /api/task/payments/ answers a task's accrued money split into posts and
// promo bonuses. Documented keys, the legacy error body, bad input writes nothing, who may call what.
// docs/legacy-api.md, "Money: rate card, payments and bonuses".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call } from "../../support/rest.js";
import { createCampaign, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, SEED, adminToken, expectLegacyError, legacyPost } from "../../support/legacy-app.js";
import { insertSnapshots } from "../../support/analytics.js";
import { money } from "../../support/money.js";
import { accrueCampaign } from "../../../src/wallets/accrual.service.js";

let server: TestServer;
let m: ReturnType<typeof money>;
let admin: string;
let otherBrand: Actor;
let influencer: Actor;
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  m = money(server);
  admin = await adminToken(server);
  [otherBrand, influencer] = await Promise.all([signUp(server, "BRAND"), signUp(server, "INFLUENCER")]);
});
afterAll(() => server?.close());

const RATE_CARD = `query($id: ID!) { campaign(id: $id) { legacyId rateCard {
  postRateCents minimumRewardCents hasBonus promoReachBonusCents promoEngagementRateBonusCents promoBestPostBonusCents } } }`;
const rateCard = async (id: string) => (await ok(server, RATE_CARD, { id }, admin)).campaign;
const SETTINGS = "/api/campaign/settings/";
const PAYMENTS = "/api/task/payments/";

describe("/api/campaign/settings/", () => {
  it("edits the rate card from the documented form and from JSON, in decimal units", async () => {
    const brand = await signUp(server, "BRAND");
    const id = await createCampaign(server, brand);
    const { legacyId } = await rateCard(id);
    const form = await legacyPost(server, SETTINGS, { token: brand.token, form: { ...SEED[SETTINGS]!.request, campaign_id: legacyId } });
    expect(form.status, JSON.stringify(form.body)).toBe(200);
    expect(Object.keys(form.body).sort()).toEqual(Object.keys(SEED[SETTINGS]!.response).sort());
    expect(form.body).toEqual({ status: "success", message: "Settings updated successfully" });
    expect((await rateCard(id)).rateCard).toEqual({
      postRateCents: 3_000, minimumRewardCents: 0, hasBonus: true, promoReachBonusCents: 5_000, promoEngagementRateBonusCents: 0, promoBestPostBonusCents: 0,
    });

    const settings = { post_rate: 12.34, has_bonus: false, promo_reach_bonus: "0", promo_engagement_rate_bonus: "25.5", promo_best_post_bonus: 100, minimum_reward: "2.82" };
    const json = await legacyPost(server, "/api/campaign/settings", { token: admin, json: { campaign_id: legacyId, settings } });
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    expect((await rateCard(id)).rateCard).toEqual({
      postRateCents: 1_234, minimumRewardCents: 282, hasBonus: false, promoReachBonusCents: 0, promoEngagementRateBonusCents: 2_550, promoBestPostBonusCents: 10_000,
    });
  });

  it("refuses bad input with 400 and writes nothing", async () => {
    const brand = await signUp(server, "BRAND");
    const id = await createCampaign(server, brand);
    const before = await rateCard(id);
    const campaign_id = before.legacyId;
    const forms: [string, string][] = [
      [`campaign_id=${campaign_id}&settings[cpm]=3`, "settings"], // not a setting
      [`campaign_id=${campaign_id}&settings[post_rate]=-5`, "settings.post_rate"],
      [`campaign_id=${campaign_id}&settings[post_rate]=1.234`, "settings.post_rate"],
      [`campaign_id=${campaign_id}&settings[post_rate]=ten`, "settings.post_rate"],
      [`campaign_id=${campaign_id}&settings[promo_reach_bonus]=1e3`, "settings.promo_reach_bonus"],
      [`campaign_id=${campaign_id}&settings[has_bonus]=maybe`, "settings.has_bonus"],
      [`campaign_id=${campaign_id}&settings=30`, "settings"],
      [`campaign_id=${campaign_id}&settings[post_rate][x]=1`, "settings.post_rate"],
      [`campaign_id=${campaign_id}&settings[]=1`, "settings"],
      [`campaign_id=${campaign_id}`, "settings"],
      [`campaign_id=abc&settings[post_rate]=1`, "campaign_id"],
      [`settings[post_rate]=1`, "campaign_id"],
    ];
    for (const [body, field] of forms) {
      const response = await call(server, "POST", SETTINGS, { token: brand.token, body, headers: { "content-type": "application/x-www-form-urlencoded" } });
      const error = expectLegacyError(response, 400, "VALIDATION_ERROR");
      expect(Object.keys(error.details.fields), body).toContain(field);
    }
    for (const settings of [{ post_rate: -1 }, { post_rate: 1.234 }, { promo_reach_bonus: "1e3" }, { has_bonus: 2 }, { post_rate: { x: 1 } }, {}]) {
      const response = await legacyPost(server, SETTINGS, { token: brand.token, json: { campaign_id, settings } });
      expect(response.status, JSON.stringify(settings)).toBe(400);
      expectLegacyError(response, 400, "VALIDATION_ERROR");
    }
    const malformed = await call(server, "POST", SETTINGS, { token: brand.token, body: '{"campaign_id": 1, "settings": {', headers: { "content-type": "application/json" } });
    expectLegacyError(malformed, 400, "VALIDATION_ERROR");
    expect(await rateCard(id)).toEqual(before);
  });

  it("owner or admin only; a running campaign's post rate may not fall; 401 and 405 in the legacy body", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 500 });
    const { legacyId: campaign_id } = await rateCard(campaignId);
    const body = { campaign_id, settings: { post_rate: "6" } };
    expectLegacyError(await legacyPost(server, SETTINGS, { token: influencer.token, form: body }), 403, "PERMISSION_DENIED");
    // Another brand's campaign, named by its (counting) legacy id: 403; an id nobody has: 404.
    expectLegacyError(await legacyPost(server, SETTINGS, { token: otherBrand.token, form: body }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, SETTINGS, { token: brand.token, form: { ...body, campaign_id: 2_000_000_000 } }), 404, "NOT_FOUND");
    expectLegacyError(await legacyPost(server, SETTINGS, { form: body }), 401, "UNAUTHORIZED");
    for (const path of [SETTINGS, PAYMENTS]) {
      const get = await call(server, "GET", path, { token: brand.token });
      expectLegacyError(get, 405, "VALIDATION_ERROR");
      expect(get.headers.get("allow")).toBe("POST");
    }
    expectLegacyError(await legacyPost(server, SETTINGS, { token: brand.token, form: { campaign_id, settings: { post_rate: "4.99" } } }), 409, "CONFLICT");
    expect((await legacyPost(server, SETTINGS, { token: brand.token, form: body })).status).toBe(200);
    expect((await rateCard(campaignId)).rateCard.postRateCents).toBe(600);
  });
});

describe("/api/task/payments/", () => {
  it("answers the task's accrued money split into posts and each bonus, before and after completion", async () => {
    const { brand, campaignId, cid } = await m.campaign({ flatCents: 2_500 });
    await ok(
      server,
      `mutation($id: ID!, $input: UpdateRateCardInput!) { updateRateCard(campaignId: $id, input: $input) { campaign { id } } }`,
      { id: campaignId, input: { hasBonus: true, promoReachBonusCents: 500, promoEngagementRateBonusCents: 250, promoBestPostBonusCents: 1_000 } },
      brand.token,
    );
    await m.fund(brand, campaignId, 100_000);
    const winner = await m.acceptedSubmission(brand, campaignId);
    const other = await m.acceptedSubmission(brand, campaignId);
    await insertSnapshots(server, winner.sid, [{ at: "2025-05-01T00:00:00Z", reach: 900, likes: 90, comments: 9 }]); // 99 / 900 = 0.11
    await insertSnapshots(server, other.sid, [{ at: "2025-05-01T00:00:00Z", reach: 100, likes: 20 }]); // 20 / 100 = 0.2
    await accrueCampaign(m.db(), cid);
    const taskOf = async (participationId: string) =>
      (await ok(server, `query($id: ID!) { participation(id: $id) { legacyId } }`, { id: participationId }, admin)).participation.legacyId as number;
    const [winnerTask, otherTask] = [await taskOf(winner.participationId), await taskOf(other.participationId)];

    const before = await legacyPost(server, PAYMENTS, { token: brand.token, form: { task_id: winnerTask } });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(Object.keys(before.body)).toEqual(expect.arrayContaining(Object.keys(SEED[PAYMENTS]!.response)));
    expect(before.body).toEqual({ payment: 25, payment_post: 25, payment_bonus_reach: 0, payment_bonus_engagement_rate: 0, payment_bonus_best_post: 0, currency: "USD" });

    await ok(server, `mutation($id: ID!) { setCampaignStatus(id: $id, status: CAMPAIGN_COMPLETED) { campaign { id } } }`, { id: campaignId }, brand.token);
    const after = await legacyPost(server, "/api/task/payments", { token: admin, json: { task_id: winnerTask } });
    expect(after.body).toEqual({ payment: 40, payment_post: 25, payment_bonus_reach: 5, payment_bonus_engagement_rate: 0, payment_bonus_best_post: 10, currency: "USD" });
    const rate = await legacyPost(server, PAYMENTS, { token: brand.token, json: { task_id: otherTask } });
    expect(rate.body).toEqual({ payment: 27.5, payment_post: 25, payment_bonus_reach: 0, payment_bonus_engagement_rate: 2.5, payment_bonus_best_post: 0, currency: "USD" });
    // GraphQL says the same.
    const earnings = await ok(server, `query($id: ID!) { participation(id: $id) { earnings { accruedCents bonusCents } } }`, { id: winner.participationId }, brand.token);
    expect(earnings.participation.earnings).toEqual({ accruedCents: 4_000, bonusCents: 1_500 });
    await m.checkInvariants();

    expectLegacyError(await legacyPost(server, PAYMENTS, { token: winner.influencer.token, form: { task_id: winnerTask } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, PAYMENTS, { token: otherBrand.token, form: { task_id: winnerTask } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, PAYMENTS, { token: brand.token, form: { task_id: 2_000_000_000 } }), 404, "NOT_FOUND");
    expectLegacyError(await legacyPost(server, PAYMENTS, { token: brand.token, form: { task_id: "x" } }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, PAYMENTS, { token: brand.token }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, PAYMENTS, { form: { task_id: winnerTask } }), 401, "UNAUTHORIZED");
  });
});

describe("/openapi.json", () => {
  it("lists both paths with form and JSON bodies, the documented request example and an answer example that fits", async () => {
    const document = (await call(server, "GET", "/openapi.json")).body;
    for (const path of [SETTINGS, PAYMENTS]) {
      const operation = document.paths[path]?.post;
      expect(Object.keys(operation.requestBody.content), path).toEqual(["application/x-www-form-urlencoded", "application/json"]);
      expect(operation.requestBody.content["application/json"].example, path).toEqual(SEED[path]!.request);
      expect(operation.responses["200"].content["application/json"].example, path).toMatchObject(SEED[path]!.response);
      expect(Object.keys(operation.responses["403"] ?? {}), path).not.toHaveLength(0);
    }
  });
});

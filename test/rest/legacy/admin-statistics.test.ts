// The legacy publisher, user and general statistics paths (rest-compat/legacy/statistics/admin-routes.ts) on a
// database without demo data: every figure on an empty database, then on a world built here whose figures are
// worked out by hand below; ranges, the reporting currency, bad input, who may call, the documented keys and
// a constant number of SQL statements as the world grows. docs/legacy-api.md, "Statistics: publishers,
// users and the platform".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call } from "../../support/rest.js";
import { connectAccount, createActiveCampaign, createCampaign, join, ok, review, setCampaignStatus, signUp, submit, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, SEED, adminToken, expectLegacyError, expectSeedKeys, legacyPost } from "../../support/legacy-app.js";
import { db, insertSnapshots, rowIdOf } from "../../support/analytics.js";
import { key, money } from "../../support/money.js";
import { accrueCampaign } from "../../../src/wallets/accrual.service.js";
import { queryRows } from "../../../src/db/client.js";
import { campaigns } from "../../../schema/tables.js";

const STATUS = "/api/publishers/stats/status/";
const ACTIVITY = "/api/publishers/stats/activity/";
const SEX = "/api/users/stats/sex/";
const AGE = "/api/users/stats/age/";
const PREFERENCES = "/api/users/stats/preferences/";
const PENDING = "/api/general/stats/pending/";
const FINANCIAL = "/api/general/stats/financial/";
const ESTIMATED = "/api/general/stats/estimated-publishers/";
const POTENTIAL = "/api/general/stats/potential-publishers/";
const PATHS = [STATUS, ACTIVITY, SEX, AGE, PREFERENCES, PENDING, FINANCIAL, ESTIMATED, POTENTIAL];

let server: TestServer;
let admin: string;
let slugs: string[];
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN, seedDemoData: false });
  admin = await adminToken(server);
  slugs = (await queryRows<{ slug: string }>(db(server), sql`select slug from categories order by id`)).map((row) => row.slug);
});
afterAll(() => server?.close());

const post = (path: string, body?: Record<string, unknown>, token = admin) => legacyPost(server, path, { token, ...(body ? { form: body } : {}) });
const figures = async (path: string, body?: Record<string, unknown>) => {
  const response = await post(path, body);
  expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
};
const sum = (answer: Record<string, number>) => Object.values(answer).reduce((a, b) => a + b, 0);
const zeros = (keys: string[]) => Object.fromEntries(keys.map((name) => [name, 0]));

/** YYYY-MM-DD of today's UTC date moved back `years` years and on by `days` days. */
function bornOn(years: number, days = 0): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() + days)).toISOString().slice(0, 10);
}
const todayUtc = () => new Date().toISOString().slice(0, 10);

const PROFILE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id } } }`;
const profile = (actor: Actor, input: Record<string, unknown>) => ok(server, PROFILE, { input }, actor.token);
/** What no API sets: a status, a birth date under 18, a stale or repeated slug, a submission's or transaction's time. */
const execute = (statement: ReturnType<typeof sql>) => db(server).execute(statement);
const setStatus = (actor: Actor, status: string) => execute(sql`update users set status = ${status}::user_status where public_id = ${actor.id}`);

describe("on an empty database", () => {
  it("answers zeros everywhere, percentages included, and 0 as the conversion rate", async () => {
    expect(await figures(STATUS)).toEqual({ active: 0, inactive: 0, suspended: 0, banned: 0 });
    expect(await figures(ACTIVITY)).toEqual({ total_posts: 0, total_reach: 0, total_engagement: 0 });
    expect(await figures(SEX)).toEqual({ male: 0, female: 0, other: 0 });
    expect(await figures(AGE)).toEqual({ "18-24": 0, "25-34": 0, "35-44": 0, "45+": 0 });
    const preferences = await figures(PREFERENCES);
    expect(Object.keys(preferences)).toEqual(slugs);
    expect(preferences).toEqual(zeros(slugs));
    expect(await figures(PENDING)).toEqual({ pending_campaigns: 0, pending_tasks: 0, pending_approvals: 0 });
    expect(await figures(FINANCIAL)).toEqual({ total_revenue: 0, total_payouts: 0, currency: "USD" });
    expect(await figures(ESTIMATED)).toEqual({ estimated_publishers: 0, active_publishers: 0 });
    expect(await figures(POTENTIAL)).toEqual({ potential_publishers: 0, conversion_rate: 0 });
  });
});

/**
 * Influencers A–J, two brands and five campaigns. The expectations of each test below are derived from this
 * list, by hand.
 *   A ACTIVE  MALE    25th birthday tomorrow (24)  fashion, beauty              IG; K1: s1 accepted, s2 pending
 *   B ACTIVE  MALE    25 today                     fashion (twice, by SQL)      IG; K1: s3 accepted (2024-06-15 23:30Z), s4 rejected, s6 accepted
 *   C ACTIVE  FEMALE  18 today                     technology, fashion, travel  IG; K1: joined, nothing submitted
 *   D ACTIVE  OTHER   18th birthday tomorrow (17)  —                            IG; K1: left; K4 (completed): joined
 *   E ACTIVE  —       40                           food                         IG; K3 (paused): joined; network approval pending
 *   F INACTIVE FEMALE 45 today                     fashion + a stale slug       IG
 *   G SUSPENDED MALE  70                           —
 *   H BANNED  —       —                            other
 *   I ACTIVE  —       —                            —                            network approval APPROVED
 *   J ACTIVE  —       —                            —                            IG account REVOKED
 * K1 (brand 1, USD, flat 5.00 a post, ACTIVE) funded 100.00; s1, s3, s6 accrue 5.00 each, paid out: 15.00.
 * K5 (brand 2, EUR, PENDING) funded 50.00 EUR on 2024-03-10 (= 54.35 USD at 0.92 EUR per USD).
 * Snapshots: s1 {reach 100, likes 10} then latest {reach 150, likes 20, comments 5, saves 1}; s3 {reach 240,
 * impressions 300, views 500, likes 7}; s6 none.
 */
describe("on a known world", () => {
  let brand1: Actor;
  let influencerA: Actor;
  beforeAll(async () => {
    const [A, B, C, D, E, F, G, H, I, J] = await Promise.all(Array.from({ length: 10 }, () => signUp(server, "INFLUENCER")));
    influencerA = A!;
    const [b1, b2] = await Promise.all([signUp(server, "BRAND"), signUp(server, "BRAND")]);
    brand1 = b1!;
    await Promise.all([
      profile(A!, { sex: "MALE", birthDate: bornOn(25, 1), interestCategories: ["fashion", "beauty"] }),
      profile(B!, { sex: "MALE", birthDate: bornOn(25), interestCategories: ["fashion"] }),
      profile(C!, { sex: "FEMALE", birthDate: bornOn(18), interestCategories: ["technology", "fashion", "travel"] }),
      profile(D!, { sex: "OTHER" }),
      profile(E!, { birthDate: bornOn(40, -100), interestCategories: ["food"] }),
      profile(F!, { sex: "FEMALE", birthDate: bornOn(45), interestCategories: ["fashion"] }),
      profile(G!, { sex: "MALE", birthDate: bornOn(70, -3) }),
      profile(H!, { interestCategories: ["other"] }),
      profile(b1!, { interestCategories: ["fashion"] }), // a brand: not a publisher
      ...[A, B, C, D, E, F, J].map((influencer) => connectAccount(server, influencer!, "INSTAGRAM")),
    ]);
    await execute(sql`update users set birth_date = ${bornOn(18, 1)}::date where public_id = ${D!.id}`);
    await execute(sql`update users set interest_categories = array['fashion', 'fashion'] where public_id = ${B!.id}`);
    await execute(sql`update users set interest_categories = array['fashion', 'retired-slug'] where public_id = ${F!.id}`);
    await execute(sql`update social_accounts set status = 'REVOKED' where user_id = (select id from users where public_id = ${J!.id})`);

    const approval = `mutation($input: RequestNetworkApprovalInput!) { requestNetworkApproval(input: $input) { networkApproval { id } } }`;
    const request = async (actor: Actor) =>
      (await ok(server, approval, { input: { platform: "TIKTOK", externalAccountId: `tt-${actor.id}`, profileUrl: "https://www.tiktok.com/@someone" } }, actor.token))
        .requestNetworkApproval.networkApproval.id as string;
    const [approvedId] = await Promise.all([request(I!), request(E!)]);
    await ok(server, `mutation($id: ID!) { reviewNetworkApproval(id: $id, approve: true) { networkApproval { id } } }`, { id: approvedId }, admin);

    const m = money(server);
    const k1 = await createActiveCampaign(server, b1!, { rateCard: { flatCents: 500 }, submissionLimit: 5 });
    const [k3, k4] = await Promise.all([createActiveCampaign(server, b1!), createActiveCampaign(server, b1!)]);
    const k5 = await createCampaign(server, b2!, { currency: "EUR" });
    await setCampaignStatus(server, b2!, k5, "CAMPAIGN_PENDING");
    await m.fund(b1!, k1, 10_000);
    const eurFunding = await m.fund(b2!, k5, 5_000);
    await execute(sql`update ledger_transactions set created_at = '2024-03-10T12:00:00Z' where public_id = ${eurFunding.transaction.id}`);

    const [pA, pB] = await Promise.all([join(server, A!, k1), join(server, B!, k1), join(server, C!, k1), join(server, E!, k3), join(server, D!, k4)]);
    const dInK1 = await join(server, D!, k1);
    await ok(server, `mutation($id: ID!) { leaveParticipation(id: $id) { participation { id } } }`, { id: dInK1 }, D!.token);
    await setCampaignStatus(server, b1!, k3, "CAMPAIGN_PAUSED");
    await setCampaignStatus(server, b1!, k4, "CAMPAIGN_COMPLETED");

    const accepted = async (actor: Actor, participationId: string) => {
      const { submission } = await submit(server, actor, participationId);
      await review(server, b1!, submission.id, "APPROVE");
      return rowIdOf(server, submission.id);
    };
    const s1 = await accepted(A!, pA!);
    await submit(server, A!, pA!); // s2, pending
    const s3 = await accepted(B!, pB!);
    await review(server, b1!, (await submit(server, B!, pB!)).submission.id, "REJECT"); // s4
    await accepted(B!, pB!); // s6, no snapshot
    await insertSnapshots(server, s1, [
      { at: "2025-01-01T00:00:00Z", reach: 100, likes: 10 },
      { at: "2025-01-02T00:00:00Z", reach: 150, likes: 20, comments: 5, saves: 1 },
    ]);
    await insertSnapshots(server, s3, [{ at: "2025-01-01T00:00:00Z", reach: 240, impressions: 300, views: 500, likes: 7 }]);
    await execute(sql`update submissions set submitted_at = '2024-06-15T23:30:00Z' where id = ${s3}`);

    await accrueCampaign(db(server), await m.dbIdOf(campaigns, k1));
    const paid = await ok(server, `mutation($input: PayOutInput!) { payOut(input: $input) { paidCents } }`, { input: { campaignId: k1, idempotencyKey: key() } }, b1!.token);
    expect(paid.payOut.paidCents).toBe(1_500);

    await Promise.all([setStatus(F!, "INACTIVE"), setStatus(G!, "SUSPENDED"), setStatus(H!, "BANNED")]);
  });

  it("/api/publishers/stats/status/: influencer accounts per status, banned apart", async () => {
    const answer = await post(STATUS);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual([...Object.keys(SEED[STATUS]!.response), "banned"]);
    expect(answer.body).toEqual({ active: 7, inactive: 1, suspended: 1, banned: 1 });
  });

  it("/api/publishers/stats/activity/: accepted posts of the range, latest reach and engagements, date_to inclusive", async () => {
    expectSeedKeys(await post(ACTIVITY, SEED[ACTIVITY]!.request!), ACTIVITY);
    // s1 reach 150, engagements 20 + 5 + 1; s3 reach 240 (not its impressions), engagements 7; s6 nothing measured yet.
    expect(await figures(ACTIVITY)).toEqual({ total_posts: 3, total_reach: 390, total_engagement: 33 });
    expect(await figures(ACTIVITY, { date_from: "2024-01-01", date_to: "2024-06-15" })).toEqual({ total_posts: 1, total_reach: 240, total_engagement: 7 });
    expect(await figures(ACTIVITY, { date_from: "2024-06-16", date_to: "2024-12-31" })).toEqual({ total_posts: 0, total_reach: 0, total_engagement: 0 });
    expect(await figures(ACTIVITY, { date_from: todayUtc() })).toEqual({ total_posts: 2, total_reach: 150, total_engagement: 26 });
    expect(await figures(ACTIVITY, { date_to: "2024-06-15" })).toEqual({ total_posts: 1, total_reach: 240, total_engagement: 7 });
    const json = await legacyPost(server, ACTIVITY, { token: admin, json: { date_from: "2024-06-15", date_to: "2024-06-15" } });
    expect(json.body).toEqual({ total_posts: 1, total_reach: 240, total_engagement: 7 });
  });

  it("/api/users/stats/sex/: percent of the influencers with a sex set, summing to 100", async () => {
    const answer = await figures(SEX);
    expect(Object.keys(answer)).toEqual([...Object.keys(SEED[SEX]!.response), "other"]);
    // 3 male, 2 female, 1 other of 6: 50, 33.3, 16.7 → the missing point goes to the largest remainder (other).
    expect(answer).toEqual({ male: 50, female: 33, other: 17 });
    expect(sum(answer)).toBe(100);
  });

  it("/api/users/stats/age/: bands by birth date on today's UTC date; under 18 and unknown not counted", async () => {
    expectSeedKeys(await post(AGE), AGE);
    // A (24: 25th birthday tomorrow) and C (18 today) in 18-24; B (25 today); E (40); F (45 today) and G (70) in
    // 45+; D (17) and the others without a birth date not counted: 2, 1, 1, 2 of 6 → 33.3, 16.7, 16.7, 33.3.
    const answer = await figures(AGE);
    expect(answer).toEqual({ "18-24": 33, "25-34": 17, "35-44": 17, "45+": 33 });
    expect(sum(answer)).toBe(100);
  });

  it("/api/users/stats/preferences/: every category by slug, each influencer's choices counted once", async () => {
    const answer = await figures(PREFERENCES);
    expect(Object.keys(answer)).toEqual(slugs);
    expect(Object.keys(answer)).toEqual(expect.arrayContaining(Object.keys(SEED[PREFERENCES]!.response)));
    // fashion A, B (once), C, F; beauty A; technology C; travel C; food E; other H (banned, still a publisher's
    // choice): 9 choices → 44.4 and 11.1 each; fashion has the largest remainder. The brand and the stale slug count nowhere.
    expect(answer).toEqual({ ...zeros(slugs), fashion: 45, beauty: 11, technology: 11, travel: 11, food: 11, other: 11 });
    expect(sum(answer)).toBe(100);
  });

  it("/api/general/stats/pending/: campaigns to review, tasks not started in running campaigns, submissions to review", async () => {
    expectSeedKeys(await post(PENDING), PENDING);
    // K5 pending; C in K1 (active) and E in K3 (paused) joined without submitting, D's in K4 is over; s2 pending.
    expect(await figures(PENDING)).toEqual({ pending_campaigns: 1, pending_tasks: 2, pending_approvals: 1 });
  });

  it("/api/general/stats/financial/: funding and payouts of the range in the reporting currency", async () => {
    expectSeedKeys(await legacyPost(server, FINANCIAL, { token: admin, json: SEED[FINANCIAL]!.request }), FINANCIAL);
    // 100.00 USD + 50.00 EUR / 0.92 (= 54.347… → 54.35); 15.00 paid out.
    expect(await figures(FINANCIAL)).toEqual({ total_revenue: 154.35, total_payouts: 15, currency: "USD" });
    expect(await figures(FINANCIAL, { date_from: "2024-01-01", date_to: "2024-12-31" })).toEqual({ total_revenue: 54.35, total_payouts: 0, currency: "USD" });
    expect(await figures(FINANCIAL, { date_from: "2024-03-11", date_to: "2024-12-31" })).toEqual({ total_revenue: 0, total_payouts: 0, currency: "USD" });
    expect(await figures(FINANCIAL, { date_from: todayUtc(), date_to: todayUtc() })).toEqual({ total_revenue: 100, total_payouts: 15, currency: "USD" });
    // In EUR: 100.00 × 0.92 + 50.00; 15.00 × 0.92. In JPY (whole yen): 100 × 151.4 + 50 / 0.92 × 151.4 (8,228.26 → 8,228).
    expect(await figures(FINANCIAL, { currency: "EUR" })).toEqual({ total_revenue: 142, total_payouts: 13.8, currency: "EUR" });
    expect(await figures(FINANCIAL, { currency: "jpy" })).toEqual({ total_revenue: 23_368, total_payouts: 2_271, currency: "JPY" });
  });

  it("/api/general/stats/estimated-publishers/ and potential-publishers/: the ACTIVE influencer accounts' funnel", async () => {
    expectSeedKeys(await post(ESTIMATED), ESTIMATED);
    expectSeedKeys(await post(POTENTIAL), POTENTIAL);
    // ACTIVE: A, B, C, D, E, I, J. Able to publish: A–E (Instagram) and I (approved network); J's account is revoked.
    // In a running campaign: A, B, C (K1); D left K1, K3 is paused, K4 completed.
    expect(await figures(ESTIMATED)).toEqual({ estimated_publishers: 6, active_publishers: 3 });
    // Never joined: I, J; joined: 5 of 7 = 0.714285… → 0.7143.
    expect(await figures(POTENTIAL)).toEqual({ potential_publishers: 2, conversion_rate: 0.7143 });
  });

  it("refuses brands and influencers (403) and anonymous callers (401) on every path", async () => {
    for (const path of PATHS) {
      expectLegacyError(await post(path, undefined, brand1.token), 403, "PERMISSION_DENIED");
      expectLegacyError(await post(path, undefined, influencerA.token), 403, "PERMISSION_DENIED");
      expectLegacyError(await legacyPost(server, path), 401, "UNAUTHORIZED");
    }
  });

  it("answers bad input with 400 in the legacy shape, never 500", async () => {
    const bad: [string, Record<string, unknown>, string][] = [
      [ACTIVITY, { date_from: "2024-13-01" }, "date_from"],
      [ACTIVITY, { date_from: "2024-02-30" }, "date_from"],
      [ACTIVITY, { date_to: "31/12/2024" }, "date_to"],
      [ACTIVITY, { date_from: "2024-12-31", date_to: "2024-01-01" }, "date_to"],
      [ACTIVITY, { date_from: { year: 2024 } }, "date_from"],
      [FINANCIAL, { date_to: "" }, "date_to"],
      [FINANCIAL, { date_from: "2024-06-02", date_to: "2024-06-01" }, "date_to"],
      [FINANCIAL, { currency: "XXX" }, "currency"],
      [FINANCIAL, { currency: "EURO" }, "currency"],
      [FINANCIAL, { currency: ["USD", "EUR"] }, "currency"],
    ];
    for (const [path, form, field] of bad) {
      const response = await post(path, form);
      expect(response.status, JSON.stringify(form)).toBe(400);
      const error = expectLegacyError(response, 400, "VALIDATION_ERROR");
      expect(Object.keys(error.details?.fields ?? {}), JSON.stringify(form)).toContain(field);
    }
    for (const json of [{ date_from: 20240101 }, { date_to: ["2024-01-01", "2024-02-01"] }, { currency: 978 }]) {
      const response = await legacyPost(server, FINANCIAL, { token: admin, json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expectLegacyError(response, 400, "VALIDATION_ERROR");
    }
    for (const path of PATHS) {
      const broken = await call(server, "POST", path, { token: admin, body: "{not json", headers: { "content-type": "application/json" } });
      expectLegacyError(broken, 400, "VALIDATION_ERROR");
    }
  });

  it("costs the same number of SQL statements per path as the data grows", async () => {
    const cost = async () => {
      const counts: Record<string, number> = {};
      for (const path of PATHS) {
        const { result, statements } = await server.countStatements(() => post(path, path === ACTIVITY || path === FINANCIAL ? { date_from: "2024-01-01" } : undefined));
        expect(result.status, path).toBe(200);
        counts[path] = statements;
      }
      return counts;
    };
    const before = await cost();
    // More of everything: influencers with profiles and accounts, a funded campaign they joined, accepted posts with snapshots.
    const brand = await signUp(server, "BRAND");
    const campaign = await createActiveCampaign(server, brand, { rateCard: { flatCents: 100 }, submissionLimit: 5 });
    await money(server).fund(brand, campaign, 5_000);
    const more = await Promise.all(Array.from({ length: 6 }, () => signUp(server, "INFLUENCER")));
    for (const [index, influencer] of more.entries()) {
      await profile(influencer, { sex: index % 2 ? "FEMALE" : "MALE", birthDate: bornOn(20 + index * 7), interestCategories: [slugs[index]!, "other"] });
      await connectAccount(server, influencer, "INSTAGRAM");
      const participation = await join(server, influencer, campaign);
      for (let post = 0; post < 2; post++) {
        const { submission } = await submit(server, influencer, participation);
        await review(server, brand, submission.id, "APPROVE");
        await insertSnapshots(server, await rowIdOf(server, submission.id), [{ at: "2025-02-01T00:00:00Z", reach: 10 * index, likes: index }]);
      }
    }
    expect((await figures(STATUS)).active).toBe(13);
    expect(await cost()).toEqual(before);
  });
});

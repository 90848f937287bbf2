// The legacy task paths (rest-compat/legacy/tasks/): each answers the documented keys in the body format the
// documentation shows, the legacy error body for 400/401/403/404/405/409, bad input writes nothing, and who
// may call what; the state read back through GraphQL agrees. docs/legacy-api.md, "The task model" and "Tasks".
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call } from "../../support/rest.js";
import { connectAccount, createActiveCampaign, createCampaign, join, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, SEED, adminToken, appToken, expectLegacyError, expectSeedKeys, legacyPost } from "../../support/legacy-app.js";
import { money } from "../../support/money.js";
import { queryRows } from "../../../src/db/client.js";
import { accrueSubmission } from "../../../src/wallets/accrual.service.js";

let server: TestServer;
let admin: string;
let brand: Actor;
let otherBrand: Actor;
let influencer: Actor;
let app: string;
let campaignId: string;
let campaignLegacyId: number;
let taskId: number;
let participationId: string;

const gqlAdmin = (query: string, variables: Record<string, unknown> = {}) => ok(server, query, variables, admin);
const campaignLegacyIdOf = async (id: string) => (await gqlAdmin(`query($id: ID!) { campaign(id: $id) { legacyId } }`, { id })).campaign.legacyId as number;
const taskOf = async (id: string) =>
  (await gqlAdmin(`query($id: ID!) { participation(id: $id) { legacyId taskStatus status submissions { totalCount } } }`, { id })).participation;
const userLegacyId = async (actor: Actor) => (await ok(server, `{ viewer { legacyId } }`, {}, actor.token)).viewer.legacyId as number;
const count = async (table: string) =>
  Number((await queryRows<{ n: string }>(server.server.app.database.db, sql`select count(*)::text as n from ${sql.identifier(table)}`))[0]!.n);
/** A legacy id no row has. */
const MISSING = 2_147_483_647;
const post = () => `https://www.instagram.com/p/C${Math.random().toString(36).slice(2, 12)}/`;

beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  admin = await adminToken(server);
  [brand, otherBrand, influencer] = await Promise.all([signUp(server, "BRAND"), signUp(server, "BRAND"), signUp(server, "INFLUENCER", "John Smith")]);
  campaignId = await createActiveCampaign(server, brand, {
    tagline: "Show off your summer style",
    requiredHashtags: ["#summer"],
    allowedPlatforms: ["INSTAGRAM"],
    endDate: "2030-01-04T00:00:00Z",
    rateCard: { flatCents: 3000 },
  });
  await ok(
    server,
    `mutation($id: ID!, $input: UpdateRateCardInput!) { updateRateCard(campaignId: $id, input: $input) { campaign { id } } }`,
    { id: campaignId, input: { hasBonus: true, promoReachBonusCents: 5000, promoEngagementRateBonusCents: 2500, promoBestPostBonusCents: 10000, minimumRewardCents: 2500 } },
    brand.token,
  );
  campaignLegacyId = await campaignLegacyIdOf(campaignId);
  await connectAccount(server, influencer, "INSTAGRAM");
  app = await appToken(server, influencer);
});
afterAll(async () => {
  await server?.close();
});

describe("the app's task paths", () => {
  it("/api/get/tasks/ lists nothing before joining, then the task through the implicit brief", async () => {
    expect((await legacyPost(server, "/api/get/tasks/", { token: app, form: { campaign_id: campaignLegacyId } })).body).toEqual({ tasks: [] });
    participationId = await join(server, influencer, campaignId);
    taskId = (await taskOf(participationId)).legacyId;

    const response = await legacyPost(server, "/api/get/tasks/", { token: app, form: { campaign_id: String(campaignLegacyId) } });
    expectSeedKeys(response, "/api/get/tasks/");
    const [task] = response.body.tasks;
    expect(task).toMatchObject({
      id: taskId,
      type: "post",
      requirements: "Post on instagram, with #summer.",
      deadline: "2030-01-04T00:00:00Z",
      status: "pending",
      bonus: { reach: 50, engagement_rate: 25, best_post: 100 },
      payments: { minimum: 25, post: 30, total: 0 },
      info: { title: "Task Requirements", content: "Post on instagram, with #summer." },
      campaign: { id: campaignLegacyId, tagline: "Show off your summer style", date_end_text: "January 4, 2030 - 00:00:00", networks: ["instagram"], currency: "USD" },
    });
    // The same through JSON and without the trailing slash.
    expect((await legacyPost(server, "/api/get/tasks", { token: app, json: { campaign_id: campaignLegacyId } })).body).toEqual(response.body);
  });

  it("/api/get/tasks/ refuses bad ids, unseen campaigns, missing or non-application tokens and other methods", async () => {
    expectLegacyError(await legacyPost(server, "/api/get/tasks/", { token: app }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, "/api/get/tasks/", { token: app, form: { campaign_id: "12abc" } }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, "/api/get/tasks/", { token: app, json: { campaign_id: -1 } }), 400, "VALIDATION_ERROR");
    // Another brand's draft exists but is not the user's: 403 (legacy ids count up, hiding them protects nothing); no such campaign: 404.
    const draft = await campaignLegacyIdOf(await createCampaign(server, otherBrand));
    expectLegacyError(await legacyPost(server, "/api/get/tasks/", { token: app, form: { campaign_id: draft } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/get/tasks/", { token: app, form: { campaign_id: MISSING } }), 404, "NOT_FOUND");
    expectLegacyError(await legacyPost(server, "/api/get/tasks/", { form: { campaign_id: campaignLegacyId } }), 401, "UNAUTHORIZED");
    expectLegacyError(await legacyPost(server, "/api/get/tasks/", { token: influencer.token, form: { campaign_id: campaignLegacyId } }), 401, "UNAUTHORIZED");
    const get = await call(server, "GET", "/api/get/tasks/", { token: app });
    expectLegacyError(get, 405, "VALIDATION_ERROR");
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("/api/action/task/complete/ refuses what is not a post (nothing written) and answers a refused post with 409", async () => {
    const before = await count("submissions");
    for (const form of [
      { task_id: taskId, post_url: "not a url" },
      { task_id: taskId, post_url: "https://example.com/some/page" },
      { task_id: "x", post_url: post() },
      { post_url: post() },
      { task_id: taskId, post_url: post(), screenshots: "nope" },
    ]) {
      expectLegacyError(await legacyPost(server, "/api/action/task/complete/", { token: app, form }), 400, "VALIDATION_ERROR");
    }
    const malformed = await legacyPost(server, "/api/action/task/complete/", { token: app, json: "{", headers: { "content-type": "application/json" } });
    expectLegacyError(malformed, 400, "VALIDATION_ERROR");
    expect(await count("submissions")).toBe(before);

    // Facebook is not among the campaign's networks: submitContent rejects it; the task stays pending.
    const facebook = await legacyPost(server, "/api/action/task/complete/", {
      token: app,
      form: { task_id: taskId, post_url: "https://www.facebook.com/brand/posts/12345", hashtags: "summer" },
    });
    expect(expectLegacyError(facebook, 409, "CONFLICT").message).toContain("content_type_not_allowed");
    // Without the campaign's hashtag the post is refused too.
    const untagged = await legacyPost(server, "/api/action/task/complete/", { token: app, form: { task_id: taskId, post_url: post() } });
    expect(expectLegacyError(untagged, 409, "CONFLICT").message).toContain("missing_required_hashtags");
    expect((await taskOf(participationId)).taskStatus).toBe("PENDING");
  });

  it("/api/action/task/complete/ submits the post and answers the task's payment; the task is under review", async () => {
    const url = post();
    const response = await legacyPost(server, "/api/action/task/complete/", {
      token: app,
      form: { task_id: taskId, post_url: url, screenshots: "https://example.com/screenshot1.jpg", hashtags: ["summer"] },
    });
    expectSeedKeys(response, "/api/action/task/complete/");
    expect(response.body).toEqual({ status: "success", message: "Task completed successfully", payment: 30 });
    expect((await taskOf(participationId)).taskStatus).toBe("UNDER_REVIEW");
    const tasks = await legacyPost(server, "/api/get/tasks/", { token: app, form: { campaign_id: campaignLegacyId } });
    expect(tasks.body.tasks[0].status).toBe("under_review");
    // The same post again is a conflict, and writes nothing.
    const before = await count("submissions");
    expectLegacyError(await legacyPost(server, "/api/action/task/complete/", { token: app, form: { task_id: taskId, post_url: url, hashtags: "summer" } }), 409, "CONFLICT");
    expect(await count("submissions")).toBe(before);
    // The brand through an application is not the task's influencer.
    const brandApp = await appToken(server, brand);
    expectLegacyError(await legacyPost(server, "/api/action/task/complete/", { token: brandApp, form: { task_id: taskId, post_url: post() } }), 403, "PERMISSION_DENIED");
  });

  it("/api/action/task/leave/ leaves (the same answer twice); the brand may not; a left task cannot be completed", async () => {
    const leaver = await signUp(server, "INFLUENCER");
    const id = await join(server, leaver, campaignId);
    const leaverTask = (await taskOf(id)).legacyId;
    const leaverApp = await appToken(server, leaver);
    const brandApp = await appToken(server, brand);
    expectLegacyError(await legacyPost(server, "/api/action/task/leave/", { token: brandApp, form: { task_id: leaverTask } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/action/task/leave/", { token: app, form: { task_id: leaverTask } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/action/task/leave/", { token: app, form: { task_id: MISSING } }), 404, "NOT_FOUND");
    expectLegacyError(await legacyPost(server, "/api/action/task/leave/", { token: leaverApp, form: { task_id: "one" } }), 400, "VALIDATION_ERROR");
    const response = await legacyPost(server, "/api/action/task/leave/", { token: leaverApp, form: { task_id: leaverTask } });
    expectSeedKeys(response, "/api/action/task/leave/");
    expect(response.body).toEqual({ status: "success", message: "Task left successfully" });
    expect((await legacyPost(server, "/api/action/task/leave", { token: leaverApp, json: { task_id: leaverTask } })).status).toBe(200);
    expect((await taskOf(id)).taskStatus).toBe("LEFT");
    expectLegacyError(await legacyPost(server, "/api/action/task/complete/", { token: leaverApp, form: { task_id: leaverTask, post_url: post() } }), 409, "CONFLICT");
  });
});

describe("the back office's task paths", () => {
  it("/api/tasks/ lists the brand's tasks with the documented keys, by campaign, advertiser or status", async () => {
    const response = await legacyPost(server, "/api/tasks/", { token: brand.token, form: { campaign_id: campaignLegacyId } });
    const row = response.body.find((task: { id: number }) => task.id === taskId);
    expectSeedKeys({ ...response, body: [row] }, "/api/tasks/");
    expect(row).toMatchObject({
      type: "Profile: John Smith",
      networks: ["instagram"],
      status: "under_review",
      status_name: "Under review",
      media: { url: null, link: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\//) },
      allow_complete: false,
      allow_leave: true,
      allow_countdown: true,
      allow_payments: false,
      allow_bonus: false,
      is_disabled: false,
      is_allowed_complete: false,
      date_completed_minimum: expect.stringMatching(/^\w+ \d{1,2}, \d{4} - \d\d:\d\d:\d\d$/),
      date_end: { year: 2030, month: 1, day: 4, hour: 0, minute: 0, second: 0 },
      bonus: { reach: false, engagement_rate: false, best_post: false },
      payments: { minimum: 25, post: 30, total: 0 },
      campaign: { id: campaignLegacyId, tasks: { bonus: { active: true, promo_reach: 50 }, minimum_reward: 25 } },
    });
    expect(row.date_completed_maximum).toBe(row.date_completed_minimum);

    const ids = (body: { id: number }[]) => body.map((task) => task.id);
    expect(ids((await legacyPost(server, "/api/tasks/", { token: brand.token, form: { status: "under_review" } })).body)).toEqual([taskId]);
    expect((await legacyPost(server, "/api/tasks/", { token: brand.token, form: { status: "paid" } })).body).toEqual([]);
    const mine = await legacyPost(server, "/api/tasks/", { token: brand.token, json: { advertiser_id: await userLegacyId(brand) } });
    expect(ids(mine.body)).toContain(taskId);
    // advertiser_id wins over the others: the other brand's campaign id is then ignored.
    const otherCampaign = await campaignLegacyIdOf(await createActiveCampaign(server, otherBrand));
    const both = await legacyPost(server, "/api/tasks/", { token: brand.token, form: { advertiser_id: await userLegacyId(brand), campaign_id: otherCampaign } });
    expect(ids(both.body)).toEqual(ids(mine.body));
    expect(ids((await legacyPost(server, "/api/tasks/", { token: brand.token })).body)).toEqual(ids(mine.body));
    expect((await legacyPost(server, "/api/tasks/", { token: otherBrand.token })).body).toEqual([]);
    expect(ids((await legacyPost(server, "/api/tasks/", { token: admin, form: { campaign_id: campaignLegacyId } })).body)).toContain(taskId);
  });

  it("/api/tasks/ refuses influencers, other advertisers, unknown statuses and bad ids", async () => {
    expectLegacyError(await legacyPost(server, "/api/tasks/", { token: influencer.token }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/tasks/", { token: otherBrand.token, form: { advertiser_id: await userLegacyId(brand) } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/tasks/", { token: otherBrand.token, form: { campaign_id: campaignLegacyId } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/tasks/", { token: brand.token, form: { campaign_id: MISSING } }), 404, "NOT_FOUND");
    expectLegacyError(await legacyPost(server, "/api/tasks/", { token: admin, form: { advertiser_id: MISSING } }), 404, "NOT_FOUND");
    expectLegacyError(await legacyPost(server, "/api/tasks/", { token: brand.token, form: { status: "done" } }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, "/api/tasks/", { token: brand.token, form: { campaign_id: "1.5" } }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, "/api/tasks/", { token: brand.token, form: { "campaign_id[x]": "1" } }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, "/api/tasks/", {}), 401, "UNAUTHORIZED");
    expectLegacyError(await legacyPost(server, "/api/tasks/", { token: app }), 401, "UNAUTHORIZED");
  });

  it("/api/task/status/ answers the status, the day it was assigned and the deadline", async () => {
    const response = await legacyPost(server, "/api/task/status/", { token: brand.token, form: { task_id: taskId } });
    expectSeedKeys(response, "/api/task/status/");
    expect(response.body).toEqual({ status: "under_review", assigned_date: new Date().toISOString().slice(0, 10), deadline: "2030-01-04" });
    expectLegacyError(await legacyPost(server, "/api/task/status/", { token: influencer.token, form: { task_id: taskId } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/task/status/", { token: otherBrand.token, form: { task_id: taskId } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/task/status/", { token: brand.token, form: { task_id: MISSING } }), 404, "NOT_FOUND");
    expectLegacyError(await legacyPost(server, "/api/task/status/", { token: brand.token, form: {} }), 400, "VALIDATION_ERROR");
  });

  it("/api/task/actions/ approves, pays and completes; illegal moves are 409, unknown actions 400", async () => {
    const act = (action: string, token = brand.token, task: unknown = taskId) => legacyPost(server, "/api/task/actions/", { token, json: { task_id: task, action } });
    expectLegacyError(await act("archive"), 400, "VALIDATION_ERROR");
    expectLegacyError(await act("approve", brand.token, "abc"), 400, "VALIDATION_ERROR");
    expectLegacyError(await act("approve", influencer.token), 403, "PERMISSION_DENIED");
    expectLegacyError(await act("approve", otherBrand.token), 403, "PERMISSION_DENIED");
    expectLegacyError(await act("approve", brand.token, MISSING), 404, "NOT_FOUND");
    expectLegacyError(await act("pay"), 409, "CONFLICT"); // under review: nothing accepted yet
    expectLegacyError(await act("complete"), 409, "CONFLICT");

    const approved = await act("approve");
    expectSeedKeys(approved, "/api/task/actions/");
    expect(approved.body).toEqual({ status: "success", message: "Task approved" });
    expect((await act("approve")).body).toEqual({ status: "success", message: "Task approved" });
    expect((await taskOf(participationId)).taskStatus).toBe("ACCEPTED");

    // Nothing accrued yet: paying is a conflict. Accrue the flat fee (funded), then pay it.
    expectLegacyError(await act("pay"), 409, "CONFLICT");
    const m = money(server);
    await m.fund(brand, campaignId, 10_000);
    const [submission] = await queryRows<{ id: number }>(m.db(), sql`select s.id from submissions s join participations p on p.id = s.participation_id where p.id = ${taskId} and s.status = 'ACCEPTED'`);
    await accrueSubmission(m.db(), submission!.id);
    const transactions = await count("ledger_transactions");
    const paid = await legacyPost(server, "/api/task/actions/", { token: brand.token, form: { task_id: taskId, action: "pay" } });
    expect(paid.body).toEqual({ status: "success", message: "Task paid" });
    expect(await count("ledger_transactions")).toBe(transactions + 1);
    expect((await taskOf(participationId)).taskStatus).toBe("PAID");
    expect((await act("pay")).status).toBe(200);
    expect(await count("ledger_transactions")).toBe(transactions + 1);
    await m.checkInvariants();

    const listed = await legacyPost(server, "/api/tasks/", { token: admin, form: { status: "paid" } });
    expect(listed.body.find((task: { id: number }) => task.id === taskId)).toMatchObject({ status: "paid", allow_payments: true, payments: { total: 30 } });
    const appView = await legacyPost(server, "/api/get/tasks/", { token: app, form: { campaign_id: campaignLegacyId } });
    expect(appView.body.tasks[0]).toMatchObject({ status: "paid", payments: { total: 30 } });

    expect((await act("complete", admin)).body).toEqual({ status: "success", message: "Task completed" });
    expectLegacyError(await act("reject"), 409, "CONFLICT");
  });

  it("/api/task/actions/ rejects an open task, for good", async () => {
    const other = await signUp(server, "INFLUENCER");
    const task = (await taskOf(await join(server, other, campaignId))).legacyId;
    const rejected = await legacyPost(server, "/api/task/actions/", { token: brand.token, form: { task_id: task, action: "reject" } });
    expect(rejected.body).toEqual({ status: "success", message: "Task rejected" });
    expectLegacyError(await legacyPost(server, "/api/task/actions/", { token: brand.token, form: { task_id: task, action: "approve" } }), 409, "CONFLICT");
    const status = await legacyPost(server, "/api/task/status/", { token: brand.token, form: { task_id: task } });
    expect(status.body.status).toBe("rejected");
  });

  it("/api/task/custom/ creates a brief, answers its id, and influencers who join afterwards work on it", async () => {
    const before = await count("campaign_tasks");
    const bad = [
      { campaign_id: campaignLegacyId, title: "T", payment: "-5" },
      { campaign_id: campaignLegacyId, title: "T", payment: "1.234" },
      { campaign_id: campaignLegacyId, title: "T", deadline: "2030-02-30" },
      { campaign_id: campaignLegacyId, title: "" },
      { campaign_id: "abc", title: "T" },
      { title: "T" },
    ];
    for (const form of bad) expectLegacyError(await legacyPost(server, "/api/task/custom/", { token: brand.token, form }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, "/api/task/custom/", { token: brand.token, json: { campaign_id: campaignLegacyId, title: "T", payment: -1 } }), 400, "VALIDATION_ERROR");
    expectLegacyError(await legacyPost(server, "/api/task/custom/", { token: influencer.token, json: { campaign_id: campaignLegacyId, title: "T" } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/task/custom/", { token: otherBrand.token, json: { campaign_id: campaignLegacyId, title: "T" } }), 403, "PERMISSION_DENIED");
    expectLegacyError(await legacyPost(server, "/api/task/custom/", { token: brand.token, json: { campaign_id: MISSING, title: "T" } }), 404, "NOT_FOUND");
    expect(await count("campaign_tasks")).toBe(before);

    const response = await legacyPost(server, "/api/task/custom/", {
      token: brand.token,
      json: { ...SEED["/api/task/custom/"]!.request, campaign_id: campaignLegacyId, deadline: "2030-01-02", payment: "12.50" },
    });
    expectSeedKeys(response, "/api/task/custom/");
    expect(response.body).toMatchObject({ status: "success", message: "Custom task created" });
    const briefs = await gqlAdmin(`query($id: ID!) { campaign(id: $id) { tasks { legacyId title } } }`, { id: campaignId });
    expect(briefs.campaign.tasks).toEqual([{ legacyId: response.body.task_id, title: "Custom Task" }]);

    const late = await signUp(server, "INFLUENCER");
    await join(server, late, campaignId);
    const tasks = await legacyPost(server, "/api/get/tasks/", { token: await appToken(server, late), form: { campaign_id: campaignLegacyId } });
    expect(tasks.body.tasks[0]).toMatchObject({
      title: "Custom Task",
      description: "Custom task description",
      requirements: "Custom requirements",
      deadline: "2030-01-02T23:59:59Z",
      payments: { post: 12.5 },
    });
    // The first influencer still works on the implicit brief.
    expect((await legacyPost(server, "/api/get/tasks/", { token: app, form: { campaign_id: campaignLegacyId } })).body.tasks[0].requirements).toBe(
      "Post on instagram, with #summer.",
    );
  });
});

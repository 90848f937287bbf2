// Participation.taskStatus and Participation.brief: a participation seen as a legacy task
// (docs/legacy-api.md, "The task model"), and the participations filters the legacy task list uses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createActiveCampaign, errorCode, join, ok, review, signUp, submit, connectAccount } from "../../support/factories.js";
import { key, money, PAY_OUT } from "../../support/money.js";
import { adminToken, LEGACY_ADMIN } from "../../support/legacy-app.js";
import { accrueSubmission } from "../../../src/wallets/accrual.service.js";
import { insertSnapshots } from "../../support/analytics.js";
import { submissions } from "../../../schema/tables.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
});
afterAll(async () => {
  await server?.close();
});

const TASK = `query($id: ID!) { participation(id: $id) { taskStatus brief { legacyId title } } }`;
const taskStatus = async (id: string, token: string) => (await ok(server, TASK, { id }, token)).participation.taskStatus;
const LIST = `query($filter: ParticipationFilter) { participations(filter: $filter, first: 100) { totalCount nodes: edges { node { id taskStatus } } } }`;
const listed = async (token: string, filter: Record<string, unknown>) =>
  (await ok(server, LIST, { filter }, token)).participations.nodes.map((edge: { node: { id: string } }) => edge.node.id);

describe("Participation.taskStatus", () => {
  it("follows the participation from joined to paid, and the list filter agrees at every step", async () => {
    const m = money(server);
    const { brand, campaignId } = await m.campaign({ flatCents: 300 });
    const influencer = await signUp(server, "INFLUENCER");
    await connectAccount(server, influencer, "INSTAGRAM");
    const participationId = await join(server, influencer, campaignId);
    const check = async (status: string) => {
      expect(await taskStatus(participationId, influencer.token)).toBe(status);
      expect(await taskStatus(participationId, brand.token)).toBe(status);
      expect(await listed(brand.token, { campaignId, taskStatuses: [status] })).toEqual([participationId]);
    };

    await check("PENDING");
    const { submission } = await submit(server, influencer, participationId);
    await check("UNDER_REVIEW");
    await review(server, brand, submission.id, "APPROVE");
    await check("ACCEPTED");

    // Accrued but not paid (here: blocked, the escrow is empty) is still ACCEPTED; funded, then paid out, PAID.
    await accrueSubmission(m.db(), await m.dbIdOf(submissions, submission.id));
    await check("ACCEPTED");
    await m.fund(brand, campaignId, 1_000);
    await check("ACCEPTED");
    await ok(server, PAY_OUT, { input: { campaignId, influencerId: influencer.id, idempotencyKey: key() } }, brand.token);
    await check("PAID");
    expect(await listed(brand.token, { campaignId, taskStatuses: ["ACCEPTED", "PENDING"] })).toEqual([]);
  });

  it("is ACCEPTED when approved with nothing accrued, REJECTED when rejected, LEFT when left", async () => {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, brand);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => signUp(server, "INFLUENCER")));
    const ids: string[] = [];
    for (const influencer of [a!, b!, c!]) {
      await connectAccount(server, influencer, "INSTAGRAM");
      ids.push(await join(server, influencer, campaignId));
    }
    const { submission } = await submit(server, a!, ids[0]!);
    await review(server, brand, submission.id, "APPROVE");
    await ok(server, `mutation($id: ID!) { rejectParticipation(id: $id) { participation { id } } }`, { id: ids[1] }, brand.token);
    await ok(server, `mutation($id: ID!) { leaveParticipation(id: $id) { participation { id } } }`, { id: ids[2] }, c!.token);
    expect(await taskStatus(ids[0]!, brand.token)).toBe("ACCEPTED");
    expect(await taskStatus(ids[1]!, brand.token)).toBe("REJECTED");
    expect(await taskStatus(ids[2]!, brand.token)).toBe("LEFT");
  });

  it("costs the same number of statements for one participation as for many", async () => {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, brand);
    const add = async () => {
      const influencer = await signUp(server, "INFLUENCER");
      await connectAccount(server, influencer, "INSTAGRAM");
      const id = await join(server, influencer, campaignId);
      await submit(server, influencer, id);
    };
    const query = `query($id: ID!) { campaign(id: $id) { participations(first: 50) { edges { node { taskStatus brief { title } } } } } }`;
    const statements = async () => (await server.countStatements(() => ok(server, query, { id: campaignId }, brand.token))).statements;
    await add();
    const few = await statements();
    for (let i = 0; i < 4; i++) await add();
    expect(await statements()).toBe(few);
  });
});

describe("Participation.brief", () => {
  it("is the campaign's newest brief when the influencer joined, null (the implicit brief) when it had none", async () => {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, brand);
    const early = await signUp(server, "INFLUENCER");
    const earlyId = await join(server, early, campaignId);
    const createBrief = async (title: string) =>
      (
        await ok(
          server,
          `mutation($input: CreateCampaignTaskInput!) { createCampaignTask(input: $input) { task { legacyId } } }`,
          { input: { campaignId, title } },
          brand.token,
        )
      ).createCampaignTask.task.legacyId as number;
    await createBrief("First brief");
    const newest = await createBrief("Second brief");
    const late = await signUp(server, "INFLUENCER");
    const lateId = await join(server, late, campaignId);

    expect((await ok(server, TASK, { id: earlyId }, early.token)).participation.brief).toBeNull();
    expect((await ok(server, TASK, { id: lateId }, late.token)).participation.brief).toEqual({ legacyId: newest, title: "Second brief" });
  });
});

describe("participations(filter: { advertiserId })", () => {
  it("lists a brand's own campaigns' participations; another brand's is PERMISSION_DENIED; admins name anyone", async () => {
    const brand = await signUp(server, "BRAND");
    const other = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, brand);
    const influencer = await signUp(server, "INFLUENCER");
    const participationId = await join(server, influencer, campaignId);
    const legacyBrandId = String((await ok(server, `query { viewer { legacyId } }`, {}, brand.token)).viewer.legacyId);

    expect(await listed(brand.token, { advertiserId: brand.id })).toEqual([participationId]);
    expect(await listed(brand.token, { advertiserId: legacyBrandId })).toEqual([participationId]);
    expect(await errorCode(server, LIST, { filter: { advertiserId: brand.id } }, other.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, LIST, { filter: { advertiserId: "999999999" } }, other.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, LIST, { filter: { advertiserId: "not an id" } }, brand.token)).toBe("VALIDATION_ERROR");
    const admin = await adminToken(server);
    expect(await listed(admin, { advertiserId: brand.id })).toEqual([participationId]);
    expect(await listed(admin, { advertiserId: other.id })).toEqual([]);
    expect(await errorCode(server, LIST, { filter: { advertiserId: "999999999" } }, admin)).toBe("NOT_FOUND");
  });
});

describe("actOnTask(PAY)", () => {
  const PAY = `mutation($id: ID!) { actOnTask(input: { participationId: $id, action: PAY }) { action paidCents participation { taskStatus } } }`;

  it("pays what is payable, again after blocked money is released, and nothing twice", async () => {
    const m = money(server);
    const { brand, campaignId } = await m.campaign({ flatCents: 300 });
    await m.fund(brand, campaignId, 100);
    const { participationId, sid } = await m.acceptedSubmission(brand, campaignId);
    await accrueSubmission(m.db(), sid); // 300 accrued: 100 funded, 200 blocked

    const first = (await ok(server, PAY, { id: participationId }, brand.token)).actOnTask;
    expect(first).toEqual({ action: "PAY", paidCents: 100, participation: { taskStatus: "ACCEPTED" } });
    expect(await errorCode(server, PAY, { id: participationId }, brand.token)).toBe("CONFLICT"); // the rest is blocked
    await m.fund(brand, campaignId, 1_000); // releases the 200
    const second = (await ok(server, PAY, { id: participationId }, brand.token)).actOnTask;
    expect(second).toEqual({ action: "PAY", paidCents: 200, participation: { taskStatus: "PAID" } });
    const again = (await ok(server, PAY, { id: participationId }, brand.token)).actOnTask;
    expect(again).toEqual({ action: "PAY", paidCents: 0, participation: { taskStatus: "PAID" } });
    expect((await m.wallet(brand, campaignId)).paidCents).toBe(300);
    await m.checkInvariants();
  });

  it("PAY by the owner and an admin at once, racing the completion that awards a bonus, pays every cent exactly once", async () => {
    const m = money(server);
    const { brand, campaignId } = await m.campaign({ flatCents: 300 });
    const RATE = `mutation($id: ID!) { updateRateCard(campaignId: $id, input: { hasBonus: true, promoReachBonusCents: 5000 }) { campaign { id } } }`;
    await ok(server, RATE, { id: campaignId }, brand.token);
    await m.fund(brand, campaignId, 100_000);
    const { participationId, sid } = await m.acceptedSubmission(brand, campaignId);
    await insertSnapshots(server, sid, [{ at: new Date(), reach: 50 }]);
    await accrueSubmission(m.db(), sid); // 300 payable; completing adds the 5,000 reach bonus
    const admin = await adminToken(server);
    const COMPLETE = `mutation($id: ID!) { setCampaignStatus(id: $id, status: CAMPAIGN_COMPLETED) { campaign { status } } }`;
    const answers = await Promise.all([
      ...[brand.token, brand.token, admin, brand.token, admin].map((token) => server.gql(PAY, { id: participationId }, token)),
      server.gql(COMPLETE, { id: campaignId }, brand.token),
    ]);
    for (const answer of answers) expect(answer.errors ?? []).toEqual([]);
    // Whatever the order, the next PAY pays what is left (the bonus, when the completion came last), then nothing.
    const after = await server.gql(PAY, { id: participationId }, brand.token);
    expect(after.errors ?? []).toEqual([]);
    expect((await ok(server, PAY, { id: participationId }, admin)).actOnTask).toMatchObject({ paidCents: 0, participation: { taskStatus: "PAID" } });
    expect(await m.wallet(brand, campaignId)).toMatchObject({ accruedCents: 5_300, paidCents: 5_300, payableCents: 0, blockedCents: 0 });
    await m.checkInvariants();
  });

  it("is for brands and admins: an influencer is PERMISSION_DENIED, another brand NOT_FOUND", async () => {
    const { brand, campaignId } = await money(server).campaign({ flatCents: 100 });
    const influencer = await signUp(server, "INFLUENCER");
    const participationId = await join(server, influencer, campaignId);
    expect(await errorCode(server, PAY, { id: participationId }, influencer.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, PAY, { id: participationId }, (await signUp(server, "BRAND")).token)).toBe("NOT_FOUND");
    expect(await errorCode(server, PAY, { id: participationId }, brand.token)).toBe("CONFLICT"); // pending: nothing to pay
  });
});

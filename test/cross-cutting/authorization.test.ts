// Who may do what (docs/decisions.md): every id-taking operation, tried by every role that must not succeed.
// 404 when the caller may not see the object at all, 403 when it sees the object but may not do that to
// it; and a refused call changes nothing in the database.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  connectAccount,
  createActiveCampaign,
  createCampaign,
  instagramUrl,
  join,
  ok,
  setCampaignStatus,
  signUp,
  submit,
  type Actor,
} from "../support/factories.js";
import { campaigns, campaignTasks, participations, socialAccounts, submissions, users } from "../../schema/tables.js";

const ADMIN_EMAIL = "root@varmply.test";
const ADMIN_PASSWORD = "admin password 123";

type Who = "brandA" | "brandB" | "infA" | "infB" | "admin";
/** The objects under test: all of them belong to brandA (campaigns, task) or infA (participation, submission, account). */
type Target = "draft" | "active" | "task" | "participation" | "submission" | "account" | "infAUser";
type Code = "NOT_FOUND" | "PERMISSION_DENIED";

let server: TestServer;
const actors = {} as Record<Who, Actor>;
const ids = {} as Record<Target, string>;

/** One document per operation; every one takes the object's id as `$id`. */
const OPS = {
  campaign: `query($id: ID!) { campaign(id: $id) { id } }`,
  participation: `query($id: ID!) { participation(id: $id) { id } }`,
  submission: `query($id: ID!) { submission(id: $id) { id } }`,
  node: `query($id: ID!) { node(id: $id) { id } }`,
  participations: `query($id: ID!) { participations(filter: { campaignId: $id }) { totalCount edges { node { id } } } }`,
  updateCampaign: `mutation($id: ID!) { updateCampaign(id: $id, input: { title: "Hijacked" }) { campaign { id } } }`,
  setCampaignStatus: `mutation($id: ID!) { setCampaignStatus(id: $id, status: CAMPAIGN_CANCELLED) { campaign { id } } }`,
  createCampaignTask: `mutation($id: ID!) { createCampaignTask(input: { campaignId: $id, title: "Injected brief" }) { task { id } } }`,
  joinCampaign: `mutation($id: ID!) { joinCampaign(campaignId: $id) { participation { id } } }`,
  submitContent: `mutation($id: ID!, $url: URL!) {
    submitContent(input: { participationId: $id, platform: INSTAGRAM, contentUrl: $url }) { submission { id } }
  }`,
  reviewSubmission: `mutation($id: ID!) { reviewSubmission(input: { submissionId: $id, action: APPROVE }) { submission { id } } }`,
  approveParticipation: `mutation($id: ID!) { approveParticipation(id: $id) { participation { id } } }`,
  completeParticipation: `mutation($id: ID!) { completeParticipation(id: $id) { participation { id } } }`,
  rejectParticipation: `mutation($id: ID!) { rejectParticipation(id: $id) { participation { id } } }`,
  leaveParticipation: `mutation($id: ID!) { leaveParticipation(id: $id) { participation { id } } }`,
  disconnectSocialAccount: `mutation($id: ID!) { disconnectSocialAccount(id: $id) { socialAccount { id } } }`,
} as const;
type Op = keyof typeof OPS;

const variables = (op: Op, id: string) => (op === "submitContent" ? { id, url: instagramUrl() } : { id });

/**
 * [operation, target, caller, expected code]. brandA owns the campaigns and task; infA joined `active`,
 * submitted `submission` to `participation` and connected `account`. `draft` is invisible to influencers;
 * `active` is visible to every influencer.
 */
const REFUSED: [Op, Target, Who, Code][] = [
  // Reads: a stranger may not see the object at all.
  ["campaign", "draft", "brandB", "NOT_FOUND"],
  ["campaign", "active", "brandB", "NOT_FOUND"],
  ["campaign", "draft", "infA", "NOT_FOUND"],
  ["campaign", "draft", "infB", "NOT_FOUND"],
  ["participation", "participation", "brandB", "NOT_FOUND"],
  ["participation", "participation", "infB", "NOT_FOUND"],
  ["submission", "submission", "brandB", "NOT_FOUND"],
  ["submission", "submission", "infB", "NOT_FOUND"],
  ["node", "draft", "brandB", "NOT_FOUND"],
  ["node", "draft", "infB", "NOT_FOUND"],
  ["node", "task", "brandB", "NOT_FOUND"],
  ["node", "task", "infB", "NOT_FOUND"],
  ["node", "participation", "brandB", "NOT_FOUND"],
  ["node", "participation", "infB", "NOT_FOUND"],
  ["node", "submission", "brandB", "NOT_FOUND"],
  ["node", "submission", "infB", "NOT_FOUND"],
  ["node", "account", "infB", "NOT_FOUND"],
  ["node", "account", "brandA", "NOT_FOUND"],
  ["node", "infAUser", "brandA", "NOT_FOUND"],
  ["node", "infAUser", "infB", "NOT_FOUND"],
  ["participations", "draft", "brandB", "NOT_FOUND"],
  ["participations", "active", "brandB", "NOT_FOUND"],
  ["participations", "draft", "infB", "NOT_FOUND"],

  // The owner's campaign mutations.
  ["updateCampaign", "active", "brandB", "NOT_FOUND"],
  ["updateCampaign", "draft", "brandB", "NOT_FOUND"],
  ["updateCampaign", "draft", "infB", "NOT_FOUND"],
  ["updateCampaign", "active", "infA", "PERMISSION_DENIED"],
  ["updateCampaign", "active", "infB", "PERMISSION_DENIED"],
  ["setCampaignStatus", "active", "brandB", "NOT_FOUND"],
  ["setCampaignStatus", "draft", "infB", "NOT_FOUND"],
  ["setCampaignStatus", "active", "infA", "PERMISSION_DENIED"],
  ["setCampaignStatus", "active", "infB", "PERMISSION_DENIED"],
  ["createCampaignTask", "active", "brandB", "NOT_FOUND"],
  ["createCampaignTask", "draft", "infB", "NOT_FOUND"],
  ["createCampaignTask", "active", "infA", "PERMISSION_DENIED"],
  ["createCampaignTask", "active", "infB", "PERMISSION_DENIED"],

  // Influencer-only actions tried by brands and admins.
  ["joinCampaign", "active", "brandA", "PERMISSION_DENIED"],
  ["joinCampaign", "active", "brandB", "PERMISSION_DENIED"],
  ["joinCampaign", "active", "admin", "PERMISSION_DENIED"],
  ["joinCampaign", "draft", "infB", "NOT_FOUND"],
  ["submitContent", "participation", "brandA", "PERMISSION_DENIED"],
  ["submitContent", "participation", "admin", "PERMISSION_DENIED"],
  ["submitContent", "participation", "brandB", "NOT_FOUND"],
  ["submitContent", "participation", "infB", "NOT_FOUND"],
  ["leaveParticipation", "participation", "brandA", "PERMISSION_DENIED"],
  ["leaveParticipation", "participation", "admin", "PERMISSION_DENIED"],
  ["leaveParticipation", "participation", "brandB", "NOT_FOUND"],
  ["leaveParticipation", "participation", "infB", "NOT_FOUND"],
  ["disconnectSocialAccount", "account", "infB", "NOT_FOUND"],
  ["disconnectSocialAccount", "account", "brandA", "NOT_FOUND"],
  ["disconnectSocialAccount", "account", "admin", "PERMISSION_DENIED"],

  // The campaign owner's actions on a participation, tried by the influencer and by strangers.
  ["reviewSubmission", "submission", "infA", "PERMISSION_DENIED"],
  ["reviewSubmission", "submission", "infB", "NOT_FOUND"],
  ["reviewSubmission", "submission", "brandB", "NOT_FOUND"],
  ["approveParticipation", "participation", "infA", "PERMISSION_DENIED"],
  ["approveParticipation", "participation", "infB", "NOT_FOUND"],
  ["approveParticipation", "participation", "brandB", "NOT_FOUND"],
  ["completeParticipation", "participation", "infA", "PERMISSION_DENIED"],
  ["completeParticipation", "participation", "infB", "NOT_FOUND"],
  ["completeParticipation", "participation", "brandB", "NOT_FOUND"],
  ["rejectParticipation", "participation", "infA", "PERMISSION_DENIED"],
  ["rejectParticipation", "participation", "infB", "NOT_FOUND"],
  ["rejectParticipation", "participation", "brandB", "NOT_FOUND"],
];

/** Everything a refused call could have changed, as one comparable string. */
async function databaseState(): Promise<string> {
  const db = server.server.app.database.db;
  return JSON.stringify({
    campaigns: await db.select().from(campaigns).orderBy(asc(campaigns.id)),
    tasks: await db.select().from(campaignTasks).orderBy(asc(campaignTasks.id)),
    participations: await db.select().from(participations).orderBy(asc(participations.id)),
    submissions: await db.select().from(submissions).orderBy(asc(submissions.id)),
    accounts: await db.select().from(socialAccounts).orderBy(asc(socialAccounts.id)),
    users: await db.select().from(users).orderBy(asc(users.id)),
  });
}

beforeAll(async () => {
  server = await startTestServer({ adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
  actors.brandA = await signUp(server, "BRAND");
  actors.brandB = await signUp(server, "BRAND");
  actors.infA = await signUp(server, "INFLUENCER");
  actors.infB = await signUp(server, "INFLUENCER");
  const signedIn = await ok(
    server,
    `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken user { id role } } }`,
    { input: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } },
  );
  expect(signedIn.signIn.user.role).toBe("ADMIN");
  actors.admin = { token: signedIn.signIn.accessToken, refreshToken: signedIn.signIn.refreshToken, id: signedIn.signIn.user.id, email: ADMIN_EMAIL };

  ids.draft = await createCampaign(server, actors.brandA);
  ids.active = await createActiveCampaign(server, actors.brandA);
  const task = await ok(
    server,
    `mutation($id: ID!) { createCampaignTask(input: { campaignId: $id, title: "Brief" }) { task { id } } }`,
    { id: ids.draft },
    actors.brandA.token,
  );
  ids.task = task.createCampaignTask.task.id;
  ids.account = await connectAccount(server, actors.infA, "INSTAGRAM");
  await connectAccount(server, actors.infB, "INSTAGRAM");
  ids.participation = await join(server, actors.infA, ids.active);
  const submitted = await submit(server, actors.infA, ids.participation);
  expect(submitted.submission.status).toBe("PENDING");
  ids.submission = submitted.submission.id;
  ids.infAUser = actors.infA.id;
});
afterAll(() => server?.close());

describe("a caller acting on somebody else's object is refused, and nothing changes", () => {
  it.each(REFUSED.map(([op, target, who, code]) => ({ op, target, who, code, name: `${op}(${target}) as ${who} → ${code}` })))(
    "$name",
    async ({ op, target, who, code }) => {
      const before = await databaseState();
      const response = await server.gql(OPS[op], variables(op, ids[target]), actors[who].token);
      expect(response.errors?.map((error) => error.extensions.code), JSON.stringify(response.errors)).toEqual([code]);
      expect(response.data?.[Object.keys(response.data ?? {})[0] ?? ""] ?? null).toBeNull();
      expect(await databaseState()).toBe(before);
    },
  );
});

describe("the same operations succeed for those allowed (so the refusals above are not blanket failures)", () => {
  const ALLOWED: [Op, Target, Who][] = [
    ["campaign", "draft", "brandA"],
    ["campaign", "active", "infA"],
    ["campaign", "active", "infB"],
    ["campaign", "draft", "admin"],
    ["participation", "participation", "brandA"],
    ["participation", "participation", "infA"],
    ["participation", "participation", "admin"],
    ["submission", "submission", "brandA"],
    ["submission", "submission", "infA"],
    ["submission", "submission", "admin"],
    ["node", "task", "brandA"],
    ["node", "participation", "infA"],
    ["node", "submission", "brandA"],
    ["node", "account", "infA"],
    ["node", "account", "admin"],
    ["node", "infAUser", "infA"],
    ["node", "infAUser", "admin"],
    ["node", "draft", "admin"],
    ["participations", "active", "brandA"],
    ["participations", "active", "admin"],
  ];
  it.each(ALLOWED.map(([op, target, who]) => ({ op, target, who, name: `${op}(${target}) as ${who}` })))("$name", async ({ op, target, who }) => {
    const data = await ok(server, OPS[op], variables(op, ids[target]), actors[who].token);
    const result = data[op];
    if (op === "participations") expect(result.edges.map((edge: any) => edge.node.id)).toEqual([ids.participation]);
    else expect(result.id).toBe(ids[target]);
  });

  it("an influencer who can see a campaign lists only its own participations in it", async () => {
    const listed = await ok(server, OPS.participations, { id: ids.active }, actors.infB.token);
    expect(listed.participations).toEqual({ totalCount: 0, edges: [] });
    const nested = await ok(
      server,
      `query($id: ID!) { campaign(id: $id) { participations { totalCount edges { node { id } } } viewerParticipation { id } } }`,
      { id: ids.active },
      actors.infB.token,
    );
    expect(nested.campaign).toEqual({ participations: { totalCount: 0, edges: [] }, viewerParticipation: null });
    const own = await ok(server, `query($id: ID!) { campaign(id: $id) { participations { totalCount } } }`, { id: ids.active }, actors.infA.token);
    expect(own.campaign.participations.totalCount).toBe(1);
  });

  it("role-only actions refuse the wrong role outright", async () => {
    const connect = await server.gql(
      `mutation { connectSocialAccount(input: { platform: INSTAGRAM, externalAccountId: "brand-acct", accessToken: "secret" }) { socialAccount { id } } }`,
      {},
      actors.brandA.token,
    );
    expect(connect.errors?.[0]?.extensions.code).toBe("PERMISSION_DENIED");
    const create = await server.gql(`mutation { createCampaign(input: { title: "Nope", currency: "USD" }) { campaign { id } } }`, {}, actors.infA.token);
    expect(create.errors?.[0]?.extensions.code).toBe("PERMISSION_DENIED");
  });
});

describe("without a token", () => {
  const ANONYMOUS: [Op, Target][] = (Object.keys(OPS) as Op[]).map((op) => [
    op,
    (
      {
        campaign: "active",
        participation: "participation",
        submission: "submission",
        node: "active",
        participations: "active",
        updateCampaign: "active",
        setCampaignStatus: "active",
        createCampaignTask: "active",
        joinCampaign: "active",
        submitContent: "participation",
        reviewSubmission: "submission",
        approveParticipation: "participation",
        completeParticipation: "participation",
        rejectParticipation: "participation",
        leaveParticipation: "participation",
        disconnectSocialAccount: "account",
      } satisfies Record<Op, Target>
    )[op],
  ]);
  it.each(ANONYMOUS.map(([op, target]) => ({ op, target })))("$op($target) is UNAUTHORIZED", async ({ op, target }) => {
    const before = await databaseState();
    const response = await server.gql(OPS[op], variables(op, ids[target]));
    expect(response.errors?.map((error) => error.extensions.code)).toEqual(["UNAUTHORIZED"]);
    expect(await databaseState()).toBe(before);
  });

  it.each([
    ["viewer", `{ viewer { id } }`],
    ["campaigns", `{ campaigns { totalCount } }`],
    ["participations", `{ participations { totalCount } }`],
    ["createCampaign", `mutation { createCampaign(input: { title: "x", currency: "USD" }) { campaign { id } } }`],
    ["connectSocialAccount", `mutation { connectSocialAccount(input: { platform: INSTAGRAM, externalAccountId: "x", accessToken: "y" }) { socialAccount { id } } }`],
    ["signOut", `mutation { signOut { success } }`],
  ])("%s is UNAUTHORIZED", async (_name, document) => {
    const response = await server.gql(document);
    expect(response.errors?.map((error) => error.extensions.code)).toEqual(["UNAUTHORIZED"]);
  });
});

describe("lists and visibility", () => {
  it("a brand's campaigns list only its own, an influencer's only CAMPAIGN_ACTIVE ones, an admin's all", async () => {
    const brand = await signUp(server, "BRAND");
    const other = await signUp(server, "BRAND");
    const byStatus: Record<string, string> = {};
    byStatus.CAMPAIGN_DRAFT = await createCampaign(server, brand);
    byStatus.CAMPAIGN_PENDING = await createCampaign(server, brand);
    await setCampaignStatus(server, brand, byStatus.CAMPAIGN_PENDING, "CAMPAIGN_PENDING");
    byStatus.CAMPAIGN_ACTIVE = await createActiveCampaign(server, brand);
    byStatus.CAMPAIGN_PAUSED = await createActiveCampaign(server, brand);
    await setCampaignStatus(server, brand, byStatus.CAMPAIGN_PAUSED, "CAMPAIGN_PAUSED");
    byStatus.CAMPAIGN_COMPLETED = await createActiveCampaign(server, brand);
    await setCampaignStatus(server, brand, byStatus.CAMPAIGN_COMPLETED, "CAMPAIGN_COMPLETED");
    byStatus.CAMPAIGN_CANCELLED = await createCampaign(server, brand);
    await setCampaignStatus(server, brand, byStatus.CAMPAIGN_CANCELLED, "CAMPAIGN_CANCELLED");
    const othersActive = await createActiveCampaign(server, other);
    const mine = Object.values(byStatus);

    const LIST = `query($filter: CampaignFilter) { campaigns(first: 100, filter: $filter) { totalCount edges { node { id status } } } }`;
    const list = async (who: Actor, filter?: unknown) => (await ok(server, LIST, { filter }, who.token)).campaigns;

    const brandList = await list(brand);
    expect(brandList.edges.map((edge: any) => edge.node.id).sort()).toEqual([...mine].sort());
    expect(brandList.totalCount).toBe(6);
    expect((await list(other)).edges.map((edge: any) => edge.node.id)).toEqual([othersActive]);

    const influencerList = await list(actors.infB);
    expect(new Set(influencerList.edges.map((edge: any) => edge.node.status))).toEqual(new Set(["CAMPAIGN_ACTIVE"]));
    const influencerIds = influencerList.edges.map((edge: any) => edge.node.id);
    expect(influencerIds).toEqual(expect.arrayContaining([byStatus.CAMPAIGN_ACTIVE, othersActive, ids.active]));
    for (const status of ["CAMPAIGN_DRAFT", "CAMPAIGN_PENDING", "CAMPAIGN_PAUSED", "CAMPAIGN_COMPLETED", "CAMPAIGN_CANCELLED"]) {
      expect(influencerIds).not.toContain(byStatus[status]);
    }
    expect(influencerList.totalCount).toBe(influencerIds.length);
    // A status filter cannot widen what an influencer sees.
    expect((await list(actors.infB, { statuses: ["CAMPAIGN_DRAFT", "CAMPAIGN_PAUSED"] })).totalCount).toBe(0);

    const adminIds = (await list(actors.admin)).edges.map((edge: any) => edge.node.id);
    expect(adminIds).toEqual(expect.arrayContaining([...mine, othersActive, ids.draft, ids.active]));
  });

  it("participations lists: an influencer its own, a brand those in its campaigns, an admin all", async () => {
    const LIST = `{ participations(first: 100) { totalCount edges { node { id } } } }`;
    const listed = async (who: Who) => (await ok(server, LIST, {}, actors[who].token)).participations.edges.map((edge: any) => edge.node.id);
    expect(await listed("infA")).toEqual([ids.participation]);
    expect(await listed("infB")).toEqual([]);
    expect(await listed("brandA")).toEqual([ids.participation]);
    expect(await listed("brandB")).toEqual([]);
    expect(await listed("admin")).toContain(ids.participation);
  });

  it("User.email is null, and socialAccounts empty, for anyone but the user and admins", async () => {
    const DOC = `query($id: ID!) {
      participation(id: $id) {
        influencer { id email socialAccounts { id } }
        campaign { owner { id email socialAccounts { id } } }
      }
    }`;
    const asBrand = (await ok(server, DOC, { id: ids.participation }, actors.brandA.token)).participation;
    expect(asBrand.influencer).toEqual({ id: actors.infA.id, email: null, socialAccounts: [] });
    expect(asBrand.campaign.owner).toEqual({ id: actors.brandA.id, email: actors.brandA.email, socialAccounts: [] });

    const asInfluencer = (await ok(server, DOC, { id: ids.participation }, actors.infA.token)).participation;
    expect(asInfluencer.influencer).toEqual({ id: actors.infA.id, email: actors.infA.email, socialAccounts: [{ id: ids.account }] });
    expect(asInfluencer.campaign.owner.email).toBeNull();

    const seenByOtherInfluencer = await ok(server, `query($id: ID!) { campaign(id: $id) { owner { email } } }`, { id: ids.active }, actors.infB.token);
    expect(seenByOtherInfluencer.campaign.owner.email).toBeNull();

    const asAdmin = (await ok(server, DOC, { id: ids.participation }, actors.admin.token)).participation;
    expect(asAdmin.influencer).toEqual({ id: actors.infA.id, email: actors.infA.email, socialAccounts: [{ id: ids.account }] });
    expect(asAdmin.campaign.owner.email).toBe(actors.brandA.email);

    const viewer = await ok(server, `{ viewer { id email } }`, {}, actors.infB.token);
    expect(viewer.viewer).toEqual({ id: actors.infB.id, email: actors.infB.email });
  });

  it("no GraphQL type that shows a user or an account has a field that could carry a secret", async () => {
    const data = await ok(server, `{ __schema { types { name kind fields { name } } } }`);
    const types = data.__schema.types as { name: string; kind: string; fields: { name: string }[] | null }[];
    const socialAccount = types.find((type) => type.name === "SocialAccount")!;
    expect(socialAccount.fields!.length).toBeGreaterThan(3);
    expect(socialAccount.fields!.filter((field) => /token/i.test(field.name))).toEqual([]);
    // The payloads that show a secret the server has just issued, once (it keeps only a hash or ciphertext),
    // the mutations that issue one, when one was last replaced, and the mutation that takes a new password
    // (it answers a session, never a password).
    const shownOnce = new Set([
      "ApplicationSecretPayload.clientSecret",
      "WebhookEndpointSecretPayload.secret",
      "Mutation.rotateApplicationSecret",
      "Mutation.rotateWebhookSecret",
      "Application.secretRotatedAt",
      "Mutation.changePassword",
    ]);
    for (const type of types.filter((candidate) => candidate.kind === "OBJECT" && !candidate.name.startsWith("__"))) {
      const secretish = (type.fields ?? []).filter((field) => /password|secret|encrypted/i.test(field.name) && !shownOnce.has(`${type.name}.${field.name}`));
      expect(secretish, type.name).toEqual([]);
      // Only the session payload returns tokens: the caller's own, just issued.
      if (type.name !== "AuthPayload") expect((type.fields ?? []).filter((field) => /token/i.test(field.name)), type.name).toEqual([]);
    }
  });
});

describe("an administrator", () => {
  it("may act as any campaign's owner", async () => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    await connectAccount(server, influencer);
    const campaignId = await createActiveCampaign(server, brand);
    const participationId = await join(server, influencer, campaignId);
    const { submission } = await submit(server, influencer, participationId);
    const admin = actors.admin.token;

    const updated = await ok(server, OPS.updateCampaign, { id: campaignId }, admin);
    expect(updated.updateCampaign.campaign.id).toBe(campaignId);
    await ok(server, OPS.createCampaignTask, { id: campaignId }, admin);
    const reviewed = await ok(server, OPS.reviewSubmission, { id: submission.id }, admin);
    expect(reviewed.reviewSubmission.submission.id).toBe(submission.id);
    await ok(server, OPS.completeParticipation, { id: participationId }, admin);
    const state = await ok(
      server,
      `query($id: ID!, $s: ID!) { participation(id: $id) { status } submission(id: $s) { status } }`,
      { id: participationId, s: submission.id },
      admin,
    );
    expect(state).toMatchObject({ participation: { status: "PARTICIPATION_STATUS_COMPLETED" }, submission: { status: "ACCEPTED" } });
    const paused = await ok(server, `mutation($id: ID!) { setCampaignStatus(id: $id, status: CAMPAIGN_PAUSED) { campaign { status title } } }`, { id: campaignId }, admin);
    expect(paused.setCampaignStatus.campaign).toEqual({ status: "CAMPAIGN_PAUSED", title: "Hijacked" });
  });
});

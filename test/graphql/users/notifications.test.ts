// Notifications (src/notifications/): administrators send them, the user reads them newest first in
// `User.notifications` (a connection only the user and admins see) and marks them read.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createActiveCampaign, join, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, adminToken } from "../../support/legacy-app.js";

let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  admin = await adminToken(server);
});
afterAll(() => server?.close());

const SEND = `mutation($input: SendNotificationInput!) { sendNotification(input: $input) { notification { id message type createdAt readAt } } }`;
const LIST = `query($first: Int, $after: String) { viewer { notifications(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id message type createdAt readAt } } } } }`;
const MARK = `mutation($input: MarkNotificationsReadInput) { markNotificationsRead(input: $input) { markedCount unreadCount } }`;

const send = async (user: Actor, message: string, type = "campaign") => (await ok(server, SEND, { input: { userId: user.id, message, type } }, admin)).sendNotification.notification;
const list = async (user: Actor, first = 20, after?: string) => (await ok(server, LIST, { first, after }, user.token)).viewer.notifications;
const fieldsOf = async (query: string, variables: Record<string, unknown>, token: string) => (await server.gql(query, variables, token)).errors?.[0]?.extensions;

describe("notifications", () => {
  it("are stored for the user and read newest first, page by page", async () => {
    const user = await signUp(server, "INFLUENCER");
    const sent = [];
    for (const message of ["first", "second", "third"]) sent.push(await send(user, message));
    expect(sent[0]).toMatchObject({ id: expect.stringMatching(/^notification_/), message: "first", type: "campaign", readAt: null });

    const page1 = await list(user, 2);
    expect(page1.totalCount).toBe(3);
    expect(page1.edges.map((edge: any) => edge.node.message)).toEqual(["third", "second"]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await list(user, 2, page1.pageInfo.endCursor);
    expect(page2.edges.map((edge: any) => edge.node)).toEqual([sent[0]]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    // Someone else's list is empty: nothing leaks across users.
    expect((await list(await signUp(server, "BRAND"))).totalCount).toBe(0);
  });

  it("are visible to the user and admins only", async () => {
    const brand = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    await send(brand, "for the brand");
    const campaignId = await createActiveCampaign(server, brand);
    await join(server, influencer, campaignId);
    const OWNER = `query($id: ID!) { campaign(id: $id) { owner { id notifications { totalCount } } } }`;
    expect((await ok(server, OWNER, { id: campaignId }, influencer.token)).campaign.owner.notifications).toBeNull();
    expect((await ok(server, OWNER, { id: campaignId }, admin)).campaign.owner.notifications.totalCount).toBe(1);
    expect((await ok(server, OWNER, { id: campaignId }, brand.token)).campaign.owner.notifications.totalCount).toBe(1);
  });

  it("validates message and type and the recipient", async () => {
    const user = await signUp(server, "INFLUENCER");
    const bad: [Record<string, unknown>, string][] = [
      [{ message: "", type: "campaign" }, "message"],
      [{ message: "   ", type: "campaign" }, "message"],
      [{ message: "x".repeat(2001), type: "campaign" }, "message"],
      [{ message: "hi", type: "" }, "type"],
      [{ message: "hi", type: "Campaign" }, "type"],
      [{ message: "hi", type: "a b" }, "type"],
      [{ message: "hi", type: "x".repeat(41) }, "type"],
    ];
    for (const [input, field] of bad) {
      const error = await fieldsOf(SEND, { input: { userId: user.id, ...input } }, admin);
      expect(error, JSON.stringify(input)).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { [field]: expect.any(String) } } });
    }
    expect(await send(user, "x".repeat(2000), "payment_due-2")).toMatchObject({ type: "payment_due-2" });
    expect((await fieldsOf(SEND, { input: { userId: "2000000000", message: "hi", type: "a" } }, admin))?.code).toBe("NOT_FOUND");
    expect((await list(user)).totalCount).toBe(1);
  });

  it("markNotificationsRead marks the named ones, or all; another user's id is NOT_FOUND and marks nothing", async () => {
    const user = await signUp(server, "INFLUENCER");
    const other = await signUp(server, "INFLUENCER");
    const [a, b, c] = [await send(user, "a"), await send(user, "b"), await send(user, "c")];
    const foreign = await send(other, "not yours");

    expect((await ok(server, MARK, { input: { ids: [a.id, a.id] } }, user.token)).markNotificationsRead).toEqual({ markedCount: 1, unreadCount: 2 });
    const readAt = (await list(user)).edges.find((edge: any) => edge.node.id === a.id).node.readAt;
    expect(readAt).not.toBeNull();

    expect((await fieldsOf(MARK, { input: { ids: [b.id, foreign.id] } }, user.token))?.code).toBe("NOT_FOUND");
    expect((await fieldsOf(MARK, { input: { ids: ["campaign_abc"] } }, user.token))?.code).toBe("VALIDATION_ERROR");
    expect((await list(user)).edges.filter((edge: any) => edge.node.readAt === null).map((edge: any) => edge.node.id)).toEqual([c.id, b.id]);
    expect((await list(other)).edges[0].node.readAt).toBeNull();

    expect((await ok(server, MARK, { input: { ids: [] } }, user.token)).markNotificationsRead).toEqual({ markedCount: 0, unreadCount: 2 });
    expect((await ok(server, MARK, {}, user.token)).markNotificationsRead).toEqual({ markedCount: 2, unreadCount: 0 });
    const after = await list(user);
    expect(after.edges.every((edge: any) => edge.node.readAt !== null)).toBe(true);
    // Marking again keeps the first instant.
    expect(after.edges.find((edge: any) => edge.node.id === a.id).node.readAt).toBe(readAt);
    expect((await ok(server, MARK, { input: {} }, user.token)).markNotificationsRead).toEqual({ markedCount: 0, unreadCount: 0 });
  });

  it("reading notifications costs a constant number of statements (3 notifications or 30)", async () => {
    const few = await signUp(server, "INFLUENCER");
    const many = await signUp(server, "INFLUENCER");
    for (let i = 0; i < 3; i++) await send(few, `n${i}`);
    for (let i = 0; i < 30; i++) await send(many, `n${i}`);
    const count = async (user: Actor) => (await server.countStatements(() => list(user, 50))).statements;
    const [small, large] = [await count(few), await count(many)];
    expect(large).toBe(small);
    expect(small).toBe(2); // the viewer's row (which `viewer` reads too, primed by src/context.ts), the page
  });
});

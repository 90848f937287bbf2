// Connection cursors are opaque and authenticated: they page every list correctly, name no row id, are the
// same for the same row, and any cursor the server did not issue for that list is VALIDATION_ERROR naming
// `after` (altered, forged, truncated, old-style, another list's, another key's).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { startTestServer, type TestServer } from "../support/server.js";
import { createActiveCampaign, createCampaign, joinedParticipation, ok, signUp, submit, type Actor } from "../support/factories.js";
import { campaigns } from "../../schema/tables.js";

const ENCRYPTION_KEY = randomBytes(32).toString("base64");
let server: TestServer;
let brand: Actor;
let campaignIds: string[];

beforeAll(async () => {
  server = await startTestServer({ encryptionKey: ENCRYPTION_KEY });
  brand = await signUp(server, "BRAND");
  campaignIds = [];
  for (let index = 0; index < 5; index++) campaignIds.push(await createCampaign(server, brand, { title: `Cursor ${index}` }));
});
afterAll(() => server?.close());

const CAMPAIGNS = `query($first: Int!, $after: String) { campaigns(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`;

async function campaignPage(after: string | null, first = 2) {
  return (await ok(server, CAMPAIGNS, { first, after }, brand.token)).campaigns;
}

function expectBadCursor(response: Awaited<ReturnType<TestServer["gql"]>>) {
  expect(response.errors, JSON.stringify(response.data)).toHaveLength(1);
  expect(response.errors![0]!.extensions.code).toBe("VALIDATION_ERROR");
  expect(response.errors![0]!.extensions.details.fields).toHaveProperty("after");
}

describe("opaque cursors", () => {
  it("page through a list, newest first, without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = await campaignPage(after);
      pages++;
      expect(page.totalCount).toBe(5);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0].cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
      seen.push(...page.edges.map((edge: any) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...campaignIds].reverse());
  });

  it("name no row id, and the same row always has the same cursor", async () => {
    const page = await campaignPage(null, 5);
    const db = server.server.app.database.db;
    for (const edge of page.edges) {
      const [row] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.publicId, edge.node.id));
      const bytes = Buffer.from(edge.cursor, "base64url");
      // The id as the old cursors spelled it, and as a 32- or 64-bit integer either way round (each at least
      // three bytes long, so that a chance match in random bytes is negligible).
      const int64 = Buffer.alloc(8);
      int64.writeBigUInt64BE(BigInt(row!.id));
      const encodings = [Buffer.from(`c:${row!.id}`), int64, Buffer.from(int64).reverse(), int64.subarray(4), Buffer.from(int64.subarray(4)).reverse()];
      for (const encoding of encodings) expect(bytes.includes(encoding), `${edge.cursor} holds ${encoding.toString("hex")}`).toBe(false);
    }
    // Consecutive rows' cursors share nothing but their version byte.
    const [a, b] = page.edges.map((edge: any) => Buffer.from(edge.cursor, "base64url"));
    expect(a.subarray(1).equals(b.subarray(1))).toBe(false);
    expect((await campaignPage(null, 5)).edges.map((edge: any) => edge.cursor)).toEqual(page.edges.map((edge: any) => edge.cursor));
  });

  it("refuse a cursor with any byte altered", async () => {
    const cursor = (await campaignPage(null)).pageInfo.endCursor as string;
    const bytes = Buffer.from(cursor, "base64url");
    for (let index = 0; index < bytes.length; index++) {
      const altered = Buffer.from(bytes);
      altered[index]! ^= 0x01;
      expectBadCursor(await server.gql(CAMPAIGNS, { first: 2, after: altered.toString("base64url") }, brand.token));
    }
  });

  it("refuse forged, truncated, padded and old-style cursors", async () => {
    const cursor = (await campaignPage(null)).pageInfo.endCursor as string;
    const forged = [
      "Yzo0", // the old `c:4`
      Buffer.from("c:1").toString("base64url"),
      randomBytes(Buffer.from(cursor, "base64url").length).toString("base64url"),
      cursor.slice(0, -1),
      `${cursor}A`,
      `${cursor}=`,
      ` ${cursor}`,
      cursor.replace(/^./, "$&!"),
      "",
    ];
    for (const after of forged) expectBadCursor(await server.gql(CAMPAIGNS, { first: 2, after }, brand.token));
  });

  it("are bound to their list: another list's cursor is refused", async () => {
    const { brand: owner, influencer, participationId, campaignId } = await joinedParticipation(server);
    await createActiveCampaign(server, owner); // a second campaign, for a campaigns cursor of this owner
    const first = await submit(server, influencer, participationId);
    await submit(server, influencer, participationId);
    const campaignCursor = (await ok(server, `{ campaigns(first: 1) { pageInfo { endCursor } } }`, {}, owner.token)).campaigns.pageInfo.endCursor;
    const nested = await ok(
      server,
      `query($id: ID!) { campaign(id: $id) { participations(first: 1) { pageInfo { endCursor } edges { node {
        submissions(first: 1) { pageInfo { endCursor hasNextPage } edges { node { id } } } } } } } }`,
      { id: campaignId },
      owner.token,
    );
    const participationsCursor = nested.campaign.participations.pageInfo.endCursor;
    const submissionsPage = nested.campaign.participations.edges[0].node.submissions;
    expect(submissionsPage.edges[0].node.id).toBe(first.submission.id);
    expect(submissionsPage.pageInfo.hasNextPage).toBe(true);

    // Each cursor works in its own list...
    const nextSubmissions = await ok(
      server,
      `query($id: ID!, $after: String) { participation(id: $id) { submissions(first: 1, after: $after) { pageInfo { hasNextPage } edges { node { id } } } } }`,
      { id: participationId, after: submissionsPage.pageInfo.endCursor },
      owner.token,
    );
    expect(nextSubmissions.participation.submissions.edges).toHaveLength(1);
    expect(nextSubmissions.participation.submissions.edges[0].node.id).not.toBe(first.submission.id);
    // ...and in no other.
    const elsewhere = [
      [`query($after: String) { participations(after: $after) { totalCount } }`, participationsCursor],
      [`query($after: String) { participations(after: $after) { totalCount } }`, campaignCursor],
      [`query($id: ID!, $after: String) { campaign(id: $id) { participations(after: $after) { totalCount } } }`, campaignCursor],
      [`query($id: ID!, $after: String) { ledgerEntries(campaignId: $id, after: $after) { totalCount } }`, campaignCursor],
      [`query($id: ID!, $after: String) { participation(id: $id) { submissions(after: $after) { totalCount } } }`, participationsCursor],
      [`query($after: String) { campaigns(after: $after) { totalCount } }`, submissionsPage.pageInfo.endCursor],
    ] as const;
    for (const [query, after] of elsewhere) {
      const response = await server.gql(query, { id: query.includes("participation(id") ? participationId : campaignId, after }, owner.token);
      expectBadCursor(response);
    }
  });

  it("are read by every process sharing the encryption key, and by no other", async () => {
    const cursor = (await campaignPage(null)).pageInfo.endCursor as string;
    const sameKey = await startTestServer({ encryptionKey: ENCRYPTION_KEY });
    const otherKey = await startTestServer();
    try {
      for (const [other, accepted] of [
        [sameKey, true],
        [otherKey, false],
      ] as const) {
        const someone = await signUp(other, "BRAND");
        const response = await other.gql(CAMPAIGNS, { first: 2, after: cursor }, someone.token);
        if (accepted) expect(response.errors).toBeUndefined();
        else expectBadCursor(response);
      }
    } finally {
      await Promise.all([sameKey.close(), otherKey.close()]);
    }
  });
});

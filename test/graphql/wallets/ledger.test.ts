// The ledger over GraphQL: idempotent funding and payouts, who may move money, input validation, and the
// wallet fields and entry connections (paged, batched).
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createActiveCampaign, ok, signUp, type Actor } from "../../support/factories.js";
import { FUND, key, money, PAY_OUT } from "../../support/money.js";
import { queryRows } from "../../../src/db/client.js";
import { accrueSubmission } from "../../../src/wallets/accrual.service.js";

const ADMIN_EMAIL = "money-admin@example.test";
const ADMIN_PASSWORD = "money admin password";

let server: TestServer;
let m: ReturnType<typeof money>;
let admin: Actor;
beforeAll(async () => {
  server = await startTestServer({ adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
  m = money(server);
  const signedIn = await ok(
    server,
    `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken user { id } } }`,
    { input: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } },
  );
  admin = { token: signedIn.signIn.accessToken, refreshToken: signedIn.signIn.refreshToken, id: signedIn.signIn.user.id, email: ADMIN_EMAIL };
});
afterAll(() => server?.close());

const entryCount = async () => Number((await queryRows<{ n: number }>(m.db(), sql`select count(*)::int as n from ledger_entries`))[0]!.n);
const code = (response: { errors?: { extensions: { code: string } }[] }) => response.errors?.[0]?.extensions.code;

describe("idempotency", () => {
  it("the same key with the same request returns the first result and moves nothing again", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 100 });
    const idempotencyKey = key();
    const first = await m.fund(brand, campaignId, 5_000, idempotencyKey);
    expect(first).toMatchObject({ amountCents: 5_000, releasedCents: 0, escrowBalanceCents: 5_000, transaction: { kind: "FUND" } });
    expect(first.transaction.id).toMatch(/^txn_/);
    await m.fund(brand, campaignId, 1_000);
    const entries = await entryCount();

    const again = await m.fund(brand, campaignId, 5_000, idempotencyKey);
    expect(again.transaction).toEqual(first.transaction);
    expect(again.escrowBalanceCents).toBe(5_000); // the first result, not today's balance
    expect(again.campaign.wallet.escrowBalanceCents).toBe(6_000); // the campaign as it is now
    expect(await entryCount()).toBe(entries);
    await m.checkInvariants();
  });

  it("the same key with a different request is CONFLICT and moves nothing", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 100 });
    const other = await m.campaign({ flatCents: 100 });
    const idempotencyKey = key();
    await m.fund(brand, campaignId, 5_000, idempotencyKey);
    const entries = await entryCount();
    expect(code(await server.gql(FUND, { input: { campaignId, amountCents: 5_001, idempotencyKey } }, brand.token))).toBe("CONFLICT");
    expect(code(await server.gql(PAY_OUT, { input: { campaignId, idempotencyKey } }, brand.token))).toBe("CONFLICT");
    expect(await entryCount()).toBe(entries);
    expect(await m.wallet(brand, campaignId)).toMatchObject({ escrowBalanceCents: 5_000 });
    // Keys belong to the account that sent them: another brand's request under the same key is its own movement.
    expect(await m.fund(other.brand, other.campaignId, 3_000, idempotencyKey)).toMatchObject({ amountCents: 3_000, escrowBalanceCents: 3_000 });
  });

  it("ten simultaneous requests with one key make one movement, and all answer it", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 100 });
    const idempotencyKey = key();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => server.gql(FUND, { input: { campaignId, amountCents: 777, idempotencyKey } }, brand.token)),
    );
    expect(responses.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(new Set(responses.map((r) => r.data.fundCampaign.transaction.id)).size).toBe(1);
    expect(responses.map((r) => r.data.fundCampaign.escrowBalanceCents)).toEqual(Array(10).fill(777));
    expect(await m.wallet(brand, campaignId)).toMatchObject({ escrowBalanceCents: 777, fundedCents: 777 });
  });

  it("payOut replays its first result under the same key", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 900 });
    await m.fund(brand, campaignId, 10_000);
    const { sid } = await m.acceptedSubmission(brand, campaignId);
    await accrueSubmission(m.db(), sid);
    const idempotencyKey = key();
    const first = await ok(server, PAY_OUT, { input: { campaignId, idempotencyKey } }, brand.token);
    expect(first.payOut.paidCents).toBe(900);
    const { sid: later } = await m.acceptedSubmission(brand, campaignId);
    await accrueSubmission(m.db(), later);
    const again = await ok(server, PAY_OUT, { input: { campaignId, idempotencyKey } }, brand.token);
    expect(again.payOut).toEqual(first.payOut);
    expect(await m.wallet(brand, campaignId)).toMatchObject({ paidCents: 900, payableCents: 900 });
  });
});

describe("authorization", () => {
  it("only the owner or an admin funds and pays; others get NOT_FOUND, PERMISSION_DENIED or UNAUTHORIZED", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 100 });
    const { influencer } = await m.acceptedSubmission(brand, campaignId);
    const otherBrand = await signUp(server, "BRAND");
    const outsider = await signUp(server, "INFLUENCER");
    const fund = (token?: string) => server.gql(FUND, { input: { campaignId, amountCents: 100, idempotencyKey: key() } }, token);
    const pay = (token?: string) => server.gql(PAY_OUT, { input: { campaignId, idempotencyKey: key() } }, token);

    expect(code(await fund(otherBrand.token))).toBe("NOT_FOUND"); // cannot see the campaign at all
    expect(code(await pay(otherBrand.token))).toBe("NOT_FOUND");
    expect(code(await fund(influencer.token))).toBe("PERMISSION_DENIED"); // sees it (takes part), may not fund
    expect(code(await pay(influencer.token))).toBe("PERMISSION_DENIED");
    expect(code(await fund(outsider.token))).toBe("PERMISSION_DENIED"); // an active campaign is visible to influencers
    expect(code(await fund())).toBe("UNAUTHORIZED");
    expect(await m.wallet(brand, campaignId)).toMatchObject({ escrowBalanceCents: 0 });

    expect((await fund(admin.token)).data.fundCampaign.escrowBalanceCents).toBe(100);
    expect((await pay(admin.token)).data.payOut.paidCents).toBe(0);
    expect((await fund(brand.token)).data.fundCampaign.escrowBalanceCents).toBe(200);
  });

  it("the wallet is the owner's and admins'; an influencer sees only its own entries; other brands nothing", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 400 });
    await m.fund(brand, campaignId, 1_000);
    const a = await m.acceptedSubmission(brand, campaignId);
    const b = await m.acceptedSubmission(brand, campaignId);
    await accrueSubmission(m.db(), a.sid);
    await accrueSubmission(m.db(), b.sid);

    const walletOf = async (actor: Actor) => (await ok(server, `query($id: ID!) { campaign(id: $id) { wallet { escrowBalanceCents } } }`, { id: campaignId }, actor.token)).campaign.wallet;
    expect(await walletOf(a.influencer)).toBeNull();
    expect(await walletOf(admin)).toEqual({ escrowBalanceCents: 200 });

    const ENTRIES = `query($id: ID!) { ledgerEntries(campaignId: $id) { totalCount edges { node { amountCents accountKind influencer { id } transaction { kind } } } } }`;
    const forOwner = await ok(server, ENTRIES, { id: campaignId }, brand.token);
    expect(forOwner.ledgerEntries.totalCount).toBe(6); // fund: 2 legs; two accruals: 2 legs each
    const forA = await ok(server, ENTRIES, { id: campaignId }, a.influencer.token);
    expect(forA.ledgerEntries.edges.map((e: any) => e.node)).toEqual([
      { amountCents: 400, accountKind: "INFLUENCER_PAYABLE", influencer: { id: a.influencer.id }, transaction: { kind: "ACCRUAL" } },
    ]);
    const otherBrand = await signUp(server, "BRAND");
    expect(code(await server.gql(ENTRIES, { id: campaignId }, otherBrand.token))).toBe("NOT_FOUND");
    const viewer = await ok(server, `{ viewer { earnings { accruedCents } } }`, {}, brand.token);
    expect(viewer.viewer.earnings).toEqual([]);
  });
});

describe("validation", () => {
  it.each([
    ["zero", 0],
    ["negative", -5],
  ])("a %s amount is VALIDATION_ERROR", async (_label, amountCents) => {
    const { brand, campaignId } = await m.campaign({});
    expect(code(await server.gql(FUND, { input: { campaignId, amountCents, idempotencyKey: key() } }, brand.token))).toBe("VALIDATION_ERROR");
  });

  it("a fractional amount, an empty or overlong key, and a malformed campaign id are VALIDATION_ERROR", async () => {
    const { brand, campaignId } = await m.campaign({});
    const attempts = [
      { campaignId, amountCents: 1.5, idempotencyKey: key() },
      { campaignId, amountCents: 100, idempotencyKey: "" },
      { campaignId, amountCents: 100, idempotencyKey: "k".repeat(201) },
      { campaignId: "campaign", amountCents: 100, idempotencyKey: key() },
    ];
    for (const input of attempts) {
      const response = await server.gql(FUND, { input }, brand.token);
      expect([code(response), response.status]).toEqual(["VALIDATION_ERROR", expect.any(Number)]);
    }
    expect(await m.wallet(brand, campaignId)).toMatchObject({ escrowBalanceCents: 0 });
  });

  it("a cancelled campaign cannot be funded (CONFLICT)", async () => {
    const { brand, campaignId } = await m.campaign({});
    await ok(server, `mutation($id: ID!) { setCampaignStatus(id: $id, status: CAMPAIGN_CANCELLED) { campaign { id } } }`, { id: campaignId }, brand.token);
    expect(code(await server.gql(FUND, { input: { campaignId, amountCents: 100, idempotencyKey: key() } }, brand.token))).toBe("CONFLICT");
  });
});

describe("currency", () => {
  it("can change until the campaign is funded, then it is fixed (CONFLICT)", async () => {
    const { brand, campaignId } = await m.campaign({ flatCents: 100 });
    const UPDATE = `mutation($id: ID!, $currency: Currency!) { updateCampaign(id: $id, input: { currency: $currency }) { campaign { currency } } }`;
    expect((await ok(server, UPDATE, { id: campaignId, currency: "EUR" }, brand.token)).updateCampaign.campaign.currency).toBe("EUR");
    await m.fund(brand, campaignId, 1_000);
    const refused = await server.gql(UPDATE, { id: campaignId, currency: "USD" }, brand.token);
    expect(code(refused)).toBe("CONFLICT");
    expect((await m.wallet(brand, campaignId)).currency).toBe("EUR");
  });
});

describe("connections and loaders", () => {
  it("ledgerEntries pages newest first with cursors and a total", async () => {
    const { brand, campaignId } = await m.campaign({});
    for (const amount of [100, 200, 300]) await m.fund(brand, campaignId, amount);
    const PAGE = `query($id: ID!, $after: String) { ledgerEntries(campaignId: $id, first: 4, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { amountCents accountKind currency transaction { id kind campaign { id } } } } } }`;
    const first = (await ok(server, PAGE, { id: campaignId }, brand.token)).ledgerEntries;
    expect(first.totalCount).toBe(6);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.edges.map((e: any) => [e.node.accountKind, e.node.amountCents])).toEqual([
      ["CAMPAIGN_ESCROW", 300],
      ["EXTERNAL", -300],
      ["CAMPAIGN_ESCROW", 200],
      ["EXTERNAL", -200],
    ]);
    expect(first.edges[0].node.transaction.campaign.id).toBe(campaignId);
    const second = (await ok(server, PAGE, { id: campaignId, after: first.pageInfo.endCursor }, brand.token)).ledgerEntries;
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.edges.map((e: any) => e.node.amountCents)).toEqual([100, -100]);
    const tooMany = await server.gql(`query($id: ID!) { ledgerEntries(campaignId: $id, first: 101) { totalCount } }`, { id: campaignId }, brand.token);
    expect(code(tooMany)).toBe("VALIDATION_ERROR");
  });

  it("wallets and earnings of many campaigns and participations cost a constant number of statements", async () => {
    const brand = await signUp(server, "BRAND");
    const QUERY = `{ campaigns(first: 50) { edges { node { wallet { escrowBalanceCents accruedCents }
      participations(first: 10) { edges { node { earnings { accruedCents payableCents } } } } } } } }`;
    const statements = async () => (await server.countStatements(() => ok(server, QUERY, {}, brand.token))).statements;
    // One campaign with one participation, then five more of each: the count must not grow.
    const add = async () => {
      const campaignId = await createActiveCampaign(server, brand, { rateCard: { flatCents: 100 } });
      await m.fund(brand, campaignId, 1_000);
      const { sid } = await m.acceptedSubmission(brand, campaignId);
      await accrueSubmission(m.db(), sid);
    };
    await add();
    const few = await statements();
    for (let i = 0; i < 5; i++) await add();
    expect(await statements()).toBe(few);
  });
});

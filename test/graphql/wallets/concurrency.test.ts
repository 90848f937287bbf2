// Money under concurrency. On the PostgreSQL server (DATABASE_URL) the operations below are parallel
// transactions on separate connections; on PGlite they interleave on one connection. Either way the ledger
// must balance, escrow stay ≥ 0, accrued = paid + blocked + payable for every influencer, and replaying
// every request with its idempotency key must change nothing.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type GraphQLResponse, type TestServer } from "../../support/server.js";
import { ok } from "../../support/factories.js";
import { FUND, key, money, PAY_OUT } from "../../support/money.js";
import { queryRows } from "../../../src/db/client.js";
import { accrueSubmission } from "../../../src/wallets/accrual.service.js";

let server: TestServer;
let m: ReturnType<typeof money>;
beforeAll(async () => {
  server = await startTestServer();
  m = money(server);
});
afterAll(() => server?.close());

/** A deterministic shuffle, so that a failure can be replayed. */
function shuffle<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Request {
  query: string;
  input: Record<string, unknown>;
  token: string;
}

describe("50 concurrent money operations on one campaign", () => {
  it("leave the ledger balanced, escrow ≥ 0 and accrued = paid + blocked + payable; replays change nothing", async () => {
    const { brand, campaignId, cid } = await m.campaign({ flatCents: 300, cpmCents: 250 });
    const subs = [];
    for (let i = 0; i < 5; i++) {
      const first = await m.acceptedSubmission(brand, campaignId, { postedAt: new Date(Date.now() - 48 * 3_600_000) });
      subs.push(first, await m.acceptedSubmission(brand, campaignId, { influencer: first.influencer }));
    }
    await m.fund(brand, campaignId, 1_000); // little, so that accruals block and funding releases
    for (const [i, sub] of subs.entries()) await m.snapshot(sub.sid, { impressions: 1_000 + i * 100 });

    // 22 fundings, 4 payouts (all, or one influencer), 20 accruals (a higher snapshot, then accrue; some
    // submissions twice at once), 4 metrics refreshes (a snapshot through the provider, accrued by the hook).
    const requests: Request[] = [];
    for (let i = 0; i < 22; i++) {
      requests.push({ query: FUND, input: { campaignId, amountCents: 97 + i * 53, idempotencyKey: key() }, token: brand.token });
    }
    for (let i = 0; i < 4; i++) {
      const influencerId = i % 2 === 0 ? undefined : subs[i]!.influencer.id;
      requests.push({ query: PAY_OUT, input: { campaignId, influencerId, idempotencyKey: key() }, token: brand.token });
    }
    const operations: (() => Promise<unknown>)[] = requests.map((request) => () =>
      server.gql(request.query, { input: request.input }, request.token),
    );
    for (let i = 0; i < 20; i++) {
      const sub = subs[i % subs.length]!;
      operations.push(async () => {
        await m.snapshot(sub.sid, { impressions: 2_000 + i * 1_337 });
        return accrueSubmission(m.db(), sub.sid);
      });
    }
    for (let i = 0; i < 4; i++) {
      const sub = subs[i * 2]!;
      operations.push(() =>
        ok(server, `mutation($id: ID!) { refreshParticipationMetrics(participationId: $id) { snapshot { id } } }`, { id: sub.participationId }, sub.influencer.token),
      );
    }
    expect(operations).toHaveLength(50);

    const results: unknown[] = new Array(operations.length);
    await Promise.all(
      shuffle(operations.map((_, i) => i)).map(async (i) => {
        results[i] = await operations[i]!();
      }),
    );
    const responses = results.filter((result): result is GraphQLResponse => (result as GraphQLResponse)?.status !== undefined);
    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    await m.checkInvariants();

    const wallet = await m.wallet(brand, campaignId);
    const funded = 1_000 + requests.filter((r) => r.query === FUND).reduce((sum, r) => sum + (r.input.amountCents as number), 0);
    expect(wallet.fundedCents).toBe(funded);
    expect(wallet.escrowBalanceCents).toBeGreaterThanOrEqual(0);
    expect(wallet.accruedCents).toBe(wallet.paidCents + wallet.blockedCents + wallet.payableCents);
    expect(wallet.escrowBalanceCents + wallet.payableCents + wallet.paidCents).toBe(funded);
    // More accrued than funded: something stays blocked, escrow is empty, and fundings released blocked amounts.
    expect(wallet.blockedCents).toBeGreaterThan(0);
    expect(wallet.escrowBalanceCents).toBe(0);
    const released = requests
      .map((request, i) => (request.query === FUND ? (results[i] as GraphQLResponse).data.fundCampaign.releasedCents : 0))
      .reduce((sum, cents) => sum + cents, 0);
    expect(released).toBeGreaterThan(0);

    // Every submission's accrual caught up with its highest snapshot.
    const behind = await queryRows(
      m.db(),
      sql`select e.submission_id from submission_earnings e
          join submissions s on s.id = e.submission_id join participations p on p.id = s.participation_id
          where p.campaign_id = ${cid} and e.high_water_units <> (
            select max(coalesce(impressions, views)) from metrics_snapshots where submission_id = e.submission_id)`,
    );
    expect(behind).toEqual([]);

    // Replay every request with its key, all at once, and every accrual: nothing moves.
    const before = await m.ledgerState();
    const replays = await Promise.all([
      ...requests.map((request) => server.gql(request.query, { input: request.input }, request.token)),
      ...subs.map((sub) => accrueSubmission(m.db(), sub.sid)),
    ]);
    expect(await m.ledgerState()).toBe(before);
    const replayed = replays.slice(0, requests.length) as GraphQLResponse[];
    expect(replayed.flatMap((response) => response.errors ?? [])).toEqual([]);
    for (const [i, request] of requests.entries()) {
      const original = (results[i] as GraphQLResponse).data;
      const again = replayed[i]!.data;
      if (request.query === FUND) {
        const { campaign: _a, ...first } = original.fundCampaign;
        const { campaign: _b, ...second } = again.fundCampaign;
        expect(second).toEqual(first);
      } else {
        expect(again.payOut).toEqual(original.payOut);
      }
    }
    expect(replays.slice(requests.length).map((result: any) => result.accruedCents)).toEqual(subs.map(() => 0));
    await m.checkInvariants();
  });
});

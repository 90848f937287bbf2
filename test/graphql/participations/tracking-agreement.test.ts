// One tracking rule (src/participations/participation.tracking.ts), four readers: the scheduled refresher's
// claim, accrual, the GraphQL tracking fields (isTracked, trackingSummary) and participation analytics. For a
// participation whose submission limit was lowered after three submissions were accepted, in a campaign
// that was then cancelled, all four must name the same tracked submissions at every step.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import { submissionEarnings, submissions } from "../../../schema/tables.js";
import { MetricsRefresher } from "../../../src/metrics/refresher.js";
import { accrueSubmission } from "../../../src/wallets/accrual.service.js";
import { startTestServer, type TestServer } from "../../support/server.js";
import { errorCode, ok, setCampaignStatus } from "../../support/factories.js";
import { acceptedSubmission, addAccepted, PARTICIPATION_ANALYTICS, type Accepted } from "../../support/analytics.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const PARTICIPATION = `query($id: ID!) {
  participation(id: $id) {
    trackingSummary { submissionLimit acceptedSubmissionCount trackedSubmissionCount }
    submissions(first: 10) { edges { node { id status isTracked } } }
  }
}`;
const UPDATE = `mutation($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(id: $id, input: $input) { campaign { submissionLimit } } }`;
const REFRESH = `mutation($id: ID!) { refreshParticipationMetrics(participationId: $id) { snapshots { id } } }`;

const db = () => server.server.app.database.db;

/** Public ids of the submissions each reader treats as tracked, sorted. */
interface Readings {
  refresher: string[];
  accrual: string[];
  trackingFields: string[];
  analytics: string[];
}

describe("the refresher, accrual, the tracking fields and analytics agree on which submissions are tracked", () => {
  let first: Accepted;
  let ids: { a: string; b: string; c: string };
  let rowIds: number[];

  /** What the scheduled refresher claims once every submission of the participation is due. */
  async function refresherReading(): Promise<string[]> {
    await db().update(submissions).set({ lastMetricsAttemptAt: null, metricsLeaseUntil: null }).where(inArray(submissions.id, rowIds));
    const { database, encryption, providers, log, config } = server.server.app;
    const round = await new MetricsRefresher({ db: database.db, encryption, providers, log }, config).runRound();
    return [...round.submissionIds].sort();
  }

  /** The submissions an accrual call treats as tracked (it also accrues them, idempotently). */
  async function accrualReading(): Promise<string[]> {
    const accruing: string[] = [];
    for (const rowId of rowIds) {
      const result = await accrueSubmission(db(), rowId);
      if (result?.tracked) accruing.push((await db().select({ id: submissions.publicId }).from(submissions).where(eq(submissions.id, rowId)))[0]!.id);
    }
    return accruing.sort();
  }

  async function readings(): Promise<Readings & { summary: unknown }> {
    const participation = (await ok(server, PARTICIPATION, { id: first.participationId }, first.brand.token)).participation;
    const analytics = (await ok(server, PARTICIPATION_ANALYTICS, { id: first.participationId }, first.brand.token)).participationAnalytics;
    expect(analytics.submissions.every((row: any) => row.isCounted)).toBe(true); // every one is ACCEPTED
    return {
      refresher: await refresherReading(),
      accrual: await accrualReading(),
      trackingFields: participation.submissions.edges.filter((edge: any) => edge.node.isTracked).map((edge: any) => edge.node.id).sort(),
      analytics: analytics.submissions.filter((row: any) => row.isTracked).map((row: any) => row.submission.id).sort(),
      summary: participation.trackingSummary,
    };
  }

  const all = (tracked: string[]): Readings => ({ refresher: tracked, accrual: tracked, trackingFields: tracked, analytics: tracked });

  beforeAll(async () => {
    // Three accepted submissions a, b, c, submitted in that order, under a limit of 3, with a rate card.
    first = await acceptedSubmission(server, "INSTAGRAM", { submissionLimit: 3, rateCard: { flatCents: 1_000, cpmCents: 500 } });
    const second = await addAccepted(server, first);
    const third = await addAccepted(server, first);
    ids = { a: first.submissionId, b: second.submissionId, c: third.submissionId };
    rowIds = [first.rowId, second.rowId, third.rowId];
    // c was submitted at the same moment as a: ranked by submitted_at, then id, the order is a, c, b.
    await db().execute(sql`update submissions set submitted_at = (select submitted_at from submissions where id = ${first.rowId}) where id = ${third.rowId}`);
  });

  it("under the original limit, all three", async () => {
    const read = await readings();
    expect(read).toMatchObject(all([ids.a, ids.b, ids.c].sort()));
    expect(read.summary).toEqual({ submissionLimit: 3, acceptedSubmissionCount: 3, trackedSubmissionCount: 3 });
  });

  it("after the limit is lowered to 2: the first two by submission time, then id (a and c)", async () => {
    await ok(server, UPDATE, { id: first.campaignId, input: { submissionLimit: 2 } }, first.brand.token);
    const accruedBefore = await accruedOf(second());
    const read = await readings();
    expect(read).toMatchObject(all([ids.a, ids.c].sort()));
    expect(read.summary).toEqual({ submissionLimit: 2, acceptedSubmissionCount: 3, trackedSubmissionCount: 2 });
    // b keeps what it accrued while it was tracked, and accrues nothing more.
    expect(await accruedOf(second())).toBe(accruedBefore);
  });

  it("after the campaign is cancelled: none, though all three stay accepted and counted", async () => {
    await setCampaignStatus(server, first.brand, first.campaignId, "CAMPAIGN_CANCELLED");
    const accruedBefore = await Promise.all(rowIds.map(accruedOf));
    const read = await readings();
    expect(read).toMatchObject(all([]));
    expect(read.summary).toEqual({ submissionLimit: 2, acceptedSubmissionCount: 3, trackedSubmissionCount: 0 });
    expect(await Promise.all(rowIds.map(accruedOf))).toEqual(accruedBefore);
    // A manual refresh follows the same rule: nothing in a cancelled campaign is refreshed.
    expect(await errorCode(server, REFRESH, { id: first.participationId }, first.influencer.token)).toBe("CONFLICT");
  });

  const second = () => rowIds[1]!;
  async function accruedOf(rowId: number): Promise<number> {
    const [row] = await db().select({ accrued: submissionEarnings.accruedCents }).from(submissionEarnings).where(eq(submissionEarnings.submissionId, rowId));
    return row?.accrued ?? 0;
  }
});

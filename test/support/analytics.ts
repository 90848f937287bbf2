// Shared by the analytics test files: accepted submissions built through the API, snapshots, attempts and
// earnings written straight into the tables (so that every expectation can be computed by hand), and the
// analytics queries.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { TestServer } from "./server.js";
import { connectAccount, createActiveCampaign, join, ok, review, signUp, submit, type Actor } from "./factories.js";
import { ingestionAttempts, metricsSnapshots, submissions } from "../../schema/tables.js";
import { newPublicId } from "../../src/shared/ids.js";

export const METRIC_KEYS = ["impressions", "reach", "likes", "comments", "shares", "saves", "views"] as const;
export type Counts = Partial<Record<(typeof METRIC_KEYS)[number], number | null>>;

export const tiktokUrl = () => `https://www.tiktok.com/@creator/video/7${BigInt("0x" + randomBytes(8).toString("hex")).toString().padStart(18, "0").slice(0, 18)}`;

export interface Accepted {
  brand: Actor;
  influencer: Actor;
  campaignId: string;
  participationId: string;
  submissionId: string;
  /** The submission's integer primary key, for direct inserts. */
  rowId: number;
}

export const db = (server: TestServer) => server.server.app.database.db;

export async function rowIdOf(server: TestServer, submissionId: string): Promise<number> {
  const [row] = await db(server).select({ id: submissions.id }).from(submissions).where(eq(submissions.publicId, submissionId));
  return row!.id;
}

/** Another submission on an existing participation, accepted by its brand. */
export async function addAccepted(server: TestServer, base: Omit<Accepted, "submissionId" | "rowId">, platform = "INSTAGRAM"): Promise<Accepted> {
  const input = platform === "TIKTOK" ? { platform, contentUrl: tiktokUrl() } : {};
  const { submission } = await submit(server, base.influencer, base.participationId, input);
  await review(server, base.brand, submission.id, "APPROVE");
  return { ...base, submissionId: submission.id, rowId: await rowIdOf(server, submission.id) };
}

/** A brand, an active campaign (every platform allowed), an influencer with an account on `platform`, an ACCEPTED submission. */
export async function acceptedSubmission(server: TestServer, platform = "INSTAGRAM", campaignInput: Record<string, unknown> = {}): Promise<Accepted> {
  const brand = await signUp(server, "BRAND");
  const influencer = await signUp(server, "INFLUENCER");
  const campaignId = await createActiveCampaign(server, brand, { submissionLimit: 5, ...campaignInput });
  await connectAccount(server, influencer, platform);
  const participationId = await join(server, influencer, campaignId);
  return addAccepted(server, { brand, influencer, campaignId, participationId }, platform);
}

/** Writes snapshots as given (unlisted counts are null, as a platform that does not report them). */
export async function insertSnapshots(server: TestServer, rowId: number, snapshots: ({ at: string | Date } & Counts)[]): Promise<void> {
  if (!snapshots.length) return;
  await db(server)
    .insert(metricsSnapshots)
    .values(
      snapshots.map(({ at, ...counts }) => ({
        publicId: newPublicId("snapshot"),
        submissionId: rowId,
        fetchedAt: new Date(at),
        ...Object.fromEntries(METRIC_KEYS.map((key) => [key, counts[key] ?? null])),
      })),
    );
}

export async function insertAttempt(
  server: TestServer,
  rowId: number,
  at: string | Date,
  failureReason?: "RATE_LIMIT" | "PERMISSION" | "INVALID_MEDIA" | "UNKNOWN",
): Promise<void> {
  await db(server)
    .insert(ingestionAttempts)
    .values({ submissionId: rowId, attemptedAt: new Date(at), outcome: failureReason ? "FAILURE" : "SUCCESS", failureReason: failureReason ?? null });
}

/** The ledger's per-submission money (the contract analytics reads): accrued, blocked (unfunded), paid. */
export async function setEarnings(server: TestServer, rowId: number, money: { accrued: number; blocked?: number; paid?: number }): Promise<void> {
  const blocked = money.blocked ?? 0;
  await db(server).execute(sql`
    insert into submission_earnings (submission_id, accrued_cents, blocked_cents, paid_cents, earned_cents, blocked_reason, blocked_since)
    values (${rowId}, ${money.accrued}, ${blocked}, ${money.paid ?? 0}, ${money.accrued},
            ${blocked > 0 ? "INSUFFICIENT_ESCROW" : null}::blocked_reason, ${blocked > 0 ? new Date().toISOString() : null}::timestamptz)
    on conflict (submission_id) do update set accrued_cents = excluded.accrued_cents, blocked_cents = excluded.blocked_cents,
      paid_cents = excluded.paid_cents, earned_cents = excluded.earned_cents, blocked_reason = excluded.blocked_reason,
      blocked_since = excluded.blocked_since`);
}

export const POINT = "startAt endAt value isPartial source";
const TOTALS = METRIC_KEYS.join(" ");
const MONEY = "accruedCents paidCents blockedCents payableCents blockedReasonCode";
const FRESHNESS = "status lastSnapshotAt lastAttemptAt lastSuccessAt lastFailureReason freshnessStatus";
const METRICS_SELECTION = `metrics { totals { ${TOTALS} } timeseries { bucket from to series { metric points { ${POINT} } } } }`;

export const SUBMISSION_ANALYTICS = `query($id: ID!, $from: DateTime, $to: DateTime, $bucket: AnalyticsBucket) {
  submissionAnalytics(submissionId: $id, from: $from, to: $to, bucket: $bucket) {
    submission { id status }
    ${METRICS_SELECTION}
    money { ${MONEY} }
    freshness { ${FRESHNESS} }
  }
}`;

export const PARTICIPATION_ANALYTICS = `query($id: ID!, $from: DateTime, $to: DateTime, $bucket: AnalyticsBucket) {
  participationAnalytics(participationId: $id, from: $from, to: $to, bucket: $bucket) {
    participation { id }
    integrationCapability
    submissions { submission { id status } isCounted isTracked totals { ${TOTALS} } money { ${MONEY} } freshness { ${FRESHNESS} } }
    aggregate {
      byPlatform { platform submissionCount ${METRICS_SELECTION} money { ${MONEY} } }
      overall { submissionCount ${METRICS_SELECTION} money { ${MONEY} } }
      blockedReasonCode
    }
    freshness { ${FRESHNESS} }
  }
}`;

export const CAMPAIGN_ANALYTICS = `query($id: ID!, $from: DateTime, $to: DateTime, $bucket: AnalyticsBucket) {
  campaignAnalytics(campaignId: $id, from: $from, to: $to, bucket: $bucket) {
    campaign { id }
    submissionCount influencerCount
    totals { ${TOTALS} }
    performance { deliveredImpressions engagements effectiveCpmCents engagementRate }
    spend { ${MONEY} escrowLeftCents }
    timeseries { bucket from to series { metric points { ${POINT} } } }
    byPlatform { platform submissionCount totals { ${TOTALS} } performance { deliveredImpressions engagements effectiveCpmCents engagementRate } money { ${MONEY} } }
    byInfluencer { participation { id } influencer { id } submissionCount totals { views } performance { deliveredImpressions engagementRate effectiveCpmCents } money { accruedCents } }
    topSubmissions(first: 3) { submission { id } participation { id } influencer { id } performance { deliveredImpressions } }
    csv
  }
}`;

export async function submissionAnalytics(server: TestServer, token: string, id: string, window: Record<string, unknown> = {}) {
  return (await ok(server, SUBMISSION_ANALYTICS, { id, ...window }, token)).submissionAnalytics;
}

/** A metric's points as [startAt, endAt, value, isPartial, source] tuples, for compact expectations. */
export function pointsOf(timeseries: any, metric: string): [string, string, number | null, boolean, string | null][] {
  const series = timeseries.series.find((s: any) => s.metric === metric.toUpperCase());
  return series.points.map((p: any) => [p.startAt, p.endAt, p.value, p.isPartial, p.source]);
}

/** `2024-01-02T10:00` → the ISO form the API answers with. */
export const iso = (text: string) => new Date(text.length === 16 ? `${text}:00Z` : text).toISOString();

// The outbox. Every change that has an event calls one function here inside its own transaction: the event
// and one delivery per subscribed endpoint are written with the change, so a committed change always has its
// deliveries and a rolled-back one has none. The dispatcher (dispatcher.ts) sends them afterwards.
// This module sits below the domain modules that call it and imports none of them: payloads are built from
// rows of schema/tables.ts, with public ids only.
import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { newPublicId } from "../shared/ids.js";
import { arrayParam } from "../db/array-param.js";
import { queryRows } from "../db/client.js";
import type { campaigns, metricsSnapshots, participations, submissions, webhookEventType } from "../../schema/tables.js";

export type WebhookEventType = (typeof webhookEventType.enumValues)[number];

type SubmissionRow = typeof submissions.$inferSelect;
type ParticipationRow = typeof participations.$inferSelect;
type CampaignRow = typeof campaigns.$inferSelect;
type SnapshotRow = typeof metricsSnapshots.$inferSelect;

export interface OutboxEvent {
  type: WebhookEventType;
  /** The campaign the event belongs to (row id): its owner's endpoints receive it, and every admin's. */
  campaignId: number;
  /** The event's `data`: public ids and fields only. */
  data: Record<string, unknown>;
}

/**
 * Writes the event and its deliveries in one statement, within `executor`'s transaction. Nothing is written
 * when no enabled endpoint subscribes to it (the outbox holds only what someone will receive). Receivers:
 * enabled endpoints subscribed to the type, owned by an active admin or by the campaign's active owner.
 */
export async function enqueueEvent(executor: Executor, event: OutboxEvent): Promise<void> {
  const publicId = newPublicId("evt");
  const createdAt = new Date();
  const body = JSON.stringify({ id: publicId, type: event.type, createdAt: createdAt.toISOString(), data: event.data });
  await executor.execute(sql`
    with targets as (
      select e.id from webhook_endpoints e
      join users u on u.id = e.owner_id
      -- A suspended, banned or inactive owner's endpoints get nothing (an admin's would get every campaign's).
      where e.status = 'ENABLED' and u.status = 'ACTIVE' and ${event.type}::webhook_event_type = any(e.events)
        and (u.role = 'ADMIN' or e.owner_id = (select c.owner_id from campaigns c where c.id = ${event.campaignId}))
    ), event as (
      insert into webhook_events (public_id, type, campaign_id, body, created_at)
      select ${publicId}, ${event.type}::webhook_event_type, ${event.campaignId}, ${body}, ${createdAt.toISOString()}::timestamptz
      where exists (select 1 from targets)
      returning id
    )
    insert into webhook_deliveries (public_id, event_id, endpoint_id)
    select 'delivery_' || replace(gen_random_uuid()::text, '-', ''), event.id, targets.id from event cross join targets`);
}

interface ParticipationRefs {
  campaignRowId: number;
  campaignId: string;
  participationId: string;
  influencerId: string;
}

/** The public ids around participations (one statement), keyed by participation row id. */
async function participationRefs(executor: Executor, participationIds: number[]): Promise<Map<number, ParticipationRefs>> {
  const rows = await queryRows<{ id: number; campaign_row_id: number; campaign_id: string; participation_id: string; influencer_id: string }>(
    executor,
    sql`select p.id, c.id as campaign_row_id, c.public_id as campaign_id, p.public_id as participation_id, u.public_id as influencer_id
        from participations p join campaigns c on c.id = p.campaign_id join users u on u.id = p.influencer_id
        where p.id = any(${arrayParam(participationIds, "int")})`,
  );
  return new Map(
    rows.map((row) => [
      Number(row.id),
      { campaignRowId: Number(row.campaign_row_id), campaignId: row.campaign_id, participationId: row.participation_id, influencerId: row.influencer_id },
    ]),
  );
}

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);

function submissionData(submission: SubmissionRow) {
  return {
    id: submission.publicId,
    status: submission.status,
    platform: submission.platform,
    contentUrl: submission.contentUrl,
    contentType: submission.declaredContentType,
    rejectionReason: submission.rejectionReason,
    submittedAt: iso(submission.submittedAt),
    reviewedAt: iso(submission.reviewedAt),
  };
}

/** SUBMISSION_CREATED or SUBMISSION_REVIEWED for a submission row as stored by the change. */
export async function submissionEvent(executor: Executor, type: "SUBMISSION_CREATED" | "SUBMISSION_REVIEWED", submission: SubmissionRow): Promise<void> {
  const refs = (await participationRefs(executor, [submission.participationId])).get(submission.participationId)!;
  await enqueueEvent(executor, {
    type,
    campaignId: refs.campaignRowId,
    data: {
      submission: submissionData(submission),
      participationId: refs.participationId,
      campaignId: refs.campaignId,
      influencerId: refs.influencerId,
    },
  });
}

export async function participationStatusChanged(executor: Executor, participation: ParticipationRow, previousStatus: string): Promise<void> {
  if (participation.status === previousStatus) return;
  const refs = (await participationRefs(executor, [participation.id])).get(participation.id)!;
  await enqueueEvent(executor, {
    type: "PARTICIPATION_STATUS_CHANGED",
    campaignId: refs.campaignRowId,
    data: {
      participation: { id: participation.publicId, status: participation.status, previousStatus, updatedAt: iso(participation.updatedAt) },
      campaignId: refs.campaignId,
      influencerId: refs.influencerId,
    },
  });
}

export async function campaignStatusChanged(executor: Executor, campaign: CampaignRow, previousStatus: string): Promise<void> {
  if (campaign.status === previousStatus) return;
  await enqueueEvent(executor, {
    type: "CAMPAIGN_STATUS_CHANGED",
    campaignId: campaign.id,
    data: { campaign: { id: campaign.publicId, status: campaign.status, previousStatus, updatedAt: iso(campaign.updatedAt) } },
  });
}

export async function metricsRefreshed(executor: Executor, submission: SubmissionRow, snapshot: SnapshotRow): Promise<void> {
  const refs = (await participationRefs(executor, [submission.participationId])).get(submission.participationId)!;
  const { impressions, reach, likes, comments, saves, shares, views } = snapshot;
  await enqueueEvent(executor, {
    type: "METRICS_REFRESHED",
    campaignId: refs.campaignRowId,
    data: {
      submissionId: submission.publicId,
      participationId: refs.participationId,
      campaignId: refs.campaignId,
      influencerId: refs.influencerId,
      snapshot: { id: snapshot.publicId, fetchedAt: iso(snapshot.fetchedAt), impressions, reach, likes, comments, saves, shares, views },
    },
  });
}

/** ACCRUAL: a submission earned `accruedCents` more, of which `fundedCents` moved from escrow and `blockedCents` waits for funding. */
export async function accrued(
  executor: Executor,
  accrual: { submissionId: number; currency: string; accruedCents: number; fundedCents: number; blockedCents: number; totalAccruedCents: number },
): Promise<void> {
  const [row] = await queryRows<{ public_id: string; participation_id: number }>(
    executor,
    sql`select public_id, participation_id from submissions where id = ${accrual.submissionId}`,
  );
  const refs = (await participationRefs(executor, [Number(row!.participation_id)])).get(Number(row!.participation_id))!;
  await enqueueEvent(executor, {
    type: "ACCRUAL",
    campaignId: refs.campaignRowId,
    data: {
      submissionId: row!.public_id,
      participationId: refs.participationId,
      campaignId: refs.campaignId,
      influencerId: refs.influencerId,
      currency: accrual.currency,
      accruedCents: accrual.accruedCents,
      fundedCents: accrual.fundedCents,
      blockedCents: accrual.blockedCents,
      totalAccruedCents: accrual.totalAccruedCents,
    },
  });
}

/** PAYOUT: one ledger transaction paid each influencer the amount in `perInfluencer` (user row id → cents). */
export async function paidOut(
  executor: Executor,
  payout: { campaign: CampaignRow; transactionId: string; perInfluencer: Map<number, number> },
): Promise<void> {
  const ids = [...payout.perInfluencer.keys()];
  if (ids.length === 0) return;
  const users = await queryRows<{ id: number; public_id: string }>(executor, sql`select id, public_id from users where id = any(${arrayParam(ids, "int")})`);
  const publicIdOf = new Map(users.map((user) => [Number(user.id), user.public_id]));
  await enqueueEvent(executor, {
    type: "PAYOUT",
    campaignId: payout.campaign.id,
    data: {
      campaignId: payout.campaign.publicId,
      transactionId: payout.transactionId,
      currency: payout.campaign.currency,
      paidCents: [...payout.perInfluencer.values()].reduce((a, b) => a + b, 0),
      influencers: ids.map((id) => ({ influencerId: publicIdOf.get(id), paidCents: payout.perInfluencer.get(id) })),
    },
  });
}

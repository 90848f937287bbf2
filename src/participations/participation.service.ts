// Participations: joining a campaign, listing participations, and their lifecycle (who sees one: participation.access.ts).
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Context } from "../context.js";
import type { Executor } from "../db/client.js";
import { isAdmin, requireAllowed, requireViewer } from "../auth/access.js";
import { Conflict, NotFound, PermissionDenied } from "../shared/errors.js";
import { loadByAnyId } from "../shared/loader.js";
import { newPublicId } from "../shared/ids.js";
import type { ParticipationStatus } from "../shared/enums.js";
import type { Page, PageRequest } from "../shared/connection.js";
import { getCampaign } from "../campaigns/campaign.access.js";
import { campaigns, campaignTasks, participations, participationStatus, submissions } from "../../schema/tables.js";
import type { ParticipationFilter, ParticipationRow } from "./participation.type.js";
import { getOwnedParticipation, getParticipation } from "./participation.access.js";
import { arrayParam } from "../db/array-param.js";
import { participationStatusChanged, submissionEvent } from "../webhooks/webhook.events.js";
import { taskStatusSql } from "./participation.task.js";

/** Statuses in which a participation is still going: it can take content, be approved, left or rejected. */
export const OPEN_STATUSES: ParticipationStatus[] = [
  "PARTICIPATION_STATUS_PENDING",
  "PARTICIPATION_STATUS_CONTENT_SUBMITTED",
  "PARTICIPATION_STATUS_APPROVED",
];

/**
 * Joins an active campaign. Joining twice returns the existing participation (the unique constraint makes
 * concurrent joins create exactly one); joining again after leaving or being rejected is CONFLICT.
 */
export async function joinCampaign(context: Context, campaignId: string): Promise<{ participation: ParticipationRow; created: boolean }> {
  const viewer = requireViewer(context); // an INFLUENCER, as the resolver declares
  const campaign = await getCampaign(context, campaignId, "campaignId");
  if (campaign.status === "CAMPAIGN_ACTIVE") {
    const [created] = await context.db
      .insert(participations)
      .values({
        publicId: newPublicId("participation"),
        campaignId: campaign.id,
        influencerId: viewer.id,
        // The brief it answers: the campaign's newest one now (docs/legacy-api.md, "The task model").
        briefId: sql`(select max(${campaignTasks.id}) from ${campaignTasks} where ${campaignTasks.campaignId} = ${campaign.id})`,
      })
      .onConflictDoNothing()
      .returning();
    if (created) return { participation: created, created: true };
  }
  const existing = await context.loaders.participations.ofViewerByCampaignId.clear(campaign.id).load(campaign.id);
  if (!existing) throw Conflict(`The campaign is ${campaign.status}: only active campaigns can be joined`);
  if (existing.status === "PARTICIPATION_STATUS_LEFT" || existing.status === "PARTICIPATION_STATUS_REJECTED") {
    throw Conflict(`You cannot join this campaign again: your participation is ${existing.status}`);
  }
  return { participation: existing, created: false };
}

/**
 * Moves a participation to `to` if its status is one of `from`; the conditional update makes concurrent
 * moves safe. Already being in `to` is a success (the same request twice changes nothing).
 */
export async function transitionParticipation(
  executor: Executor,
  participation: ParticipationRow,
  from: ParticipationStatus[],
  to: ParticipationStatus,
): Promise<ParticipationRow> {
  const [updated] = await executor
    .update(participations)
    .set({ status: to, updatedAt: new Date() })
    .where(and(eq(participations.id, participation.id), sql`${participations.status} = any(${arrayParam(from, participationStatus)})`))
    .returning();
  if (updated) {
    await participationStatusChanged(executor, updated, participation.status);
    return updated;
  }
  const [current] = await executor.select().from(participations).where(eq(participations.id, participation.id));
  if (current?.status === to) return current;
  throw Conflict(`A participation cannot go from ${current?.status} to ${to}`, { from: current?.status, to });
}

/** Owner: approves the participation's content, accepting every pending submission with it. */
export async function approveParticipation(context: Context, id: string): Promise<ParticipationRow> {
  const { participation } = await getOwnedParticipation(context, id);
  return context.db.transaction(async (tx) => {
    const approved = await transitionParticipation(
      tx,
      participation,
      ["PARTICIPATION_STATUS_CONTENT_SUBMITTED"],
      "PARTICIPATION_STATUS_APPROVED",
    );
    const accepted = await tx
      .update(submissions)
      .set({ status: "ACCEPTED", reviewedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(submissions.participationId, participation.id), eq(submissions.status, "PENDING")))
      .returning();
    for (const submission of accepted) await submissionEvent(tx, "SUBMISSION_REVIEWED", submission);
    return approved;
  });
}

export async function completeParticipation(context: Context, id: string): Promise<ParticipationRow> {
  const { participation } = await getOwnedParticipation(context, id);
  return context.db.transaction((tx) => transitionParticipation(tx, participation, ["PARTICIPATION_STATUS_APPROVED"], "PARTICIPATION_STATUS_COMPLETED"));
}

export async function rejectParticipation(context: Context, id: string): Promise<ParticipationRow> {
  const { participation } = await getOwnedParticipation(context, id);
  return context.db.transaction((tx) => transitionParticipation(tx, participation, OPEN_STATUSES, "PARTICIPATION_STATUS_REJECTED"));
}

export async function leaveParticipation(context: Context, id: string): Promise<ParticipationRow> {
  const { participation, access } = await getParticipation(context, id);
  requireAllowed(access, ["influencer"], "Only the participating influencer may leave");
  return context.db.transaction((tx) => transitionParticipation(tx, participation, OPEN_STATUSES, "PARTICIPATION_STATUS_LEFT"));
}

/** influencer: its own; brand: those in its campaigns; admin: all. Newest first. */
export async function listParticipations(
  context: Context,
  filter: ParticipationFilter | null | undefined,
  page: PageRequest,
): Promise<Page<ParticipationRow>> {
  const viewer = requireViewer(context);
  const conditions: (SQL | undefined)[] = [];
  if (viewer.role === "INFLUENCER") conditions.push(eq(participations.influencerId, viewer.id));
  if (viewer.role === "BRAND") conditions.push(eq(campaigns.ownerId, viewer.id));
  if (filter?.statuses?.length) {
    conditions.push(sql`${participations.status} = any(${arrayParam(filter.statuses, participationStatus)})`);
  }
  if (filter?.campaignId) {
    const campaign = await getCampaign(context, filter.campaignId, "filter.campaignId");
    conditions.push(eq(participations.campaignId, campaign.id));
  }
  if (filter?.taskStatuses?.length) {
    conditions.push(sql`${taskStatusSql("participations")} = any(${arrayParam(filter.taskStatuses, "text")})`);
  }
  if (filter?.advertiserId) {
    // A brand names only itself (someone else's is PERMISSION_DENIED, whether or not that user exists).
    const advertiser = await loadByAnyId(context.loaders.users, filter.advertiserId, "user", "filter.advertiserId");
    if (!isAdmin(viewer) && advertiser?.id !== viewer.id) throw PermissionDenied("You may only list the tasks of your own campaigns");
    if (!advertiser) throw NotFound("User", filter.advertiserId);
    conditions.push(eq(campaigns.ownerId, advertiser.id));
  }
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    context.db
      .select({ participation: participations })
      .from(participations)
      .innerJoin(campaigns, eq(campaigns.id, participations.campaignId))
      .where(and(where, page.afterId === null ? undefined : sql`${participations.id} < ${page.afterId}`))
      .orderBy(desc(participations.id))
      .limit(page.first + 1),
    context.db
      .select({ total: sql<number>`count(*)::int` })
      .from(participations)
      .innerJoin(campaigns, eq(campaigns.id, participations.campaignId))
      .where(where),
  ]);
  const nodes = rows.slice(0, page.first).map((row) => row.participation);
  for (const node of nodes) context.loaders.participations.byId.prime(node.id, node);
  return { nodes, hasNextPage: rows.length > page.first, totalCount: count?.total ?? 0 };
}


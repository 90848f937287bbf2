// Campaigns: creating, editing and listing them, their lifecycle, and their briefs (tasks). Who sees and
// changes one: campaign.access.ts.
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Context, Viewer } from "../context.js";
import { requireViewer, requireVisibleRow } from "../auth/access.js";
import { Conflict, ValidationFailed } from "../shared/errors.js";
import { newPublicId } from "../shared/ids.js";
import { loadByAnyId } from "../shared/loader.js";
import { normalizeTags } from "../shared/tags.js";
import type { CampaignStatus } from "../shared/enums.js";
import { type Page, type PageRequest } from "../shared/connection.js";
import { campaigns, campaignStatus, campaignTasks, ledgerTransactions, participations } from "../../schema/tables.js";
import type { CampaignFilter, CreateCampaignInput, CreateCampaignTaskInput, UpdateCampaignInput } from "./campaign.input.js";
import type { CampaignRow, CampaignTaskRow } from "./campaign.type.js";
import { campaignAccess, getOwnedCampaign } from "./campaign.access.js";
import { rateCardChangeError } from "./rate-card.js";
import { lockCampaign } from "../ledger/ledger.service.js";
import { campaignStatusChanged } from "../webhooks/webhook.events.js";
import { arrayParam } from "../db/array-param.js";
import type { Executor } from "../db/client.js";

const FINAL_STATUSES: CampaignStatus[] = ["CAMPAIGN_COMPLETED", "CAMPAIGN_CANCELLED"];

/** Allowed lifecycle moves (docs/decisions.md, "Lifecycles"); CANCELLED is reachable from every non-final status. */
const TRANSITIONS: Record<CampaignStatus, CampaignStatus[]> = {
  CAMPAIGN_DRAFT: ["CAMPAIGN_PENDING", "CAMPAIGN_ACTIVE", "CAMPAIGN_CANCELLED"],
  CAMPAIGN_PENDING: ["CAMPAIGN_ACTIVE", "CAMPAIGN_CANCELLED"],
  CAMPAIGN_ACTIVE: ["CAMPAIGN_PAUSED", "CAMPAIGN_COMPLETED", "CAMPAIGN_CANCELLED"],
  CAMPAIGN_PAUSED: ["CAMPAIGN_ACTIVE", "CAMPAIGN_COMPLETED", "CAMPAIGN_CANCELLED"],
  CAMPAIGN_COMPLETED: [],
  CAMPAIGN_CANCELLED: [],
};

type CampaignValues = Partial<typeof campaigns.$inferInsert>;

/** Checks and normalizes the given fields; `existing` supplies the rest for cross-field rules. */
function campaignValues(input: UpdateCampaignInput, existing?: CampaignRow): CampaignValues {
  const errors: Record<string, string> = {};
  const values: CampaignValues = {};
  const text = (field: keyof UpdateCampaignInput & keyof CampaignValues, max: number, required = false) => {
    const raw = input[field] as string | null | undefined;
    if (raw === undefined) return;
    if (raw === null || raw.trim() === "") {
      if (required) errors[field] = "is required";
      else (values as Record<string, unknown>)[field] = null;
      return;
    }
    if (raw.length > max) errors[field] = `at most ${max} characters`;
    (values as Record<string, unknown>)[field] = raw.trim();
  };
  text("title", 200, true);
  text("tagline", 300);
  text("description", 10_000);
  text("objectiveType", 100);
  text("category", 100);
  for (const field of ["imageLogo", "imagePost", "attachment"] as const) {
    text(field, 2048);
    const url = values[field];
    if (typeof url === "string" && !/^https?:\/\/\S+$/.test(url)) errors[field] = "must be an http(s) URL";
  }
  if (input.currency !== undefined) {
    if (input.currency === null) errors.currency = "is required";
    else values.currency = input.currency.toUpperCase();
  }
  if (input.targetBudgetCents !== undefined) {
    if (input.targetBudgetCents !== null && input.targetBudgetCents < 0) errors.targetBudgetCents = "must not be negative";
    values.targetBudgetCents = input.targetBudgetCents;
  }
  if (input.startDate !== undefined) values.startDate = input.startDate;
  if (input.endDate !== undefined) values.endDate = input.endDate;
  const start = values.startDate !== undefined ? values.startDate : existing?.startDate;
  const end = values.endDate !== undefined ? values.endDate : existing?.endDate;
  if (start && end && start >= end) errors.endDate = "must be after startDate";
  if (input.requiredHashtags != null) values.requiredHashtags = normalizeTags(input.requiredHashtags, "#", "requiredHashtags", errors);
  if (input.requiredMentions != null) values.requiredMentions = normalizeTags(input.requiredMentions, "@", "requiredMentions", errors);
  if (input.allowedPlatforms != null) values.allowedPlatforms = [...new Set(input.allowedPlatforms)];
  if (input.allowedContentTypes != null) values.allowedContentTypes = [...new Set(input.allowedContentTypes)];
  if (input.submissionLimit != null) {
    if (input.submissionLimit < 1 || input.submissionLimit > 100) errors.submissionLimit = "must be 1 to 100";
    values.submissionLimit = input.submissionLimit;
  }
  if (input.rateCard) {
    const { flatCents, cpmCents, bonuses } = input.rateCard;
    if (flatCents != null) {
      if (flatCents < 0) errors["rateCard.flatCents"] = "must not be negative";
      values.rateFlatCents = flatCents;
    }
    if (cpmCents != null) {
      if (cpmCents < 0) errors["rateCard.cpmCents"] = "must not be negative";
      values.rateCpmCents = cpmCents;
    }
    if (bonuses != null) values.rateBonuses = bonuses;
  }
  if (Object.keys(errors).length) throw ValidationFailed("The campaign details are not valid", errors);
  return values;
}

/** BRAND or ADMIN only, as the resolver declares. */
export async function createCampaign(context: Context, input: CreateCampaignInput): Promise<CampaignRow> {
  const viewer = requireViewer(context);
  const values = campaignValues(input);
  const [campaign] = await context.db
    .insert(campaigns)
    .values({ ...values, title: values.title!, currency: values.currency!, publicId: newPublicId("campaign"), ownerId: viewer.id })
    .returning();
  return campaign!;
}

export async function updateCampaign(context: Context, id: string, input: UpdateCampaignInput): Promise<CampaignRow> {
  const campaign = await getOwnedCampaign(context, id);
  if (FINAL_STATUSES.includes(campaign.status)) throw Conflict(`A ${campaign.status} campaign can no longer be changed`);
  const values = campaignValues(input, campaign);
  // Under the escrow lock every money movement and status change takes (lockCampaign): a funding cannot land
  // between the "no money moved" check and a currency change (its escrow would be left in the old currency),
  // nor an activation or completion between the rate card check and the write.
  return context.db.transaction(async (tx) => {
    await lockCampaign(tx, campaign);
    const current = (await tx.select().from(campaigns).where(eq(campaigns.id, campaign.id)))[0]!;
    if (FINAL_STATUSES.includes(current.status)) throw Conflict(`A ${current.status} campaign can no longer be changed`);
    // The rate card's own rule (rate-card.ts): in a running campaign the post rate and CPM may only rise.
    const rateRefusal = rateCardChangeError(current.status, current, values);
    if (rateRefusal) throw Conflict(rateRefusal, { status: current.status });
    if (values.currency && values.currency !== current.currency) {
      // The ledger keeps every amount in the campaign's currency: once money moved, it is fixed.
      const [moved] = await tx.select({ id: ledgerTransactions.id }).from(ledgerTransactions).where(eq(ledgerTransactions.campaignId, campaign.id)).limit(1);
      if (moved) throw Conflict("The currency cannot change once the campaign has been funded", { currency: current.currency });
    }
    const [updated] = await tx
      .update(campaigns)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(campaigns.id, campaign.id))
      .returning();
    return updated!;
  });
}

/**
 * Work a downstream module does when a campaign completes, inside the completing transaction and under its
 * escrow lock (src/wallets/bonus.service.ts registers the promo bonus awards). Registered by that module when
 * it loads (the GraphQL schema loads it); a module cannot be imported from here (docs/architecture.md).
 */
export type CompletionHook = (tx: Executor, campaign: CampaignRow) => Promise<void>;
const completionHooks = new Set<CompletionHook>();
export function onCampaignCompleted(hook: CompletionHook): void {
  completionHooks.add(hook);
}

/**
 * Moves a campaign along its lifecycle. The change takes the campaign's escrow lock, the lock every money
 * movement takes first (lockCampaign), and checks the transition against the status read under it: a
 * funding, accrual or refund on the campaign commits entirely before the change or sees the new status.
 */
export async function setCampaignStatus(context: Context, id: string, status: CampaignStatus): Promise<CampaignRow> {
  const campaign = await getOwnedCampaign(context, id);
  if (campaign.status === status) return campaign;
  const refuse = (from: CampaignStatus) => Conflict(`A campaign cannot go from ${from} to ${status}`, { from, to: status });
  if (!TRANSITIONS[campaign.status].includes(status)) throw refuse(campaign.status);
  return context.db.transaction(async (tx) => {
    const { status: current } = await lockCampaign(tx, campaign);
    if (current === status) return (await tx.select().from(campaigns).where(eq(campaigns.id, campaign.id)))[0]!;
    if (!TRANSITIONS[current].includes(status)) throw refuse(current);
    const now = new Date();
    const [updated] = await tx
      .update(campaigns)
      .set({ status, updatedAt: now, ...(status === "CAMPAIGN_COMPLETED" ? { completedAt: now } : {}) })
      .where(eq(campaigns.id, campaign.id))
      .returning();
    if (status === "CAMPAIGN_COMPLETED") for (const hook of completionHooks) await hook(tx, updated!);
    await campaignStatusChanged(tx, updated!, current);
    return updated!;
  });
}

/**
 * brand: its own; influencer: active ones it may join (with `joined`, the ones it joined, whatever their
 * status); admin: all. Newest first, with the total count. `scope` lists another user's view (the back office,
 * campaign-back-office.ts) or one owner's campaigns; the caller has checked it may.
 */
export async function listCampaigns(
  context: Context,
  filter: CampaignFilter | null | undefined,
  page: PageRequest,
  scope: { subject?: Pick<Viewer, "id" | "role">; ownerId?: number } = {},
): Promise<Page<CampaignRow>> {
  const viewer = scope.subject ?? requireViewer(context);
  const joinedBy = sql`exists (select 1 from ${participations} where ${participations.campaignId} = ${campaigns.id} and ${participations.influencerId} = ${viewer.id})`;
  const conditions: (SQL | undefined)[] = [];
  if (viewer.role === "BRAND") conditions.push(eq(campaigns.ownerId, viewer.id));
  if (viewer.role === "INFLUENCER") conditions.push(filter?.joined ? joinedBy : eq(campaigns.status, "CAMPAIGN_ACTIVE"));
  if (filter?.joined === false) conditions.push(sql`not ${joinedBy}`);
  if (scope.ownerId !== undefined) conditions.push(eq(campaigns.ownerId, scope.ownerId));
  if (filter?.statuses?.length) conditions.push(sql`${campaigns.status} = any(${arrayParam(filter.statuses, campaignStatus)})`);
  if (filter?.platform) {
    conditions.push(sql`(cardinality(${campaigns.allowedPlatforms}) = 0 or ${filter.platform}::platform = any(${campaigns.allowedPlatforms}))`);
  }
  if (filter?.category) conditions.push(sql`lower(${campaigns.category}) = lower(${filter.category})`);
  if (filter?.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(${campaigns.title} ilike ${pattern} or ${campaigns.tagline} ilike ${pattern})`);
  }
  const where = and(...conditions);
  const rows = await context.db
    .select({ campaign: campaigns, total: sql<number>`(count(*) over ())::int` })
    .from(campaigns)
    .where(and(where, page.afterId === null ? undefined : sql`${campaigns.id} < ${page.afterId}`))
    .orderBy(desc(campaigns.id))
    .limit(page.first + 1);
  // With a cursor the window count only covers rows after it, so count the whole list separately then.
  const totalCount =
    page.afterId === null
      ? (rows[0]?.total ?? 0)
      : ((await context.db.select({ total: sql<number>`count(*)::int` }).from(campaigns).where(where))[0]?.total ?? 0);
  const nodes = rows.slice(0, page.first).map((row) => row.campaign);
  for (const node of nodes) {
    context.loaders.campaigns.byId.prime(node.id, node);
    context.loaders.campaigns.byPublicId.prime(node.publicId, node);
  }
  return { nodes, hasNextPage: rows.length > page.first, totalCount };
}

export async function createCampaignTask(context: Context, input: CreateCampaignTaskInput): Promise<CampaignTaskRow> {
  const campaign = await getOwnedCampaign(context, input.campaignId, "campaignId");
  if (FINAL_STATUSES.includes(campaign.status)) throw Conflict(`A ${campaign.status} campaign can no longer be changed`);
  const errors: Record<string, string> = {};
  if (!input.title.trim() || input.title.length > 200) errors.title = "must be 1 to 200 characters";
  if (input.paymentCents != null && input.paymentCents < 0) errors.paymentCents = "must not be negative";
  if (Object.keys(errors).length) throw ValidationFailed("The task details are not valid", errors);
  const [task] = await context.db
    .insert(campaignTasks)
    .values({
      publicId: newPublicId("task"),
      campaignId: campaign.id,
      title: input.title.trim(),
      description: input.description ?? null,
      requirements: input.requirements ?? null,
      deadline: input.deadline ?? null,
      paymentCents: input.paymentCents ?? null,
    })
    .returning();
  return task!;
}

export async function getCampaignTask(context: Context, publicId: string, field = "id"): Promise<CampaignTaskRow> {
  const task = await loadByAnyId(context.loaders.campaigns.tasks, publicId, "task", field);
  const campaign = task && (await context.loaders.campaigns.byId.load(task.campaignId));
  requireVisibleRow(task, campaign ? await campaignAccess(context, campaign) : "none", "Task", publicId);
  return task!;
}


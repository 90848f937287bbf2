// Wallets: funding a campaign's escrow, paying influencers out, refunding what is left, and reading balances
// and entries. Every movement is idempotent by the client's key and runs with the campaign locked
// (src/ledger/ledger.service.ts); the campaign's status is read under that lock.
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Context } from "../context.js";
import { requireViewer } from "../auth/access.js";
import { Conflict, NotFound, ValidationFailed } from "../shared/errors.js";
import { isPublicId } from "../shared/ids.js";
import type { Page, PageRequest } from "../shared/connection.js";
import { canManageCampaign, getCampaign, getOwnedCampaign } from "../campaigns/campaign.access.js";
import type { CampaignRow } from "../campaigns/campaign.type.js";
import { ledgerAccounts, ledgerEntries, ledgerTransactions, participations, submissionEarnings, submissions } from "../../schema/tables.js";
import { idempotentMovement, influencerAccounts, lockCampaign, postEntries, type LedgerTransactionRow } from "../ledger/ledger.service.js";
import { releaseBlocked } from "./accrual.service.js";
import { enforceCreditLimit } from "./credit-limit.js";
import { fullyPaidCentsSql, payableCentsSql } from "./money.js";
import { ENDED_CAMPAIGN_STATUSES } from "../participations/participation.tracking.js";
import type { FundCampaignInput, PayOutInput, RefundCampaignInput } from "./wallet.input.js";
import type { LedgerEntryRow, LedgerTransactionKind } from "./wallet.type.js";
import type { Executor } from "../db/client.js";
import { arrayParam } from "../db/array-param.js";
import { paidOut } from "../webhooks/webhook.events.js";

const MAX_KEY_LENGTH = 200;

function checkIdempotencyKey(key: string): string {
  if (key.length < 1 || key.length > MAX_KEY_LENGTH || /[\u0000-\u001f]/.test(key)) {
    throw ValidationFailed("idempotencyKey must be 1 to 200 printable characters", { idempotencyKey: `1..${MAX_KEY_LENGTH} printable characters` });
  }
  return key;
}

export interface FundResult {
  amountCents: number;
  releasedCents: number;
  escrowBalanceCents: number;
}

/** What a movement answers: its result, the ledger transaction, and the campaign as it is afterwards. */
export type CampaignMovement<R> = R & { campaign: CampaignRow; transaction: LedgerTransactionRow };

/**
 * Runs one client-requested movement on a campaign the viewer owns (or administers): idempotent by the
 * viewer's key (src/ledger/ledger.service.ts), answering the campaign as it is afterwards.
 */
async function campaignMovement<R extends object>(
  context: Context,
  campaign: CampaignRow,
  movement: { idempotencyKey: string; kind: LedgerTransactionKind; request: Record<string, unknown> },
  body: (tx: Executor, transaction: LedgerTransactionRow) => Promise<R>,
): Promise<CampaignMovement<R>> {
  const viewer = requireViewer(context);
  const outcome = await idempotentMovement<R>(
    context.db,
    { clientKey: checkIdempotencyKey(movement.idempotencyKey), kind: movement.kind, campaignId: campaign.id, createdById: viewer.id, request: movement.request },
    body,
  );
  return { ...outcome.result, campaign: await freshCampaign(context, campaign), transaction: outcome.transaction };
}

/**
 * Owner (or admin): EXTERNAL → CAMPAIGN_ESCROW, then releases the campaign's blocked accruals oldest first
 * as far as the escrow covers, all in one ledger transaction. A CANCELLED campaign takes no money: the
 * status is read under the escrow lock, which cancelling also takes, so a funding either commits before the
 * cancellation or is refused after it. A COMPLETED campaign may be funded (to release its blocked accruals).
 * A brand with a credit limit may not hold more escrow than it (CONFLICT; credit-limit.ts).
 */
export async function fundCampaign(context: Context, input: FundCampaignInput): Promise<CampaignMovement<FundResult>> {
  const campaign = await getOwnedCampaign(context, input.campaignId, "campaignId");
  const errors: Record<string, string> = {};
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) errors.amountCents = "must be a positive number of cents";
  if (Object.keys(errors).length) throw ValidationFailed("The funding request is not valid", errors);
  const amountCents = input.amountCents;

  return campaignMovement<FundResult>(
    context,
    campaign,
    { idempotencyKey: input.idempotencyKey, kind: "FUND", request: { amountCents } },
    async (tx, transaction) => {
      const lock = await lockCampaign(tx, campaign);
      if (lock.status === "CAMPAIGN_CANCELLED") throw Conflict("A cancelled campaign cannot be funded", { status: lock.status });
      const available = lock.escrow.balanceCents + amountCents;
      const release = await releaseBlocked(tx, lock, available);
      // What stays in escrow counts against the brand's credit limit (credit-limit.ts); a refusal rolls back the releases too.
      await enforceCreditLimit(tx, campaign.ownerId, campaign.id, amountCents - release.releasedCents);
      await postEntries(tx, transaction.id, [
        { accountId: lock.external.id, amountCents: -amountCents },
        { accountId: lock.escrow.id, amountCents },
        ...release.postings,
      ]);
      return { amountCents, releasedCents: release.releasedCents, escrowBalanceCents: available - release.releasedCents };
    },
  );
}

export interface PayOutResult {
  paidCents: number;
  influencerCount: number;
}

/**
 * Owner (or admin): pays out the payable (accrued, funded, not yet paid) earnings of the campaign, or of
 * one influencer in it: INFLUENCER_PAYABLE → PAID_OUT, and paid_cents of each submission catches up. Paying
 * when nothing is payable is a success that moves nothing (the key is still used up).
 */
export async function payOut(context: Context, input: PayOutInput): Promise<CampaignMovement<PayOutResult>> {
  const campaign = await getOwnedCampaign(context, input.campaignId, "campaignId");
  let influencerId: number | null = null;
  if (input.influencerId != null) {
    if (!isPublicId(input.influencerId, "user")) throw ValidationFailed("influencerId is not a user id", { influencerId: "malformed user id" });
    const user = await context.loaders.users.byPublicId.load(input.influencerId);
    const [participation] = user
      ? await context.db
          .select({ id: participations.id })
          .from(participations)
          .where(and(eq(participations.campaignId, campaign.id), eq(participations.influencerId, user.id)))
      : [];
    if (!user || !participation) throw NotFound("Influencer in this campaign", input.influencerId);
    influencerId = user.id;
  }

  return campaignMovement<PayOutResult>(
    context,
    campaign,
    { idempotencyKey: input.idempotencyKey, kind: "PAYOUT", request: { influencerId } },
    async (tx, transaction) => {
      const lock = await lockCampaign(tx, campaign);
      const payable = sql<number>`${payableCentsSql("submission_earnings")}`;
      const rows = await tx
        .select({ submissionId: submissionEarnings.submissionId, influencerId: participations.influencerId, payableCents: payable.mapWith(Number) })
        .from(submissionEarnings)
        .innerJoin(submissions, eq(submissions.id, submissionEarnings.submissionId))
        .innerJoin(participations, eq(participations.id, submissions.participationId))
        .where(
          and(
            eq(participations.campaignId, campaign.id),
            influencerId === null ? undefined : eq(participations.influencerId, influencerId),
            sql`${payable} > 0`,
          ),
        )
        .orderBy(submissionEarnings.submissionId)
        .for("update", { of: submissionEarnings });
      if (rows.length === 0) return { paidCents: 0, influencerCount: 0 };

      await tx
        .update(submissionEarnings)
        .set({ paidCents: fullyPaidCentsSql("submission_earnings"), updatedAt: new Date() })
        .where(sql`${submissionEarnings.submissionId} = any(${arrayParam(rows.map((row) => row.submissionId), "int")})`);
      const perInfluencer = new Map<number, number>();
      for (const row of rows) perInfluencer.set(row.influencerId, (perInfluencer.get(row.influencerId) ?? 0) + row.payableCents);
      const influencers = [...perInfluencer.keys()];
      const payableAccounts = await influencerAccounts(tx, lock.campaign, "INFLUENCER_PAYABLE", influencers);
      const paidOutAccounts = await influencerAccounts(tx, lock.campaign, "PAID_OUT", influencers);
      await postEntries(
        tx,
        transaction.id,
        [...perInfluencer].flatMap(([id, amount]) => [
          { accountId: payableAccounts.get(id)!.id, amountCents: -amount },
          { accountId: paidOutAccounts.get(id)!.id, amountCents: amount },
        ]),
      );
      await paidOut(tx, { campaign, transactionId: transaction.publicId, perInfluencer });
      return { paidCents: [...perInfluencer.values()].reduce((a, b) => a + b, 0), influencerCount: influencers.length };
    },
  );
}

export interface RefundResult {
  refundedCents: number;
  escrowBalanceCents: number;
}

/**
 * Owner (or admin) of a COMPLETED or CANCELLED campaign (CONFLICT otherwise, read under the escrow lock):
 * returns the whole unspent escrow to the brand, CAMPAIGN_ESCROW → EXTERNAL. Nothing accrues in such a
 * campaign any more, and blocked accruals are never in escrow (anything blocked means escrow is 0), so the
 * refund never takes money that is owed. An empty escrow refunds 0 and still uses up the key.
 */
export async function refundCampaign(context: Context, input: RefundCampaignInput): Promise<CampaignMovement<RefundResult>> {
  const campaign = await getOwnedCampaign(context, input.campaignId, "campaignId");
  return campaignMovement<RefundResult>(
    context,
    campaign,
    { idempotencyKey: input.idempotencyKey, kind: "REFUND", request: {} },
    async (tx, transaction) => {
      const lock = await lockCampaign(tx, campaign);
      if (!ENDED_CAMPAIGN_STATUSES.includes(lock.status)) {
        throw Conflict(`Only a completed or cancelled campaign can be refunded; this one is ${lock.status}`, { status: lock.status });
      }
      const refundedCents = lock.escrow.balanceCents;
      await postEntries(tx, transaction.id, [
        { accountId: lock.escrow.id, amountCents: -refundedCents },
        { accountId: lock.external.id, amountCents: refundedCents },
      ]);
      return { refundedCents, escrowBalanceCents: lock.escrow.balanceCents - refundedCents };
    },
  );
}

/** The campaign as it is now (the payload's `campaign`), primed for nested fields. */
async function freshCampaign(context: Context, campaign: CampaignRow): Promise<CampaignRow> {
  context.loaders.campaigns.byId.clear(campaign.id);
  context.loaders.wallets.byCampaignId.clear(campaign.id);
  return (await context.loaders.campaigns.byId.load(campaign.id)) ?? campaign;
}

/**
 * A campaign's ledger entries, newest first. The owner and admins see every entry of the campaign's
 * accounts; an influencer who can see the campaign sees the entries of its own accounts only.
 */
export async function listLedgerEntries(context: Context, campaignId: string, page: PageRequest): Promise<Page<LedgerEntryRow>> {
  const campaign = await getCampaign(context, campaignId, "campaignId");
  const viewer = requireViewer(context);
  const where: SQL | undefined = and(
    eq(ledgerAccounts.campaignId, campaign.id),
    canManageCampaign(viewer, campaign) ? undefined : eq(ledgerAccounts.userId, viewer.id),
  );
  const rows = await context.db
    .select({
      id: ledgerEntries.id,
      amountCents: ledgerEntries.amountCents,
      createdAt: ledgerEntries.createdAt,
      accountKind: ledgerAccounts.kind,
      currency: ledgerAccounts.currency,
      userId: ledgerAccounts.userId,
      campaignId: ledgerAccounts.campaignId,
      transactionId: ledgerTransactions.id,
      transactionPublicId: ledgerTransactions.publicId,
      transactionKind: ledgerTransactions.kind,
      transactionCreatedAt: ledgerTransactions.createdAt,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .where(and(where, page.afterId === null ? undefined : sql`${ledgerEntries.id} < ${page.afterId}`))
    .orderBy(desc(ledgerEntries.id))
    .limit(page.first + 1);
  const [count] = await context.db
    .select({ total: sql<number>`count(*)::int` })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(where);
  return {
    nodes: rows.slice(0, page.first).map((row) => ({
      id: row.id,
      amountCents: row.amountCents,
      createdAt: row.createdAt,
      accountKind: row.accountKind,
      currency: row.currency,
      userId: row.userId,
      transaction: {
        id: row.transactionId,
        publicId: row.transactionPublicId,
        kind: row.transactionKind,
        campaignId: row.campaignId,
        createdAt: row.transactionCreatedAt,
      },
    })),
    hasNextPage: rows.length > page.first,
    totalCount: count?.total ?? 0,
  };
}

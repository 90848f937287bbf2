// The double-entry ledger: accounts, the campaign lock every money movement starts with, posting balanced
// entries, and idempotent movements. Rules (docs/money.md):
// - every account belongs to one campaign (EXTERNAL too: the outside world as seen by that campaign), so a
//   campaign's money never shares a row with another campaign's and no global row becomes a hot spot;
// - every movement on a campaign first locks that campaign's CAMPAIGN_ESCROW row (FOR UPDATE), then the
//   submission_earnings rows it touches, then any other account: one fixed order, so no deadlocks, and
//   movements on one campaign run one after another while different campaigns run in parallel;
// - amounts are computed from the locked balances, and the CHECK on ledger_accounts backs that up;
// - campaign status changes take the same lock, so a movement reads the status it acts on under the lock.
import { createHash } from "node:crypto";
import { and, eq, or, sql } from "drizzle-orm";
import type { Db, Executor } from "../db/client.js";
import { postgresErrorCode, UNIQUE_VIOLATION } from "../db/client.js";
import { Conflict } from "../shared/errors.js";
import { newPublicId } from "../shared/ids.js";
import type { CampaignStatus } from "../shared/enums.js";
import { campaigns, ledgerAccounts, ledgerEntries, ledgerTransactions } from "../../schema/tables.js";
import type { LedgerTransactionKind } from "../wallets/wallet.type.js";
import { arrayParam } from "../db/array-param.js";

export type LedgerAccountRow = typeof ledgerAccounts.$inferSelect;
export type LedgerTransactionRow = typeof ledgerTransactions.$inferSelect;
export type LedgerAccountKindValue = LedgerAccountRow["kind"];

export interface CampaignMoney {
  id: number;
  currency: string;
}

/** The locked escrow account of a campaign, its EXTERNAL counterpart, and the campaign's status under the lock. */
export interface CampaignLock {
  campaign: CampaignMoney;
  /** Read after the lock was taken: no status change can commit until this transaction ends. */
  status: CampaignStatus;
  escrow: LedgerAccountRow;
  external: LedgerAccountRow;
}

/** Creates the accounts that do not exist yet (a no-op for the others). */
async function ensureAccounts(
  tx: Executor,
  campaign: CampaignMoney,
  accounts: { kind: LedgerAccountKindValue; userId: number | null }[],
): Promise<void> {
  if (accounts.length === 0) return;
  await tx
    .insert(ledgerAccounts)
    .values(accounts.map((account) => ({ ...account, campaignId: campaign.id, currency: campaign.currency })))
    .onConflictDoNothing();
}

/**
 * Locks the campaign's escrow account: the first step of every money movement and status change on the
 * campaign. Creates the campaign's EXTERNAL and CAMPAIGN_ESCROW accounts on first use. Returns the status read
 * under the lock; a currency changed since the caller read the campaign is CONFLICT (amounts would land in
 * the wrong accounts).
 */
export async function lockCampaign(tx: Executor, campaign: CampaignMoney): Promise<CampaignLock> {
  await ensureAccounts(tx, campaign, [
    { kind: "CAMPAIGN_ESCROW", userId: null },
    { kind: "EXTERNAL", userId: null },
  ]);
  const [escrow] = await tx
    .select()
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.kind, "CAMPAIGN_ESCROW"),
        eq(ledgerAccounts.campaignId, campaign.id),
        eq(ledgerAccounts.currency, campaign.currency),
      ),
    )
    .for("update");
  // A statement of its own after the lock, so that it sees every status change committed before the lock.
  const [external] = await tx
    .select({ account: ledgerAccounts, status: campaigns.status, currency: campaigns.currency })
    .from(ledgerAccounts)
    .innerJoin(campaigns, eq(campaigns.id, ledgerAccounts.campaignId))
    .where(
      and(eq(ledgerAccounts.kind, "EXTERNAL"), eq(ledgerAccounts.campaignId, campaign.id), eq(ledgerAccounts.currency, campaign.currency)),
    );
  if (external!.currency !== campaign.currency) throw Conflict("The campaign changed meanwhile; read it again and retry");
  return { campaign, status: external!.status, escrow: escrow!, external: external!.account };
}

/** The influencer's accounts of one kind in the campaign, created when missing. Call with the campaign locked. */
export async function influencerAccounts(
  tx: Executor,
  campaign: CampaignMoney,
  kind: "INFLUENCER_PAYABLE" | "PAID_OUT",
  influencerIds: number[],
): Promise<Map<number, LedgerAccountRow>> {
  const ids = [...new Set(influencerIds)];
  if (ids.length === 0) return new Map();
  await ensureAccounts(
    tx,
    campaign,
    ids.map((userId) => ({ kind, userId })),
  );
  const rows = await tx
    .select()
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.kind, kind),
        eq(ledgerAccounts.campaignId, campaign.id),
        eq(ledgerAccounts.currency, campaign.currency),
        sql`${ledgerAccounts.userId} = any(${arrayParam(ids, "int")})`,
      ),
    )
    .orderBy(ledgerAccounts.id)
    .for("update");
  return new Map(rows.map((row) => [row.userId!, row]));
}

export interface Posting {
  accountId: number;
  amountCents: number;
}

/**
 * Writes the entries of one transaction and moves the balances. Each leg stays its own entry (a funding
 * shows EXTERNAL → escrow and then escrow → payable for what it released); zero legs are dropped; the legs
 * must sum to zero. A balance the CHECK refuses (below zero) aborts the whole transaction: callers compute
 * amounts from locked balances, so that only happens on a bug.
 */
export async function postEntries(tx: Executor, transactionId: number, postings: Posting[]): Promise<void> {
  const lines = postings.filter((posting) => posting.amountCents !== 0);
  const byAccount = new Map<number, number>();
  for (const { accountId, amountCents } of lines) {
    if (!Number.isSafeInteger(amountCents)) throw new Error(`ledger amount ${amountCents} is not a safe integer`);
    byAccount.set(accountId, (byAccount.get(accountId) ?? 0) + amountCents);
  }
  const sum = [...byAccount.values()].reduce((total, amount) => total + amount, 0);
  if (sum !== 0) throw new Error(`ledger transaction ${transactionId} does not balance (sum ${sum})`);
  if (lines.length === 0) return;
  await tx.insert(ledgerEntries).values(lines.map(({ accountId, amountCents }) => ({ transactionId, accountId, amountCents })));
  const moves = [...byAccount].filter(([, amount]) => amount !== 0).sort(([a], [b]) => a - b);
  if (moves.length === 0) return;
  await tx.execute(sql`
    update ledger_accounts a set balance_cents = a.balance_cents + d.amount
    from unnest(${arrayParam(moves.map(([id]) => id), "int")}, ${arrayParam(moves.map(([, amount]) => String(amount)), "bigint")}) as d(id, amount)
    where a.id = d.id`);
}

/** Records a movement's header; the key must be new (internal keys are derived from locked state). */
export async function insertTransaction(
  tx: Executor,
  values: { idempotencyKey: string; requestHash: string; kind: LedgerTransactionKind; campaignId: number; createdById: number | null },
): Promise<LedgerTransactionRow> {
  const [row] = await tx
    .insert(ledgerTransactions)
    .values({ ...values, publicId: newPublicId("txn") })
    .returning();
  return row!;
}

export function requestHash(request: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.keys(request).sort().map((key) => [key, request[key]]));
  return createHash("sha256").update(canonical).digest("hex");
}

export interface MovementRequest {
  /**
   * The client's key, scoped to the account that sends it: stored as `client:<createdById>:<key>`, so it
   * never collides with internal keys nor with another account's keys (whose use it therefore cannot reveal).
   */
  clientKey: string;
  kind: LedgerTransactionKind;
  campaignId: number;
  createdById: number;
  /** Everything that identifies the request: a different request under the same key is CONFLICT. */
  request: Record<string, unknown>;
}

export interface MovementOutcome<R> {
  transaction: LedgerTransactionRow;
  result: R;
  replayed: boolean;
}

const scopedKey = (movement: MovementRequest) => `client:${movement.createdById}:${movement.clientKey}`;

/**
 * The movement this account already made under its key. Keys stored before they were scoped (`req:<key>`)
 * still answer their replays, but only to the account that made them.
 */
async function findByKey(executor: Executor, movement: MovementRequest): Promise<LedgerTransactionRow | undefined> {
  const [row] = await executor
    .select()
    .from(ledgerTransactions)
    .where(
      or(
        eq(ledgerTransactions.idempotencyKey, scopedKey(movement)),
        and(eq(ledgerTransactions.idempotencyKey, `req:${movement.clientKey}`), eq(ledgerTransactions.createdById, movement.createdById)),
      ),
    )
    .limit(1);
  return row;
}

function replay<R>(existing: LedgerTransactionRow, movement: MovementRequest, hash: string): MovementOutcome<R> {
  if (existing.requestHash !== hash) {
    throw Conflict("This idempotency key was already used for a different request", { idempotencyKey: movement.clientKey });
  }
  return { transaction: existing, result: existing.result as R, replayed: true };
}

/**
 * Runs a client-requested movement exactly once per account and idempotency key. The header is inserted
 * first, so a concurrent request with the same key waits on the unique index until the first commits,
 * then fails with a unique violation and answers the first result (or CONFLICT for a different request).
 * `body` runs in the same transaction and returns the result kept for replays.
 */
export async function idempotentMovement<R extends object>(
  db: Db,
  movement: MovementRequest,
  body: (tx: Executor, transaction: LedgerTransactionRow) => Promise<R>,
): Promise<MovementOutcome<R>> {
  const hash = requestHash({ kind: movement.kind, campaignId: movement.campaignId, createdById: movement.createdById, ...movement.request });
  const existing = await findByKey(db, movement);
  if (existing) return replay<R>(existing, movement, hash);
  try {
    return await db.transaction(async (tx) => {
      const transaction = await insertTransaction(tx, {
        idempotencyKey: scopedKey(movement),
        requestHash: hash,
        kind: movement.kind,
        campaignId: movement.campaignId,
        createdById: movement.createdById,
      });
      const result = await body(tx, transaction);
      const [stored] = await tx
        .update(ledgerTransactions)
        .set({ result })
        .where(eq(ledgerTransactions.id, transaction.id))
        .returning();
      return { transaction: stored!, result, replayed: false };
    });
  } catch (error) {
    if (postgresErrorCode(error) !== UNIQUE_VIOLATION) throw error;
    const winner = await findByKey(db, movement);
    if (!winner) throw error;
    return replay<R>(winner, movement, hash);
  }
}

// The money formulas (docs/money.md), each once: the TypeScript form and, where SQL computes the same thing,
// the SQL form beside it, so that a change to one is a change to both. Every amount is integer cents.
import { sql, type SQL } from "drizzle-orm";

/** The only reason accrued money is blocked: the campaign's escrow could not cover it. */
export const BLOCKED_REASON = "INSUFFICIENT_ESCROW" as const;

// ---- what a submission earns ------------------------------------------------------------------------------

/**
 * The units CPM is paid on in one snapshot: impressions, or views where the platform reports no impressions
 * (src/platforms/platforms.ts says which report what); null when neither is reported.
 */
export function cpmUnits(counts: { impressions: number | null; views: number | null }): number | null {
  return counts.impressions ?? counts.views;
}
/** SQL form of `cpmUnits` over the snapshot columns of `snapshot` (a table name or alias). */
export function cpmUnitsSql(snapshot: string): SQL {
  return sql`coalesce(${sql.identifier(snapshot)}.impressions, ${sql.identifier(snapshot)}.views)`;
}

/**
 * Earned total for a high-water mark: flat fee + floor(high-water units × CPM cents / 1000), exact for any
 * size (BigInt product, floor division). Accrual adds earned total − already accrued, so rounding never drifts.
 */
export function earnedCents(flatCents: number, cpmCents: number, highWaterUnits: number): number {
  const total = BigInt(flatCents) + (BigInt(highWaterUnits) * BigInt(cpmCents)) / 1000n;
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`earned total ${total} exceeds the cents that can be held exactly`);
  return Number(total);
}

/** How much of an amount owed the escrow funds now (moved to payable) and how much stays blocked. */
export function fundFromEscrow(owedCents: number, escrowCents: number): { fundedCents: number; blockedCents: number } {
  const fundedCents = Math.max(0, Math.min(owedCents, escrowCents));
  return { fundedCents, blockedCents: owedCents - fundedCents };
}

// ---- a submission's (or a sum of submissions') money ------------------------------------------------------

/** The columns of `submission_earnings`, or their sums. */
export interface EarningsAmounts {
  /** Everything accrued, funded or blocked. */
  accruedCents: number;
  /** Accrued but not funded by the escrow. */
  blockedCents: number;
  /** What payouts moved. */
  paidCents: number;
}

export interface MoneyStreams extends EarningsAmounts {
  /** Funded and not yet paid: accrued − blocked − paid. */
  payableCents: number;
  /** INSUFFICIENT_ESCROW exactly when something is blocked. */
  blockedReason: typeof BLOCKED_REASON | null;
}

/** payable = accrued − blocked − paid. */
export const payableCents = (amounts: EarningsAmounts): number => amounts.accruedCents - amounts.blockedCents - amounts.paidCents;
/** SQL form of `payableCents` over the `submission_earnings` columns of `earnings` (a table name or alias). */
export function payableCentsSql(earnings: string): SQL {
  const e = sql.identifier(earnings);
  return sql`(${e}.accrued_cents - ${e}.blocked_cents - ${e}.paid_cents)`;
}
/** What `paid_cents` becomes when a payout pays everything payable: accrued − blocked (payable is then 0). */
export function fullyPaidCentsSql(earnings: string): SQL {
  const e = sql.identifier(earnings);
  return sql`(${e}.accrued_cents - ${e}.blocked_cents)`;
}

export const blockedReasonOf = (blockedCents: number): typeof BLOCKED_REASON | null => (blockedCents > 0 ? BLOCKED_REASON : null);

/** The money streams of a submission, or of sums over submissions. */
export function moneyStreams(amounts: EarningsAmounts): MoneyStreams {
  return {
    accruedCents: amounts.accruedCents,
    blockedCents: amounts.blockedCents,
    paidCents: amounts.paidCents,
    payableCents: payableCents(amounts),
    blockedReason: blockedReasonOf(amounts.blockedCents),
  };
}

/**
 * SQL form of the sums behind `moneyStreams`: `accrued`, `blocked` and `paid` over the `submission_earnings`
 * rows of `earnings` (a left-joined alias: no row counts as 0), as text, since a bigint sum is numeric.
 */
export function earningsSumsSql(earnings: string): SQL {
  const e = sql.identifier(earnings);
  return sql`coalesce(sum(${e}.accrued_cents), 0)::text as accrued,
    coalesce(sum(${e}.blocked_cents), 0)::text as blocked,
    coalesce(sum(${e}.paid_cents), 0)::text as paid`;
}

/** `moneyStreams` of a row selected with `earningsSumsSql` (undefined: no row, zeros). */
export function moneyStreamsOfSums(row: { accrued: string | number; blocked: string | number; paid: string | number } | undefined): MoneyStreams {
  return moneyStreams({ accruedCents: Number(row?.accrued ?? 0), blockedCents: Number(row?.blocked ?? 0), paidCents: Number(row?.paid ?? 0) });
}

// ---- what the promo bonuses compare (bonus.service.ts) ---------------------------------------------------

type Counts = Partial<Record<"impressions" | "reach" | "views" | "likes" | "comments" | "shares" | "saves", number | null>>;

/**
 * The audience of a snapshot for the reach prize: reach, else impressions, else views (TikTok and YouTube
 * report no reach), else 0 — the same measure as the leaderboard's score (src/campaigns/campaign-leaderboard.ts).
 */
export const bonusReach = (counts: Counts): number => counts.reach ?? counts.impressions ?? counts.views ?? 0;
/** SQL form of `bonusReach` over the snapshot columns of `snapshot`. */
export function bonusReachSql(snapshot: string): SQL {
  const s = sql.identifier(snapshot);
  return sql`coalesce(${s}.reach, ${s}.impressions, ${s}.views, 0)`;
}

/** Engagements of a snapshot: likes + comments + shares + saves, a count the platform does not report being 0. */
export const engagements = (counts: Counts): number =>
  (counts.likes ?? 0) + (counts.comments ?? 0) + (counts.shares ?? 0) + (counts.saves ?? 0);
/** SQL form of `engagements` over the snapshot columns of `snapshot`. */
export function engagementsSql(snapshot: string): SQL {
  const s = sql.identifier(snapshot);
  return sql`(coalesce(${s}.likes, 0) + coalesce(${s}.comments, 0) + coalesce(${s}.shares, 0) + coalesce(${s}.saves, 0))`;
}

// ---- what analytics derive ----------------------------------------------------------------------------------

/** Effective CPM: what 1,000 delivered units cost, flat fees included, to 2 decimals; null without delivery. */
export function effectiveCpmCents(accruedCents: number, deliveredUnits: number): number | null {
  return deliveredUnits > 0 ? Math.round((accruedCents * 1000 * 100) / deliveredUnits) / 100 : null;
}

import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { CurrencyResolver, SafeIntResolver } from "graphql-scalars";
import { blockedReason, ledgerAccountKind } from "../../schema/tables.js";
import { ConnectionType } from "../shared/connection.js";

type EnumObject<T extends readonly string[]> = { [K in T[number]]: K };
const enumObject = <const T extends readonly string[]>(values: T) =>
  Object.fromEntries(values.map((value) => [value, value])) as EnumObject<T>;

export const LedgerAccountKind = enumObject(ledgerAccountKind.enumValues);
export type LedgerAccountKind = (typeof ledgerAccountKind.enumValues)[number];
registerEnumType(LedgerAccountKind, {
  name: "LedgerAccountKind",
  description:
    "EXTERNAL: the outside world as seen by a campaign (funding comes from it); CAMPAIGN_ESCROW: money held for a campaign; INFLUENCER_PAYABLE: funded earnings not yet paid; PAID_OUT: what was paid to an influencer. INFLUENCER_BLOCKED is reserved: blocked accruals are unfunded claims, kept on submission earnings, not in balances.",
});

export const BlockedReason = enumObject(blockedReason.enumValues);
export type BlockedReason = (typeof blockedReason.enumValues)[number];
registerEnumType(BlockedReason, { name: "BlockedReason", description: "Why accrued earnings are blocked." });

export const LedgerTransactionKind = { FUND: "FUND", ACCRUAL: "ACCRUAL", PAYOUT: "PAYOUT", REFUND: "REFUND" } as const;
export type LedgerTransactionKind = keyof typeof LedgerTransactionKind;
registerEnumType(LedgerTransactionKind, {
  name: "LedgerTransactionKind",
  description:
    "FUND: EXTERNAL → escrow (and releases of blocked accruals); ACCRUAL: escrow → payable; PAYOUT: payable → paid out; REFUND: escrow → EXTERNAL (unspent money back to the brand).",
});

@ObjectType("LedgerTransaction", { description: "One money movement; its entries sum to zero." })
export class LedgerTransaction {
  @Field(() => ID, { name: "id", description: "Opaque id: `txn_<random>`." }) publicId!: string;
  @Field(() => LedgerTransactionKind) kind!: string;
  @Field(() => Date) createdAt!: Date;
}

/** What the resolvers receive for a transaction (a ledger_transactions row, or the columns an entry query joined). */
export interface LedgerTransactionRef {
  id: number;
  publicId: string;
  kind: string;
  campaignId: number | null;
  createdAt: Date;
}

@ObjectType("LedgerEntry", { description: "One leg of a ledger transaction on one account. Positive: money into the account." })
export class LedgerEntry {
  @Field(() => SafeIntResolver, { description: "Signed cents: positive is a debit (into the account), negative a credit." })
  amountCents!: number;
  @Field(() => LedgerAccountKind) accountKind!: LedgerAccountKind;
  @Field(() => CurrencyResolver) currency!: string;
  @Field(() => LedgerTransaction) transaction!: LedgerTransactionRef;
  @Field(() => Date) createdAt!: Date;
}

export interface LedgerEntryRow {
  id: number;
  amountCents: number;
  accountKind: LedgerAccountKind;
  currency: string;
  /** The influencer of an INFLUENCER_* / PAID_OUT account. */
  userId: number | null;
  createdAt: Date;
  transaction: LedgerTransactionRef;
}

export const LedgerEntryConnection = ConnectionType("LedgerEntry", LedgerEntry);

@ObjectType("CampaignWallet", {
  description: "A campaign's money. payable = accrued − blocked − paid; escrow is what is left to fund accruals.",
})
export class CampaignWallet {
  @Field(() => CurrencyResolver) currency!: string;
  @Field(() => SafeIntResolver, { description: "Money held in escrow, not yet accrued to anyone." }) escrowBalanceCents!: number;
  @Field(() => SafeIntResolver, { description: "Everything funded into the escrow, less what was refunded." }) fundedCents!: number;
  @Field(() => SafeIntResolver, { description: "Everything influencers ever accrued, funded or blocked." }) accruedCents!: number;
  @Field(() => SafeIntResolver, { description: "Accrued but not funded (INSUFFICIENT_ESCROW)." }) blockedCents!: number;
  @Field(() => SafeIntResolver, { description: "Paid out to influencers." }) paidCents!: number;
  @Field(() => SafeIntResolver, { description: "Funded and not yet paid out." }) payableCents!: number;
}

@ObjectType("Earnings", { description: "An influencer's earnings in one currency: accrued = paid + blocked + payable." })
export class Earnings {
  @Field(() => CurrencyResolver) currency!: string;
  @Field(() => SafeIntResolver, { description: "Everything accrued, funded or blocked." }) accruedCents!: number;
  @Field(() => SafeIntResolver, { description: "Of accruedCents, the promo bonuses (the rest is what the posts earned)." }) bonusCents!: number;
  @Field(() => SafeIntResolver, { description: "Accrued but waiting for the brand to fund the escrow." }) blockedCents!: number;
  @Field(() => BlockedReason, { nullable: true, description: "Set when anything is blocked." }) blockedReason!: BlockedReason | null;
  @Field(() => SafeIntResolver, { description: "Paid out." }) paidCents!: number;
  @Field(() => SafeIntResolver, { description: "Funded and waiting for the next payout." }) payableCents!: number;
}

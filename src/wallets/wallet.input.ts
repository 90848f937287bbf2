import { Field, ID, InputType, ObjectType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import { Campaign, type CampaignRow } from "../campaigns/campaign.type.js";
import { LedgerTransaction, type LedgerTransactionRef } from "./wallet.type.js";

@InputType("FundCampaignInput")
export class FundCampaignInput {
  @Field(() => ID) campaignId!: string;
  @Field(() => SafeIntResolver, { description: "Cents to move into the campaign's escrow (> 0)." }) amountCents!: number;
  @Field(() => String, {
    description:
      "Client-chosen key (1-200 characters), private to the caller's account: repeating it with the same request returns the first result; with another request it is CONFLICT.",
  })
  idempotencyKey!: string;
}

@ObjectType("FundCampaignPayload")
export class FundCampaignPayload {
  @Field(() => Campaign) campaign!: CampaignRow;
  @Field(() => LedgerTransaction) transaction!: LedgerTransactionRef;
  @Field(() => SafeIntResolver) amountCents!: number;
  @Field(() => SafeIntResolver, { description: "Blocked accruals this funding released to influencers, oldest first." }) releasedCents!: number;
  @Field(() => SafeIntResolver, { description: "Escrow left right after this funding (and its releases)." }) escrowBalanceCents!: number;
}

@InputType("PayOutInput")
export class PayOutInput {
  @Field(() => ID) campaignId!: string;
  @Field(() => ID, { nullable: true, description: "Pay only this influencer (a user id); all of the campaign's when absent." })
  influencerId?: string | null;
  @Field(() => String, { description: "Client-chosen key, as for fundCampaign." }) idempotencyKey!: string;
}

@ObjectType("PayOutPayload")
export class PayOutPayload {
  @Field(() => Campaign) campaign!: CampaignRow;
  @Field(() => LedgerTransaction) transaction!: LedgerTransactionRef;
  @Field(() => SafeIntResolver, { description: "Cents moved from payable to paid out (0 when nothing was payable)." }) paidCents!: number;
}

@InputType("RefundCampaignInput")
export class RefundCampaignInput {
  @Field(() => ID) campaignId!: string;
  @Field(() => String, { description: "Client-chosen key, as for fundCampaign." }) idempotencyKey!: string;
}

@ObjectType("RefundCampaignPayload")
export class RefundCampaignPayload {
  @Field(() => Campaign) campaign!: CampaignRow;
  @Field(() => LedgerTransaction) transaction!: LedgerTransactionRef;
  @Field(() => SafeIntResolver, { description: "Cents returned from the escrow to the brand (0 when the escrow was empty)." })
  refundedCents!: number;
  @Field(() => SafeIntResolver, { description: "Escrow left right after this refund." }) escrowBalanceCents!: number;
}

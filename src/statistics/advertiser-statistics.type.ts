// The GraphQL types of `advertiserStatistics` and `Campaign.statistics` (docs/legacy-api.md, "Advertiser and
// campaign statistics"). Money is in hundredths ("cents") of the reporting currency.
import { Field, Int, ObjectType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import { graphqlEnum } from "../shared/enums.js";
import { User, type UserRow } from "../users/user.type.js";

/** Who the figures cover: one brand, or (an admin without `advertiserId`) the whole platform. */
export interface AdvertiserScope {
  advertiser: UserRow | null;
}

@ObjectType("AdvertiserStatistics", { description: "A brand's figures; for an admin without advertiserId, the whole platform's." })
export class AdvertiserStatistics implements AdvertiserScope {
  @Field(() => User, { nullable: true, description: "The brand; null when the figures cover every advertiser." }) advertiser!: UserRow | null;
}

@ObjectType("Spending", { description: "Money accrued to influencers (escrow → their payable accounts) and what it bought." })
export class Spending {
  @Field(() => SafeIntResolver, { description: "Accrued to influencers, funded, in the range (by posting time), in `currency`." }) totalSpentCents!: number;
  @Field(() => SafeIntResolver, {
    description: "totalSpentCents per 1,000 impressions (views where a platform reports no impressions) of the paid influencers' accepted posts' latest snapshots; 0 without any.",
  })
  averageCpmCents!: number;
  @Field(() => String, { description: "The reporting currency." }) currency!: string;
}

@ObjectType("AdvertiserFinancial", { description: "The legacy /api/advertiser/stats/financial/ figures." })
export class AdvertiserFinancial extends Spending {
  @Field(() => Int, { description: "Campaigns of the scope with money accrued to influencers in the range." }) totalCampaigns!: number;
}

export const InvoiceStatus = graphqlEnum(["PAID", "REFUNDED"] as const, "InvoiceStatus", "PAID: a funding (fundings settle at once); REFUNDED: the campaign's escrow was refunded after it.");
export type InvoiceStatus = keyof typeof InvoiceStatus;

@ObjectType("Invoice", { description: "One funding of a campaign (a FUND ledger transaction)." })
export class Invoice {
  @Field(() => Int, { description: "The ledger transaction's integer key." }) legacyId!: number;
  @Field(() => String, { description: "The ledger transaction's public id." }) transactionId!: string;
  @Field(() => SafeIntResolver, { description: "The funded amount, hundredths of the campaign currency." }) amountCents!: number;
  @Field(() => String) currency!: string;
  @Field(() => String, { description: "The funding's UTC day (YYYY-MM-DD)." }) date!: string;
  @Field(() => InvoiceStatus) status!: InvoiceStatus;
  @Field(() => Int, { description: "The funded campaign's integer key." }) campaignLegacyId!: number;
}

@ObjectType("CampaignNetworkStatistics", { description: "One network of a campaign, from its accepted posts' latest snapshots." })
export class CampaignNetworkStatistics {
  @Field(() => String, { description: "The platform in lower case." }) network!: string;
  @Field(() => Int, { description: "Accepted (counted) submissions on this network." }) posts!: number;
  @Field(() => SafeIntResolver, { description: "Sum of the latest snapshots' reach (0 where the platform reports none)." }) reach!: number;
  @Field(() => SafeIntResolver, { description: "Sum of the latest snapshots' likes + comments + shares + saves." }) engagement!: number;
}

@ObjectType("CampaignStatisticsOfCampaign", { description: "One campaign's figures; the owner and admins." })
export class CampaignStatisticsOfCampaign {}

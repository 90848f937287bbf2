// advertiserStatistics (admin, or the brand itself) and Campaign.statistics (owner and admins): thin
// resolvers over advertiser-statistics.service.ts.
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Campaign, type CampaignRow } from "../campaigns/campaign.type.js";
import { CreditLimit } from "../wallets/credit-limit.js";
import { StatisticsRange } from "./statistics.range.js";
import { CampaignStatistics } from "./campaign-statistics.js";
import {
  AdvertiserFinancial,
  AdvertiserStatistics,
  CampaignNetworkStatistics,
  CampaignStatisticsOfCampaign,
  Invoice,
  InvoiceStatus,
  Spending,
  type AdvertiserScope,
} from "./advertiser-statistics.type.js";
import * as service from "./advertiser-statistics.service.js";

const RANGE = { nullable: true, description: "Whole UTC days, both ends inclusive; none: all time." } as const;
const CURRENCY = { nullable: true, description: `The reporting currency (ISO 4217, with a stored rate); default ${service.DEFAULT_CURRENCY}.` } as const;

@Resolver(() => AdvertiserStatistics)
export class AdvertiserStatisticsResolver {
  @Authorized("BRAND", "ADMIN")
  @Query(() => AdvertiserStatistics, {
    description:
      "A brand's figures: the brand itself (default) or an admin. An admin without advertiserId gets the whole platform's (maximumLimit then needs one). Another brand's id is PERMISSION_DENIED, a non-brand's NOT_FOUND.",
  })
  advertiserStatistics(@Arg("advertiserId", () => ID, { nullable: true }) advertiserId: string | null, @Ctx() context: Context) {
    return service.advertiserScope(context, advertiserId);
  }

  @FieldResolver(() => AdvertiserFinancial, { description: "The legacy /api/advertiser/stats/financial/ figures." })
  financial(
    @Root() scope: AdvertiserScope,
    @Arg("range", () => StatisticsRange, RANGE) range: StatisticsRange | null,
    @Arg("currency", () => String, CURRENCY) currency: string | null,
    @Ctx() context: Context,
  ) {
    return service.financial(context, scope, range, currency);
  }

  @FieldResolver(() => CreditLimit, { nullable: true, description: "The brand's credit limit; null: unlimited." })
  maximumLimit(@Root() scope: AdvertiserScope) {
    return service.maximumLimit(scope);
  }

  @FieldResolver(() => [Invoice], { description: `Fundings, newest first, at most \`first\` (1 to ${service.MAX_INVOICES}, default ${service.MAX_INVOICES}).` })
  invoices(
    @Root() scope: AdvertiserScope,
    @Arg("status", () => InvoiceStatus, { nullable: true }) status: InvoiceStatus | null,
    @Arg("range", () => StatisticsRange, RANGE) range: StatisticsRange | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Ctx() context: Context,
  ) {
    return service.invoices(context, scope, { status, range, first });
  }

  @FieldResolver(() => CampaignStatistics, { description: "Counts of the scope's campaigns created in the range." })
  campaigns(@Root() scope: AdvertiserScope, @Arg("range", () => StatisticsRange, RANGE) range: StatisticsRange | null, @Ctx() context: Context) {
    return service.campaigns(context, scope, range);
  }
}

@Resolver(() => Campaign)
export class CampaignStatisticsFieldResolver {
  @FieldResolver(() => CampaignStatisticsOfCampaign, { nullable: true, description: "The campaign's figures; the owner and admins (null for others)." })
  statistics(@Root() campaign: CampaignRow, @Ctx() context: Context) {
    return service.campaignStatisticsOf(context, campaign);
  }
}

@Resolver(() => CampaignStatisticsOfCampaign)
export class CampaignStatisticsOfCampaignResolver {
  @FieldResolver(() => [CampaignNetworkStatistics], { description: "Each network the campaign accepts, with its accepted posts' figures." })
  networks(@Root() campaign: CampaignRow, @Ctx() context: Context) {
    return service.campaignNetworks(context, campaign);
  }

  @FieldResolver(() => Spending, { description: "Everything accrued to the campaign's influencers, converted to the reporting currency." })
  costs(@Root() campaign: CampaignRow, @Arg("currency", () => String, CURRENCY) currency: string | null, @Ctx() context: Context) {
    return service.campaignCosts(context, campaign, currency);
  }
}

export const advertiserStatisticsResolvers = [AdvertiserStatisticsResolver, CampaignStatisticsFieldResolver, CampaignStatisticsOfCampaignResolver] as const;

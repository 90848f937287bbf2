// `adminStatistics`: the platform-wide figures behind the legacy publisher, user and general statistics paths
// (rest-compat/legacy/statistics/admin-routes.ts), admin only. The root answers an empty object; each field
// runs its own statement (src/statistics/admin-statistics.service.ts), so a request pays only for what it asks.
import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import type { UserRole } from "../shared/enums.js";
import { StatisticsRange, checkRange } from "./statistics.range.js";
import { CampaignStatistics, campaignStatisticsFor } from "./campaign-statistics.js";
import {
  AdminStatistics,
  InterestBreakdown,
  PendingWork,
  PercentageBreakdown,
  PlatformFinancials,
  PublisherActivity,
  PublisherFunnel,
  PublisherStatusCounts,
} from "./admin-statistics.type.js";
import * as service from "./admin-statistics.service.js";

const RANGE = { nullable: true, description: "Whole UTC days, both ends inclusive; omitted = all time." } as const;

@Authorized<UserRole>("ADMIN")
@Resolver(() => AdminStatistics)
export class AdminStatisticsResolver {
  @Query(() => AdminStatistics, { description: "Admin: platform-wide statistics (docs/legacy-api.md, \"Statistics: publishers, users and the platform\")." })
  adminStatistics(): AdminStatistics {
    return new AdminStatistics();
  }

  @FieldResolver(() => PublisherStatusCounts, { description: "Influencer accounts per status." })
  publishersByStatus(@Ctx() context: Context) {
    return service.publisherStatusCounts(context.db);
  }

  @FieldResolver(() => PublisherActivity, { description: "Counted submissions made in the range, with their latest reach and engagements." })
  publisherActivity(@Arg("range", () => StatisticsRange, RANGE) range: StatisticsRange | null, @Ctx() context: Context) {
    return service.publisherActivity(context.db, range);
  }

  @FieldResolver(() => PercentageBreakdown, { description: "Influencers with a sex set, per sex (keys male, female, other)." })
  influencersBySex(@Ctx() context: Context) {
    return service.influencersBySex(context.db);
  }

  @FieldResolver(() => PercentageBreakdown, { description: "Influencers of 18 or more with a birth date, per age band on today's UTC date (keys 18-24, 25-34, 35-44, 45+)." })
  influencersByAge(@Ctx() context: Context) {
    return service.influencersByAge(context.db);
  }

  @FieldResolver(() => InterestBreakdown, { description: "Every interest category (key: its slug) and the influencers who chose it." })
  influencersByInterest(@Ctx() context: Context) {
    return service.influencersByInterest(context.db);
  }

  @FieldResolver(() => PendingWork, { description: "Campaigns, tasks, submissions and network approvals waiting now." })
  pendingWork(@Ctx() context: Context) {
    return service.pendingWork(context.db);
  }

  @FieldResolver(() => PlatformFinancials, { description: "Funding in and payouts out in the range, in one currency." })
  financials(
    @Arg("range", () => StatisticsRange, RANGE) range: StatisticsRange | null,
    @Arg("currency", () => String, { defaultValue: "USD", description: "The reporting currency (ISO 4217 code with a stored exchange rate)." }) currency: string,
    @Ctx() context: Context,
  ) {
    return service.platformFinancials(context.db, range, currency.trim().toUpperCase());
  }

  @FieldResolver(() => PublisherFunnel, { description: "ACTIVE influencer accounts from able to publish to converted." })
  publisherFunnel(@Ctx() context: Context) {
    return service.publisherFunnel(context.db);
  }

  @FieldResolver(() => CampaignStatistics, { description: "Every campaign's figures (campaigns created in the range)." })
  campaigns(@Arg("range", () => StatisticsRange, RANGE) range: StatisticsRange | null, @Ctx() context: Context) {
    checkRange(range);
    return campaignStatisticsFor(context, {}, range);
  }
}

// The GraphQL types of `adminStatistics` (src/statistics/admin-statistics.ts): the platform-wide figures of the
// legacy publisher, user and general statistics paths (docs/legacy-api.md, "Statistics: publishers,
// users and the platform").
import { Field, Float, Int, ObjectType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";

@ObjectType("AdminStatistics", {
  description: "Admin: platform-wide figures, each computed by one SQL statement when asked for. Publishers are INFLUENCER accounts.",
})
export class AdminStatistics {}

@ObjectType("PublisherStatusCounts", { description: "Influencer accounts per account status." })
export class PublisherStatusCounts {
  @Field(() => Int) active!: number;
  @Field(() => Int) inactive!: number;
  @Field(() => Int) suspended!: number;
  @Field(() => Int) banned!: number;
}

@ObjectType("PublisherActivity", {
  description: "The counted (ACCEPTED) submissions made in the range, and their audience in each one's latest metrics snapshot.",
})
export class PublisherActivity {
  @Field(() => Int, { description: "ACCEPTED submissions whose submittedAt falls in the range." }) posts!: number;
  @Field(() => SafeIntResolver, { description: "Σ reach of their latest snapshots, as the platforms report it (unreported or no snapshot: 0)." })
  reach!: number;
  @Field(() => SafeIntResolver, { description: "Σ likes + comments + shares + saves of their latest snapshots." }) engagements!: number;
}

@ObjectType("PercentageShare", { description: "One answer's share: how many counted it, and its whole percent of the total." })
export class PercentageShare {
  @Field(() => String, { description: "The answer: `male` / `female` / `other`, an age band (`18-24` …), or a category slug." }) key!: string;
  @Field(() => Int) count!: number;
  @Field(() => Int, { description: "count / total as a whole percent; the percents of a breakdown add up to exactly 100 (all 0 when total is 0)." })
  percent!: number;
}

@ObjectType("PercentageBreakdown", { description: "Counts and whole percents (largest remainder) of every possible answer, zeros included." })
export class PercentageBreakdown {
  @Field(() => Int, { description: "What the percents are shares of (the sum of the counts)." }) total!: number;
  @Field(() => [PercentageShare]) shares!: PercentageShare[];
}

@ObjectType("InterestBreakdown", { description: "Interest categories: each (influencer, category) choice counts once." })
export class InterestBreakdown extends PercentageBreakdown {
  @Field(() => Int, { description: "Influencers with at least one interest category (the choices are spread over them)." }) influencers!: number;
}

@ObjectType("PendingWork", { description: "What waits for someone, now." })
export class PendingWork {
  @Field(() => Int, { description: "Campaigns in CAMPAIGN_PENDING (waiting for review)." }) campaignsAwaitingReview!: number;
  @Field(() => Int, { description: "Participations still PENDING (joined, nothing submitted) in ACTIVE or PAUSED campaigns." }) tasksNotStarted!: number;
  @Field(() => Int, { description: "Submissions PENDING the campaign owner's review." }) submissionsAwaitingReview!: number;
  @Field(() => Int, { description: "Network approval requests PENDING an administrator's review." }) networkApprovalsAwaitingReview!: number;
}

@ObjectType("PlatformFinancials", { description: "Money that moved through the ledger in the range, converted to one currency at the stored rates." })
export class PlatformFinancials {
  @Field(() => SafeIntResolver, { description: "Brands' funding into campaign escrow (FUND transactions), in hundredths of `currency`." })
  revenueCents!: number;
  @Field(() => SafeIntResolver, { description: "Paid out to influencers (PAYOUT transactions), in hundredths of `currency`." }) payoutsCents!: number;
  @Field(() => String, { description: "The reporting currency." }) currency!: string;
}

@ObjectType("PublisherFunnel", { description: "ACTIVE influencer accounts, from able to publish to converted." })
export class PublisherFunnel {
  @Field(() => Int, { description: "With a connected account that can publish (a VALID social account, or an APPROVED network approval)." })
  estimatedPublishers!: number;
  @Field(() => Int, { description: "In a campaign that is ACTIVE now, the participation neither left nor rejected." }) activePublishers!: number;
  @Field(() => Int, { description: "Never joined a campaign." }) potentialPublishers!: number;
  @Field(() => Int, { description: "Joined at least one campaign." }) convertedPublishers!: number;
  @Field(() => Float, { description: "convertedPublishers / ACTIVE influencer accounts, rounded to 4 decimals; 0 when there are none." })
  conversionRate!: number;
}

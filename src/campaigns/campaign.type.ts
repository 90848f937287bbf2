import { Field, Int, ObjectType } from "type-graphql";
import { CurrencyResolver, SafeIntResolver } from "graphql-scalars";
import { BoundedJSONObject } from "../shared/scalars.js";
import type { campaigns, campaignTasks } from "../../schema/tables.js";
import { LEGACY_ID_DESCRIPTION, Node } from "../shared/node.type.js";
import { CampaignStatus, ContentType, Platform } from "../shared/enums.js";

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignTaskRow = typeof campaignTasks.$inferSelect;

@ObjectType("RateCard", {
  description: "How influencers earn: a flat fee per accepted post plus CPM on impressions (or views), and the promo bonuses a completed campaign awards (docs/money.md).",
})
export class RateCard {
  @Field(() => SafeIntResolver, { description: "Cents per accepted, tracked post (the same as postRateCents)." }) flatCents!: number;
  @Field(() => SafeIntResolver, { description: "Cents per accepted, tracked post (the legacy post_rate)." }) postRateCents!: number;
  @Field(() => SafeIntResolver, { description: "Cents per 1,000 impressions (views where the platform has none)." })
  cpmCents!: number;
  @Field(() => SafeIntResolver, { description: "The least a task pays, as shown to influencers (the legacy minimum_reward); accrual does not use it." })
  minimumRewardCents!: number;
  @Field(() => Boolean, { description: "Whether completing the campaign awards the promo bonuses below." }) hasBonus!: boolean;
  @Field(() => SafeIntResolver, { description: "Prize for the participation with the highest reach." }) promoReachBonusCents!: number;
  @Field(() => SafeIntResolver, { description: "Prize for the participation with the highest engagement rate." })
  promoEngagementRateBonusCents!: number;
  @Field(() => SafeIntResolver, { description: "Prize for the single post with the most engagements." }) promoBestPostBonusCents!: number;
  @Field(() => BoundedJSONObject, { description: "Free-form notes stored as given; nothing reads them (the typed fields above are the rate card)." })
  bonuses!: Record<string, unknown>;
}

@ObjectType("Campaign", { implements: Node, description: "A brand's campaign: requirements, budget and lifecycle." })
export class Campaign extends Node {
  @Field(() => Int, { name: "legacyId", description: LEGACY_ID_DESCRIPTION }) id!: number;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) tagline!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) objectiveType!: string | null;
  @Field(() => String, { nullable: true }) category!: string | null;
  @Field(() => CurrencyResolver) currency!: string;
  @Field(() => SafeIntResolver, { nullable: true }) targetBudgetCents!: number | null;
  @Field(() => CampaignStatus) status!: CampaignStatus;
  @Field(() => Date, { nullable: true }) startDate!: Date | null;
  @Field(() => Date, { nullable: true }) endDate!: Date | null;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => [String]) requiredHashtags!: string[];
  @Field(() => [String]) requiredMentions!: string[];
  @Field(() => [Platform], { description: "Empty means every platform." }) allowedPlatforms!: Platform[];
  @Field(() => [ContentType], { description: "Empty means every content type." }) allowedContentTypes!: ContentType[];
  @Field(() => Int, { description: "How many submissions per participation may be live, and are tracked." })
  submissionLimit!: number;
  @Field(() => String, { nullable: true }) imageLogo!: string | null;
  @Field(() => String, { nullable: true }) imagePost!: string | null;
  @Field(() => String, { nullable: true }) attachment!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType("CampaignTask", { implements: Node, description: "A brief inside a campaign." })
export class CampaignTask extends Node {
  @Field(() => Int, { name: "legacyId", description: LEGACY_ID_DESCRIPTION }) id!: number;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) requirements!: string | null;
  @Field(() => Date, { nullable: true }) deadline!: Date | null;
  @Field(() => SafeIntResolver, { nullable: true }) paymentCents!: number | null;
  @Field(() => Date) createdAt!: Date;
}

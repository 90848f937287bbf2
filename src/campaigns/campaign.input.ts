import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { CurrencyResolver, SafeIntResolver } from "graphql-scalars";
import { BoundedJSONObject } from "../shared/scalars.js";
import { CampaignStatus, ContentType, Platform } from "../shared/enums.js";
import { Campaign, CampaignTask, type CampaignRow, type CampaignTaskRow } from "./campaign.type.js";

@InputType("RateCardInput")
export class RateCardInput {
  @Field(() => SafeIntResolver, { nullable: true }) flatCents?: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) cpmCents?: number | null;
  @Field(() => BoundedJSONObject, { nullable: true }) bonuses?: Record<string, unknown> | null;
}

/** Fields shared by create and update; on update every field is optional and only given ones change. */
@InputType("UpdateCampaignInput")
export class UpdateCampaignInput {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) tagline?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) objectiveType?: string | null;
  @Field(() => String, { nullable: true }) category?: string | null;
  @Field(() => CurrencyResolver, { nullable: true }) currency?: string | null;
  @Field(() => SafeIntResolver, { nullable: true }) targetBudgetCents?: number | null;
  @Field(() => Date, { nullable: true }) startDate?: Date | null;
  @Field(() => Date, { nullable: true }) endDate?: Date | null;
  @Field(() => [String], { nullable: true }) requiredHashtags?: string[] | null;
  @Field(() => [String], { nullable: true }) requiredMentions?: string[] | null;
  @Field(() => [Platform], { nullable: true }) allowedPlatforms?: Platform[] | null;
  @Field(() => [ContentType], { nullable: true }) allowedContentTypes?: ContentType[] | null;
  @Field(() => Int, { nullable: true }) submissionLimit?: number | null;
  @Field(() => RateCardInput, { nullable: true }) rateCard?: RateCardInput | null;
  @Field(() => String, { nullable: true }) imageLogo?: string | null;
  @Field(() => String, { nullable: true }) imagePost?: string | null;
  @Field(() => String, { nullable: true }) attachment?: string | null;
}

@InputType("CreateCampaignInput")
export class CreateCampaignInput extends UpdateCampaignInput {
  @Field(() => String) override title!: string;
  @Field(() => CurrencyResolver) override currency!: string;
}

@InputType("CampaignFilter")
export class CampaignFilter {
  @Field(() => [CampaignStatus], { nullable: true }) statuses?: CampaignStatus[] | null;
  @Field(() => Platform, { nullable: true, description: "Campaigns that accept this platform." }) platform?: Platform | null;
  @Field(() => String, { nullable: true }) category?: string | null;
  @Field(() => String, { nullable: true, description: "Case-insensitive match on title and tagline." }) search?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: "Influencers: true lists the campaigns the viewer joined (any status), false the active ones it has not joined.",
  })
  joined?: boolean | null;
}

@InputType("CreateCampaignTaskInput")
export class CreateCampaignTaskInput {
  @Field(() => ID) campaignId!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) requirements?: string | null;
  @Field(() => Date, { nullable: true }) deadline?: Date | null;
  @Field(() => SafeIntResolver, { nullable: true }) paymentCents?: number | null;
}

@ObjectType("CampaignPayload")
export class CampaignPayload {
  @Field(() => Campaign) campaign!: CampaignRow;
}

@ObjectType("CampaignTaskPayload")
export class CampaignTaskPayload {
  @Field(() => CampaignTask) task!: CampaignTaskRow;
}

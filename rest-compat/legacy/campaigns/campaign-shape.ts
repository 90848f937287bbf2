// The legacy campaign object, written once for every path that shows a campaign (docs/legacy-api.md,
// "Campaigns"). The base is what every path shows: id, type, name, tagline, description, image_logo,
// image_post, hashtags, date_end, networks, currency. Each path adds its parts:
//   - `dateText`: `date_end_text` (the task paths);
//   - `rates`: `tasks: { bonus, minimum_reward }` (the campaign inside /api/tasks/);
//   - `listing`: `tasks: { time, time_type, bonus, minimum_reward }`, `tasks_featured`, `tasks_leaderboard`
//     (the campaign lists and the single campaign; needs the `LegacyCampaignListed` fragment).
// Read with the `LegacyCampaign` fragment of campaign.graphql.
import { arrayOf, boolean, enumOf, integer, nullable, object, string } from "../../core/json-schema.js";
import type { JsonSchema } from "../../core/route.js";
import type { LegacyCampaignFragment, LegacyCampaignListedFragment } from "../../generated/operations.js";
import { campaignNetworks, dateObject, dateText, decimalFromCents } from "../codecs.js";
import { dateObjectSchema, decimal as money, network } from "../dialect.js";

export interface LegacyCampaignParts {
  dateText?: boolean;
  rates?: boolean;
  listing?: boolean;
}

const LIVE_OR_DONE = new Set(["CAMPAIGN_ACTIVE", "CAMPAIGN_PAUSED", "CAMPAIGN_COMPLETED"]);

/** The rate card's bonus prizes and minimum reward, decimal in the campaign currency. */
export function legacyRates({ rateCard }: LegacyCampaignFragment) {
  return {
    bonus: {
      active: rateCard.hasBonus,
      promo_reach: decimalFromCents(rateCard.promoReachBonusCents),
      promo_engagement_rate: decimalFromCents(rateCard.promoEngagementRateBonusCents),
      promo_best_post: decimalFromCents(rateCard.promoBestPostBonusCents),
    },
    minimum_reward: decimalFromCents(rateCard.minimumRewardCents),
  };
}

/** Whole hours from the campaign's start to its end: how long its tasks run (0 while either date is unset). */
function runHours(campaign: LegacyCampaignFragment): number {
  if (!campaign.startDate || !campaign.endDate) return 0;
  return Math.max(0, Math.ceil((Date.parse(campaign.endDate) - Date.parse(campaign.startDate)) / 3_600_000));
}

export function legacyCampaign(campaign: LegacyCampaignFragment, parts: LegacyCampaignParts = {}) {
  const base = {
    id: campaign.legacyId,
    type: campaign.objectiveType ?? "standard",
    name: campaign.title,
    tagline: campaign.tagline,
    description: campaign.description,
    image_logo: campaign.imageLogo,
    image_post: campaign.imagePost,
    hashtags: campaign.requiredHashtags,
    date_end: dateObject(campaign.endDate),
    ...(parts.dateText ? { date_end_text: campaign.endDate === null ? null : dateText(campaign.endDate) } : {}),
    networks: campaignNetworks(campaign.allowedPlatforms),
    currency: campaign.currency,
  };
  if (parts.listing) {
    const listed = campaign as LegacyCampaignListedFragment;
    return {
      ...base,
      tasks: { time: runHours(campaign), time_type: "hours", ...legacyRates(campaign) },
      tasks_featured: listed.tasks.length > 0,
      tasks_leaderboard: LIVE_OR_DONE.has(listed.status),
    };
  }
  return parts.rates ? { ...base, tasks: legacyRates(campaign) } : base;
}

// ---- its JSON Schema --------------------------------------------------------------------------------------

const ratesSchema = {
  bonus: object(
    {
      active: boolean("Whether the campaign pays the promo bonuses"),
      promo_reach: money("Prize for the participant with the largest reach"),
      promo_engagement_rate: money("Prize for the participant with the highest engagement rate"),
      promo_best_post: money("Prize for the participant with the best single post"),
    },
    "The promo bonuses, awarded once when the campaign completes",
  ),
  minimum_reward: money("The smallest reward a task pays"),
};

export function legacyCampaignSchema(parts: LegacyCampaignParts = {}): JsonSchema {
  const tasks = parts.listing
    ? { time: integer("How long the campaign's tasks run", { minimum: 0 }), time_type: enumOf(["hours"], "Unit of `time`"), ...ratesSchema }
    : ratesSchema;
  return object(
    {
      id: integer("The campaign's id"),
      type: string("The campaign's objective (`standard` when none is set)"),
      name: string("Title"),
      tagline: nullable(string("Tagline")),
      description: nullable(string("Description")),
      image_logo: nullable(string("Logo image URL")),
      image_post: nullable(string("Post image URL")),
      hashtags: arrayOf(string("Hashtag"), "Hashtags a post must carry"),
      date_end: dateObjectSchema("When the campaign ends (UTC); null while no end is set"),
      ...(parts.dateText ? { date_end_text: nullable(string("`date_end` as text, e.g. `August 31, 2024 - 23:59:59`")) } : {}),
      networks: arrayOf(network("Network"), "Networks a post may be on"),
      currency: string("ISO 4217 currency of every amount"),
      ...(parts.listing || parts.rates ? { tasks: object(tasks, "How tasks pay") } : {}),
      ...(parts.listing
        ? {
            tasks_featured: boolean("Whether the campaign has custom briefs"),
            tasks_leaderboard: boolean("Whether the campaign has a leaderboard (it went live)"),
          }
        : {}),
    },
    "A campaign",
  );
}

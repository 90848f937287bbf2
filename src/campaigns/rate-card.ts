// A campaign's rate card: what an accepted post earns (flat rate and CPM), the minimum reward shown to
// influencers, and the promo bonuses a completed campaign awards (docs/money.md, "Rate card"). Stored in the
// campaign's rate_* columns. What may change when: `rateCardChangeError` below.
import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, Resolver } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import { eq } from "drizzle-orm";
import type { Context } from "../context.js";
import { Conflict, ValidationFailed } from "../shared/errors.js";
import type { CampaignStatus, UserRole } from "../shared/enums.js";
import { campaigns } from "../../schema/tables.js";
import { lockCampaign } from "../ledger/ledger.service.js";
import { RateCard, type CampaignRow } from "./campaign.type.js";
import { CampaignPayload } from "./campaign.input.js";
import { getOwnedCampaign } from "./campaign.access.js";

/** The typed rate card of a campaign row (`Campaign.rateCard`). */
export function rateCardOf(campaign: CampaignRow): RateCard {
  return {
    flatCents: campaign.rateFlatCents,
    postRateCents: campaign.rateFlatCents,
    cpmCents: campaign.rateCpmCents,
    minimumRewardCents: campaign.rateMinimumRewardCents,
    hasBonus: campaign.rateHasBonus,
    promoReachBonusCents: campaign.ratePromoReachBonusCents,
    promoEngagementRateBonusCents: campaign.ratePromoEngagementRateBonusCents,
    promoBestPostBonusCents: campaign.ratePromoBestPostBonusCents,
    bonuses: campaign.rateBonuses as Record<string, unknown>,
  };
}

@InputType("UpdateRateCardInput", { description: "The rate card fields to change (integer cents, none negative); omitted ones stay." })
export class UpdateRateCardInput {
  @Field(() => SafeIntResolver, { nullable: true, description: "Cents per accepted, tracked post (the legacy post_rate)." })
  postRateCents?: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) cpmCents?: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) minimumRewardCents?: number | null;
  @Field(() => Boolean, { nullable: true }) hasBonus?: boolean | null;
  @Field(() => SafeIntResolver, { nullable: true }) promoReachBonusCents?: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) promoEngagementRateBonusCents?: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) promoBestPostBonusCents?: number | null;
}

const COLUMNS = {
  postRateCents: "rateFlatCents",
  cpmCents: "rateCpmCents",
  minimumRewardCents: "rateMinimumRewardCents",
  promoReachBonusCents: "ratePromoReachBonusCents",
  promoEngagementRateBonusCents: "ratePromoEngagementRateBonusCents",
  promoBestPostBonusCents: "ratePromoBestPostBonusCents",
} as const satisfies Record<string, keyof CampaignRow>;

type RateCardValues = Partial<Pick<CampaignRow, (typeof COLUMNS)[keyof typeof COLUMNS] | "rateHasBonus">>;

/** The columns to set; a negative amount is VALIDATION_ERROR (every offending field named). */
export function rateCardValues(input: UpdateRateCardInput): RateCardValues {
  const values: RateCardValues = {};
  const errors: Record<string, string> = {};
  for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, (typeof COLUMNS)[keyof typeof COLUMNS]][]) {
    const cents = input[field];
    if (cents == null) continue;
    if (cents < 0) errors[field] = "must not be negative";
    values[column] = cents;
  }
  if (input.hasBonus != null) values.rateHasBonus = input.hasBonus;
  if (Object.keys(errors).length) throw ValidationFailed("The rate card is not valid", errors);
  return values;
}

/** The earning rates: in a running campaign they may only rise (lowering one would change what posts already earn). */
const RATES = ["rateFlatCents", "rateCpmCents"] as const;

/**
 * Why this change may not happen in a campaign of this status (undefined: it may). DRAFT and PENDING: anything.
 * ACTIVE and PAUSED: bonuses, hasBonus and the minimum reward freely; post rate and CPM only upwards (a raise
 * applies to every tracked post at its next accrual, since an earned total is recomputed from the current
 * rates; a cut would leave earlier posts ahead of later ones). COMPLETED and CANCELLED: nothing (the bonuses
 * were awarded, or never will be).
 */
export function rateCardChangeError(status: CampaignStatus, campaign: CampaignRow, values: RateCardValues): string | undefined {
  if (status === "CAMPAIGN_COMPLETED" || status === "CAMPAIGN_CANCELLED") return `A ${status} campaign's rate card can no longer change`;
  if (status === "CAMPAIGN_ACTIVE" || status === "CAMPAIGN_PAUSED") {
    const cut = RATES.find((column) => values[column] !== undefined && values[column]! < campaign[column]);
    if (cut) return `A running campaign's ${cut === "rateFlatCents" ? "post rate" : "CPM"} may only rise`;
  }
  return undefined;
}

/** Owner or admin. Runs under the campaign's escrow lock, so a change lands before a completion or sees it. */
export async function updateRateCard(context: Context, campaignId: string, input: UpdateRateCardInput): Promise<CampaignRow> {
  const campaign = await getOwnedCampaign(context, campaignId, "campaignId");
  const values = rateCardValues(input);
  return context.db.transaction(async (tx) => {
    const { status } = await lockCampaign(tx, campaign);
    const [current] = await tx.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    const refusal = rateCardChangeError(status, current!, values);
    if (refusal) throw Conflict(refusal, { status });
    if (Object.keys(values).length === 0) return current!;
    const [updated] = await tx
      .update(campaigns)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(campaigns.id, campaign.id))
      .returning();
    return updated!;
  });
}

@Resolver()
export class RateCardResolver {
  @Authorized<UserRole>("BRAND", "ADMIN")
  @Mutation(() => CampaignPayload, {
    description:
      "The campaign's owner or an admin (influencers: PERMISSION_DENIED): changes the given rate card fields. In a running campaign the post rate and CPM may only rise; a completed or cancelled campaign's rate card is fixed (CONFLICT).",
  })
  async updateRateCard(
    @Arg("campaignId", () => ID) campaignId: string,
    @Arg("input", () => UpdateRateCardInput) input: UpdateRateCardInput,
    @Ctx() context: Context,
  ) {
    return { campaign: await updateRateCard(context, campaignId, input) };
  }
}

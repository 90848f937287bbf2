// The legacy money paths (docs/legacy-api.md, "Money: rate card, payments and bonuses").
import * as documents from "../../generated/operations.js";
import { enumOf, object, string } from "../../core/json-schema.js";
import type { JsonSchema } from "../../core/route.js";
import { found, RestFailure } from "../../core/failure.js";
import { decimal, idBody, legacyIdField, legacyRoute } from "../dialect.js";
import { centsFromDecimal, decimalFromCents, formBoolean } from "../codecs.js";

/** `settings[...]` amount → the UpdateRateCardInput field it sets. */
const SETTINGS = { post_rate: "postRateCents", minimum_reward: "minimumRewardCents", promo_reach_bonus: "promoReachBonusCents", promo_engagement_rate_bonus: "promoEngagementRateBonusCents", promo_best_post_bonus: "promoBestPostBonusCents" } as const;
// Read as text, as the dialect reads JSON like form fields (30 → "30", true → "true").
const money = string("A decimal in the campaign currency, not negative, at most 2 decimals", { pattern: "^[0-9]{1,13}(\\.[0-9]{1,2})?$" });
const flag = enumOf(["true", "false", "1", "0"], "Whether completing the campaign awards the promo bonuses");
const settings: JsonSchema = { type: "object", description: "The rate card fields to change; any other key is 400", additionalProperties: false, minProperties: 1, properties: { ...Object.fromEntries(Object.keys(SETTINGS).map((key) => [key, money])), has_bonus: flag } };

const rateCardInput = (body: Record<string, string>) => ({
  ...Object.fromEntries(Object.entries(SETTINGS).filter(([key]) => body[key] !== undefined).map(([key, field]) => [field, centsFromDecimal(body[key])])),
  ...(body.has_bonus === undefined ? {} : { hasBonus: formBoolean(body.has_bonus) }),
});

const campaignSettings = legacyRoute({
  path: "/api/campaign/settings/",
  description: "The owner or an admin edits the rate card (decimals of the campaign currency). In a running campaign the post rate may only rise; a completed or cancelled one's is fixed (409).",
  body: { campaign_id: legacyIdField("campaign"), settings },
  required: ["campaign_id", "settings"],
  fieldNames: { campaignId: "campaign_id", hasBonus: "settings.has_bonus", ...Object.fromEntries(Object.entries(SETTINGS).map(([key, field]) => [field, `settings.${key}`])) },
  operation: documents.LegacyUpdateRateCardDocument,
  variables: (body) => ({ campaignId: String(body.campaign_id), input: rateCardInput(body.settings) }),
  message: "Settings updated successfully",
  errors: { 403: "An influencer, or another brand's campaign", 404: "No such campaign", 409: "Not allowed in the campaign's status" },
});

/** Each `payment_bonus_*` key and its BonusKind. */
const BONUS_KEYS = { payment_bonus_reach: "REACH", payment_bonus_engagement_rate: "ENGAGEMENT_RATE", payment_bonus_best_post: "BEST_POST" } as const;
const amount = (description: string) => decimal(`${description}, in the campaign currency`);

const taskPayments = legacyRoute({
  path: "/api/task/payments/",
  description: "What a task (a participation) accrued, from the ledger: in all, for its posts, and each promo bonus it won (funded or blocked). The owner or an admin.",
  ...idBody("task_id", "task", "id"),
  operation: documents.LegacyTaskPaymentsDocument,
  variables: (body) => ({ id: String(body.task_id) }),
  respond: (data) => {
    if (data.viewer?.role === "INFLUENCER") throw new RestFailure(403, "PERMISSION_DENIED", "Only the campaign's owner or an admin sees a task's payments");
    const { campaign, earnings, bonuses } = found(data.participation, "Task");
    const won = (kind: string) => bonuses.filter((bonus) => bonus.kind === kind).reduce((sum, bonus) => sum + bonus.amountCents, 0);
    return {
      payment: decimalFromCents(earnings.accruedCents),
      payment_post: decimalFromCents(earnings.accruedCents - earnings.bonusCents),
      ...Object.fromEntries(Object.entries(BONUS_KEYS).map(([key, kind]) => [key, decimalFromCents(won(kind))])),
      currency: campaign.currency,
    };
  },
  response: object({ payment: amount("Everything accrued"), payment_post: amount("The posts' part"), ...Object.fromEntries(Object.keys(BONUS_KEYS).map((key) => [key, amount(`The ${key.slice(14).replace(/_/g, " ")} bonus`)])), currency: string("The campaign currency") }),
  // The documented example, with the two bonus keys it leaves out (the parts add up to `payment`).
  example: { payment: 30, payment_post: 25, payment_bonus_reach: 5, payment_bonus_engagement_rate: 0, payment_bonus_best_post: 0, currency: "USD" },
  errors: { 403: "An influencer, or another brand's task", 404: "No such task" },
});

export const moneyRoutes = [campaignSettings, taskPayments];

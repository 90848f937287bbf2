// The legacy task objects (docs/legacy-api.md, "The task model" and "Tasks"): a participation seen through
// its brief, a custom one or the implicit brief made of the campaign itself. The app's task and the back
// office's row share the brief, the status and the payments.
import { arrayOf, boolean, enumOf, integer, nullable, object, string } from "../../core/json-schema.js";
import type { JsonSchema } from "../../core/route.js";
import type { LegacyTaskFragment, LegacyTaskRowFragment } from "../../generated/operations.js";
import { campaignNetworks, dateObject, dateText, decimalFromCents, lowerEnum } from "../codecs.js";
import { dateObjectSchema, decimal as money, network } from "../dialect.js";
import { legacyCampaign, legacyCampaignSchema } from "../campaigns/campaign-shape.js";

export const TASK_STATUSES = ["pending", "under_review", "accepted", "rejected", "paid", "left"];
const OPEN = ["PARTICIPATION_STATUS_PENDING", "PARTICIPATION_STATUS_CONTENT_SUBMITTED", "PARTICIPATION_STATUS_APPROVED"];

/** In-process operations hand DateTime fields over as Date objects (whatever the generated types say): text here. */
export const isoOf = (value: string | Date) => new Date(value).toISOString();

/** The brief's deadline, else the campaign's end; null when neither is set. */
export function deadlineOf(task: { brief: { deadline: string | null } | null; campaign: { endDate: string | null } }) {
  const deadline = task.brief?.deadline ?? task.campaign.endDate;
  return deadline === null ? null : isoOf(deadline);
}

const networksOf = (campaign: LegacyTaskFragment["campaign"]) => campaignNetworks(campaign.allowedPlatforms);

/** The campaign's rules as a sentence: the implicit brief's requirements, and every task's `info`. */
function campaignRules(campaign: LegacyTaskFragment["campaign"]): string {
  const tags = (list: string[], sign: string) => list.map((tag) => sign + tag.replace(/^[#@]/, "")).join(" ");
  const hashtags = campaign.requiredHashtags.length ? `, with ${tags(campaign.requiredHashtags, "#")}` : "";
  const mentions = campaign.requiredMentions.length ? `, mentioning ${tags(campaign.requiredMentions, "@")}` : "";
  return `Post on ${networksOf(campaign).join(" or ")}${hashtags}${mentions}.`;
}

/** What an accepted post pays: the brief's payment, else the campaign's post rate. */
export const postPayment = (task: { brief: { paymentCents: number | null } | null; campaign: { rateCard: { postRateCents: number } } }) =>
  decimalFromCents(task.brief?.paymentCents ?? task.campaign.rateCard.postRateCents);

const payments = (task: LegacyTaskFragment) => ({
  minimum: decimalFromCents(task.campaign.rateCard.minimumRewardCents),
  post: postPayment(task),
  total: decimalFromCents(task.earnings.accruedCents),
});

/** `/api/get/tasks/`: the task as its influencer's app shows it. */
export function appTask(task: LegacyTaskFragment) {
  const { campaign, brief } = task;
  const rates = campaign.rateCard;
  const prize = (cents: number) => decimalFromCents(rates.hasBonus ? cents : 0);
  const deadline = deadlineOf(task);
  return {
    id: task.legacyId,
    type: "post",
    title: brief?.title ?? campaign.title,
    description: brief ? brief.description : campaign.description,
    requirements: brief?.requirements ?? campaignRules(campaign),
    deadline: deadline && deadline.replace(/\.\d{3}Z$/, "Z"),
    status: lowerEnum(task.taskStatus),
    bonus: { reach: prize(rates.promoReachBonusCents), engagement_rate: prize(rates.promoEngagementRateBonusCents), best_post: prize(rates.promoBestPostBonusCents) },
    payments: payments(task),
    info: { title: "Task Requirements", content: campaignRules(campaign) },
    campaign: legacyCampaign(campaign, { dateText: true }),
  };
}

/** `/api/tasks/`: the task as the back office lists it, with what its influencer may still do. */
export function backOfficeTask(task: LegacyTaskRowFragment, now = Date.now()) {
  const live = task.submissions.edges.map(({ node }) => node).filter((submission) => submission.status !== "REJECTED");
  const times = live.map((submission) => isoOf(submission.submittedAt)).sort();
  const deadline = deadlineOf(task);
  const ahead = deadline === null || Date.parse(deadline) > now;
  const allowComplete = task.taskStatus === "PENDING" && task.campaign.status === "CAMPAIGN_ACTIVE";
  const allowLeave = OPEN.includes(task.status);
  const won = new Set(task.bonuses.map((bonus) => bonus.kind));
  const status = lowerEnum(task.taskStatus);
  return {
    id: task.legacyId,
    type: `Profile: ${task.influencer.displayName}`,
    networks: live.length ? [...new Set(live.map((submission) => lowerEnum(submission.platform)))] : networksOf(task.campaign),
    status,
    status_name: status[0]!.toUpperCase() + status.slice(1).replace("_", " "),
    media: { url: null, link: live.at(-1)?.contentUrl ?? null },
    allow_complete: allowComplete,
    allow_leave: allowLeave,
    allow_countdown: deadline !== null && ahead && (status === "pending" || status === "under_review"),
    allow_payments: status === "accepted" || status === "paid",
    allow_bonus: won.size > 0,
    is_disabled: !allowComplete && !allowLeave,
    is_allowed_complete: allowComplete && ahead,
    date_completed_minimum: times.length ? dateText(times[0]!) : null,
    date_completed_maximum: times.length ? dateText(times.at(-1)!) : null,
    date_end: dateObject(deadline),
    bonus: { reach: won.has("REACH"), engagement_rate: won.has("ENGAGEMENT_RATE"), best_post: won.has("BEST_POST") },
    payments: payments(task),
    campaign: legacyCampaign(task.campaign, { dateText: true, rates: true }),
  };
}

// ---- their JSON Schemas -----------------------------------------------------------------------------------

const all = (keys: string[], schema: (key: string) => JsonSchema, description: string) => object(Object.fromEntries(keys.map((key) => [key, schema(key)])), description);
const text = (description: string) => nullable(string(description));
const common = {
  id: integer("The task's id (its participation's)"),
  status: enumOf(TASK_STATUSES, "The task's status"),
  payments: object({ minimum: money("The minimum reward"), post: money("What an accepted post pays"), total: money("What the task accrued so far") }, "In the campaign currency"),
};
const BONUSES = ["reach", "engagement_rate", "best_post"];
const FLAGS = ["allow_complete", "allow_leave", "allow_countdown", "allow_payments", "allow_bonus", "is_disabled", "is_allowed_complete"];

export const appTaskSchema = object(
  {
    ...common,
    type: enumOf(["post"], "Every task asks for a post"),
    title: string("The brief's title"),
    description: text("The brief's description"),
    requirements: string("The brief's requirements"),
    deadline: nullable(string("The brief's deadline, else the campaign's end", { format: "date-time" })),
    bonus: all(BONUSES, money, "The promo prizes on offer"),
    info: object({ title: string("Heading"), content: string("The campaign's rules") }, "Requirements to show"),
    campaign: legacyCampaignSchema({ dateText: true }),
  },
  "A task",
);

export const backOfficeTaskSchema = object(
  {
    ...common,
    type: string("`Profile: ` and the influencer's name"),
    networks: arrayOf(network("Network"), "Networks of its posts"),
    status_name: string("The status for people"),
    media: object({ url: text("The media's copy: always null, none is kept"), link: text("Its latest post") }, "Its post"),
    ...Object.fromEntries(FLAGS.map((key) => [key, boolean(`${key}: see docs/legacy-api.md, "Tasks"`)])),
    date_completed_minimum: text("When its first live post was submitted"),
    date_completed_maximum: text("When its latest live post was submitted"),
    date_end: dateObjectSchema("The deadline (UTC)"),
    bonus: all(BONUSES, boolean, "The promo bonuses it won"),
    campaign: legacyCampaignSchema({ dateText: true, rates: true }),
  },
  "A task",
);

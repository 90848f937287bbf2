// The legacy campaign paths (docs/legacy-api.md, "Campaigns"), each running the operation of a `.graphql` file beside it.
import * as documents from "../../generated/operations.js";
import { arrayOf, enumOf, integer, nullable, object, string, withProperties } from "../../core/json-schema.js";
import type { JsonSchema } from "../../core/route.js";
import { found } from "../../core/failure.js";
import { decimal, idBody, legacyIdField, legacyRoute, network } from "../dialect.js";
import { campaignNetworks, decimalFromCents, lowerEnum, upperEnum } from "../codecs.js";
import { legacyCampaign, legacyCampaignSchema } from "./campaign-shape.js";
import type { CampaignFilter, Platform } from "../../generated/operations.js";

const STATUSES = ["draft", "pending", "active", "paused", "completed", "cancelled"];
/** `filter` of the app list: what each value asks for (docs/legacy-api.md). */
const APP_FILTERS: Record<string, CampaignFilter> = { active: { statuses: ["CAMPAIGN_ACTIVE"] }, available: { statuses: ["CAMPAIGN_ACTIVE"], joined: false }, joined: { joined: true }, all: {} };

const listed = { listing: true } as const;
const listedSchema = legacyCampaignSchema(listed);
const availability = (description: string) => ({ type: "object", additionalProperties: { type: "boolean" }, description }) as JsonSchema;
const PUBLISHER_KINDS = { social_users_available: "USER", social_pages_available: "PAGE", social_walls_available: "WALL", social_channels_available: "CHANNEL" } as const;
const campaignIdBody = idBody("campaign_id", "campaign", "id", "campaignId");
const listFilters = { category: string("Only campaigns of this category", { maxLength: 100 }), network: network("Only campaigns that accept this network") };
const filterOf = (body: Record<string, any>) => ({
  ...(body.category ? { category: body.category } : {}),
  ...(body.network ? { platform: upperEnum(body.network) as Platform } : {}),
});

const getCampaigns = legacyRoute({
  path: "/api/get/campaigns/",
  description:
    "The campaigns the user may take part in. `filter`: `active` (default: live campaigns), `available` (live ones not joined yet), " +
    "`joined` (the ones the user joined, whatever their status), `all` (everything the user may list). At most 100, newest first.",
  body: { filter: enumOf(Object.keys(APP_FILTERS), "Which campaigns"), ...listFilters },
  operation: documents.LegacyCampaignsDocument,
  variables: (body) => ({ filter: { ...APP_FILTERS[body.filter ?? "active"], ...filterOf(body) } }),
  respond: (data) => ({ campaigns: data.campaigns.edges.map(({ node }) => legacyCampaign(node, listed)) }),
  response: object({ campaigns: arrayOf(listedSchema, "Campaigns") }),
});

const getCampaign = legacyRoute({
  path: "/api/get/campaign/",
  description:
    "One campaign, with `publisher`: for each of its networks, whether the user has a connected profile (or one an admin approved), " +
    "page, wall or channel there, and `attachment`. 404 when it does not exist or the user may not see it.",
  ...idBody("id", "campaign"),
  operation: documents.LegacyCampaignDetailsDocument,
  variables: (body) => ({ id: String(body.id) }),
  respond: (data) => {
    const campaign = found(data.campaign, "Campaign");
    const shown = legacyCampaign(campaign, listed);
    const approved = data.myNetworkApprovals.filter((approval) => approval.status === "APPROVED").map((approval) => ({ platform: approval.platform, kind: "USER" }));
    const accounts = [...(data.viewer.socialAccounts ?? []), ...approved];
    const publisher = Object.fromEntries(
      Object.entries(PUBLISHER_KINDS).map(([key, kind]) => [
        key,
        Object.fromEntries(shown.networks.map((name) => [name, accounts.some((account) => account.kind === kind && lowerEnum(account.platform) === name)])),
      ]),
    );
    return { ...shown, publisher, attachment: campaign.attachment };
  },
  response: withProperties(listedSchema, {
    publisher: object(Object.fromEntries(Object.keys(PUBLISHER_KINDS).map((key) => [key, availability("Network → available")])), "What the user can post from"),
    attachment: nullable(string("Attachment URL")),
  }),
  errors: { 404: "No such campaign, or the user may not see it" },
});

const getLeaderboard = legacyRoute({
  path: "/api/get/leaderboard/",
  description:
    "The campaign's participants ranked by score: the reach of their tracked posts at the latest metrics (impressions, then views, " +
    "where a platform reports no reach). Equal scores share a rank (1, 1, 3); ties are listed earlier participant first. " +
    "`completed_tasks`: the participant's accepted posts. At most 100.",
  ...campaignIdBody,
  operation: documents.LegacyLeaderboardDocument,
  variables: (body) => ({ campaignId: String(body.campaign_id) }),
  respond: (data) => ({
    leaderboard: data.campaignLeaderboard.map((entry) => ({
      user_id: entry.user.legacyId,
      username: entry.user.username ?? entry.user.displayName,
      score: entry.score,
      rank: entry.rank,
      completed_tasks: entry.completedTasks,
    })),
  }),
  response: object({
    leaderboard: arrayOf(
      object({
        user_id: integer("The participant's id"),
        username: string("Username (the display name when none is set)"),
        score: integer("Reach of the tracked posts", { minimum: 0 }),
        rank: integer("Competition rank, 1 is best", { minimum: 1 }),
        completed_tasks: integer("Accepted posts", { minimum: 0 }),
      }),
      "Best first",
    ),
  }),
  errors: { 404: "No such campaign, or the user may not see it" },
});

const joinCampaign = legacyRoute({
  path: "/api/action/campaign/join/",
  description: "The user (an influencer) joins an active campaign; joining again answers the same. Runs `joinCampaign`.",
  ...campaignIdBody,
  operation: documents.LegacyJoinCampaignDocument,
  variables: (body) => ({ campaignId: String(body.campaign_id) }),
  message: "Successfully joined campaign",
  errors: { 403: "Only influencers join campaigns", 404: "No such campaign, or the user may not see it", 409: "The campaign is not active" },
});

const networkApproval = legacyRoute({
  path: "/api/action/network/approval/",
  description:
    "The user (an influencer) asks an admin to approve a network profile (`requestNetworkApproval`); once approved (`reviewNetworkApproval`) " +
    "it counts as a connected account of that network when posts are checked. Asking again while pending or approved changes nothing.",
  body: {
    network_type: network("The profile's network"),
    network_id: string("The profile's id on the network", { minLength: 1, maxLength: 200 }),
    network_url: string("The profile's http(s) URL", { minLength: 1, maxLength: 2000 }),
  },
  required: ["network_type", "network_id", "network_url"],
  operation: documents.LegacyNetworkApprovalDocument,
  variables: (body) => ({ input: { platform: upperEnum(body.network_type) as Platform, externalAccountId: body.network_id, profileUrl: body.network_url } }),
  fieldNames: { platform: "network_type", externalAccountId: "network_id", profileUrl: "network_url" },
  message: "Network submitted for approval",
  errors: { 403: "Only influencers ask for approval" },
});

const getPublicCampaigns = legacyRoute({
  path: "/api/get/public/campaigns/",
  description: "Active campaigns, public fields only; no sign-in needed. `filter` is `active` (the only public list). At most 100, newest first.",
  body: { filter: enumOf(["active"], "Which campaigns"), ...listFilters },
  operation: documents.LegacyPublicCampaignsDocument,
  variables: (body) => ({ filter: filterOf(body) }),
  respond: (data) => ({
    campaigns: data.publicCampaigns.map((campaign) => ({
      id: campaign.legacyId,
      name: campaign.title,
      tagline: campaign.tagline,
      image_logo: campaign.imageLogo,
      networks: campaignNetworks(campaign.allowedPlatforms),
      currency: campaign.currency,
      minimum_reward: decimalFromCents(campaign.minimumRewardCents),
    })),
  }),
  response: object({
    campaigns: arrayOf(
      object({
        id: integer("The campaign's id"),
        name: string("Title"),
        tagline: nullable(string("Tagline")),
        image_logo: nullable(string("Logo image URL")),
        networks: arrayOf(network("Network"), "Networks a post may be on"),
        currency: string("ISO 4217 currency"),
        minimum_reward: decimal("The least a task pays"),
      }),
      "Active campaigns",
    ),
  }),
});

const EMPTY_PUBLISHER = { ...Object.fromEntries(Object.keys(PUBLISHER_KINDS).map((key) => [key, {}])), social_extras_available: {} };
const backOfficeCampaigns = legacyRoute({
  path: "/api/campaigns/",
  description:
    "Brands and admins. `advertiser_id`: that brand's campaigns (it wins over `user_id`); `user_id`: the campaigns that user would list " +
    "(an influencer: the active ones and those it joined); neither: all the caller manages (a brand: its own). A brand may only name " +
    "itself (403 otherwise); influencers 403. At most 100, newest first. `publisher` is empty here (it describes an app user).",
  body: { advertiser_id: legacyIdField("advertiser"), user_id: legacyIdField("user") },
  operation: documents.LegacyBackOfficeCampaignsDocument,
  variables: (body) => ({
    advertiserId: body.advertiser_id === undefined ? null : String(body.advertiser_id),
    userId: body.advertiser_id === undefined && body.user_id !== undefined ? String(body.user_id) : null,
  }),
  fieldNames: { advertiserId: "advertiser_id", userId: "user_id" },
  respond: (data) => data.backOfficeCampaigns.edges.map(({ node }) => ({ ...legacyCampaign(node, listed), publisher: EMPTY_PUBLISHER })),
  response: arrayOf(
    withProperties(listedSchema, {
      publisher: object(Object.fromEntries(Object.keys(EMPTY_PUBLISHER).map((key) => [key, availability("Empty in the back office")]))),
    }),
    "Campaigns",
  ),
  errors: { 403: "An influencer, or a brand naming another user", 404: "No such advertiser or user" },
});

const emailBody = { email: string("The account's email", { minLength: 3, maxLength: 320, pattern: "^[^@\\s]+@[^@\\s]+$" }) };
const idAnswer = object({ id: integer("The account's id"), message: string("What was found") });

const advertiserCheck = legacyRoute({
  path: "/api/advertiser/check/",
  description: "Admins: the id of the brand with this email (any letter case); 404 when no brand has it.",
  body: emailBody,
  required: ["email"],
  operation: documents.LegacyUserByEmailDocument,
  variables: (body) => ({ email: body.email }),
  respond: (data) => {
    const user = found(data.userByEmail?.role === "BRAND" ? data.userByEmail : null, "Advertiser");
    return { id: user.legacyId, message: "Advertiser already exists" };
  },
  response: idAnswer,
  errors: { 403: "Only admins", 404: "No brand has this email" },
});

const userCheck = legacyRoute({
  path: "/api/user/check/",
  description: "Admins: the id of the user (any role) with this email (any letter case); 404 when nobody has it.",
  body: emailBody,
  required: ["email"],
  operation: documents.LegacyUserByEmailDocument,
  variables: (body) => ({ email: body.email }),
  respond: (data) => ({ id: found(data.userByEmail, "User").legacyId, message: "User already exists" }),
  response: idAnswer,
  errors: { 403: "Only admins", 404: "No user has this email" },
});

/** A lifecycle move of one campaign (`setCampaignStatus`): status, pre-register and post-register. */
function statusRoute(path: string, description: string, message: string, fixed?: string) {
  return legacyRoute({
    path,
    description,
    body: { campaign_id: legacyIdField("campaign"), ...(fixed ? {} : { status: enumOf(STATUSES, "The new status") }) },
    required: fixed ? ["campaign_id"] : ["campaign_id", "status"],
    fieldNames: { id: "campaign_id" },
    operation: documents.LegacySetCampaignStatusDocument,
    variables: (body) => ({ id: String(body.campaign_id), status: upperEnum(fixed ?? body.status, "CAMPAIGN_") as never }),
    message,
    errors: { 403: "Not the campaign's owner or an admin", 404: "No such campaign, or the caller may not see it", 409: "The campaign cannot make this move from its status" },
  });
}

const campaignStatus = statusRoute(
  "/api/campaign/status/",
  "The owner or an admin moves the campaign along its lifecycle: draft → pending → active ⇄ paused → completed, cancelled from any " +
    "status that is not final. The same status again changes nothing; another illegal move is 409.",
  "Campaign status updated",
);
const preRegister = statusRoute(
  "/api/campaign/pre-register/",
  "Registers a draft campaign for review before it goes live: draft → pending (an admin or the owner then activates it). Again on a " +
    "pending campaign changes nothing; any other status is 409.",
  "Campaign pre-registered",
  "pending",
);
const postRegister = statusRoute(
  "/api/campaign/post-register/",
  "Registers the campaign's completion once it has run: active or paused → completed, which settles it and awards the promo bonuses " +
    "once. Again on a completed campaign changes nothing; a draft, pending or cancelled campaign is 409.",
  "Campaign post-registered",
  "completed",
);

export const campaignRoutes = [
  getCampaigns,
  getCampaign,
  getLeaderboard,
  joinCampaign,
  networkApproval,
  getPublicCampaigns,
  backOfficeCampaigns,
  advertiserCheck,
  userCheck,
  campaignStatus,
  preRegister,
  postRegister,
];

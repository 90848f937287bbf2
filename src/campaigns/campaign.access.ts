// Who may see and change a campaign (and, through it, its tasks): the one place that decides it.
import type { Context, Viewer } from "../context.js";
import { isAdmin, requireAllowed, requireViewer, requireVisibleRow } from "../auth/access.js";
import { loadByAnyId } from "../shared/loader.js";
import type { CampaignStatus } from "../shared/enums.js";
import type { CampaignRow } from "./campaign.type.js";

/** none: not visible; read: may look at it (and join it); manage: may change it, its tasks and its money. */
export type CampaignAccess = "none" | "read" | "manage";

/** Statuses an influencer can see without taking part. */
const PUBLIC_STATUSES: CampaignStatus[] = ["CAMPAIGN_ACTIVE", "CAMPAIGN_PAUSED", "CAMPAIGN_COMPLETED"];

/** Its owner and administrators manage a campaign. */
export function canManageCampaign(viewer: Viewer | null, campaign: CampaignRow): boolean {
  return isAdmin(viewer) || (viewer !== null && campaign.ownerId === viewer.id);
}

/** manage: owner and admins; read: an influencer, while the campaign is public or once it joined; none: the rest. */
export async function campaignAccess(context: Context, campaign: CampaignRow): Promise<CampaignAccess> {
  const viewer = context.viewer;
  if (canManageCampaign(viewer, campaign)) return "manage";
  if (viewer?.role !== "INFLUENCER") return "none";
  if (PUBLIC_STATUSES.includes(campaign.status)) return "read";
  return (await context.loaders.participations.ofViewerByCampaignId.load(campaign.id)) !== undefined ? "read" : "none";
}

/** A campaign the viewer may see, or NOT_FOUND. */
export async function getCampaign(context: Context, publicId: string, field = "id"): Promise<CampaignRow> {
  requireViewer(context);
  const campaign = await loadByAnyId(context.loaders.campaigns, publicId, "campaign", field);
  requireVisibleRow(campaign, campaign ? await campaignAccess(context, campaign) : "none", "Campaign", publicId);
  return campaign!;
}

/** A campaign the viewer may change: NOT_FOUND when they cannot see it, PERMISSION_DENIED when they only see it. */
export async function getOwnedCampaign(context: Context, publicId: string, field = "id"): Promise<CampaignRow> {
  requireViewer(context);
  const campaign = await loadByAnyId(context.loaders.campaigns, publicId, "campaign", field);
  const access = requireVisibleRow(campaign, campaign ? await campaignAccess(context, campaign) : "none", "Campaign", publicId);
  requireAllowed(access, ["manage"], "Only the campaign's owner may do this");
  return campaign!;
}

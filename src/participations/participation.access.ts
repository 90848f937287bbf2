// Who may see and act on a participation (and, through it, its submissions): the one place that decides it.
import type { Context, Viewer } from "../context.js";
import { requireAllowed, requireViewer, requireVisibleRow } from "../auth/access.js";
import { loadByAnyId } from "../shared/loader.js";
import { canManageCampaign } from "../campaigns/campaign.access.js";
import type { CampaignRow } from "../campaigns/campaign.type.js";
import type { ParticipationRow } from "./participation.type.js";

/**
 * none: not visible; influencer: the participating influencer (submits content, leaves); owner: the
 * campaign's owner or an administrator (reviews, approves, completes, rejects).
 */
export type ParticipationAccessLevel = "none" | "influencer" | "owner";

export interface ParticipationAccess {
  participation: ParticipationRow;
  campaign: CampaignRow;
  access: Exclude<ParticipationAccessLevel, "none">;
}

export function participationAccess(viewer: Viewer | null, participation: ParticipationRow, campaign: CampaignRow): ParticipationAccessLevel {
  if (canManageCampaign(viewer, campaign)) return "owner";
  if (viewer !== null && participation.influencerId === viewer.id) return "influencer";
  return "none";
}

/** A participation the viewer may see, with its campaign and the viewer's access, or NOT_FOUND. */
export async function getParticipation(context: Context, publicId: string, field = "id"): Promise<ParticipationAccess> {
  const viewer = requireViewer(context);
  // One statement for both rows; the loaders' own caches still answer, so a row already loaded (or reloaded
  // after a change) in this request wins over the joined one, as when they were loaded one after the other.
  const joined = await loadByAnyId(context.loaders.participations.withCampaign, publicId, "participation", field);
  if (joined) {
    context.loaders.participations.byId.prime(joined.participation.id, joined.participation);
    context.loaders.participations.byPublicId.prime(joined.participation.publicId, joined.participation);
    context.loaders.campaigns.byId.prime(joined.campaign.id, joined.campaign);
  }
  const participation = joined && (await context.loaders.participations.byId.load(joined.participation.id));
  const campaign = participation && (await context.loaders.campaigns.byId.load(participation.campaignId));
  const access = requireVisibleRow(
    participation,
    participation && campaign ? participationAccess(viewer, participation, campaign) : "none",
    "Participation",
    publicId,
  );
  return { participation: participation!, campaign: campaign!, access };
}

/** A participation the viewer may act on as the campaign's owner: NOT_FOUND, or PERMISSION_DENIED when they only see it. */
export async function getOwnedParticipation(context: Context, publicId: string): Promise<ParticipationAccess> {
  const found = await getParticipation(context, publicId);
  requireAllowed(found.access, ["owner"], "Only the campaign's owner may do this");
  return found;
}

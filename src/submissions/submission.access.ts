// Who may see and act on a submission: exactly who may see and act on its participation.
import type { Context } from "../context.js";
import { requireViewer, requireVisible } from "../auth/access.js";
import { ValidationFailed } from "../shared/errors.js";
import { isPublicId } from "../shared/ids.js";
import { participationAccess, type ParticipationAccess } from "../participations/participation.access.js";
import type { SubmissionRow } from "./submission.type.js";

export interface SubmissionAccess extends ParticipationAccess {
  submission: SubmissionRow;
}

export function parseSubmissionId(id: string, field = "id"): string {
  if (!isPublicId(id, "submission")) throw ValidationFailed(`${field} is not a submission id`, { [field]: "malformed submission id" });
  return id;
}

/**
 * A submission the viewer may see (through its participation), with the viewer's access, or NOT_FOUND.
 * Only a missing or invisible submission is NOT_FOUND: any other failure (a lost database) stays what it is.
 */
export async function getSubmission(context: Context, publicId: string, field = "id"): Promise<SubmissionAccess> {
  const viewer = requireViewer(context);
  const submission = await context.loaders.submissions.byPublicId.load(parseSubmissionId(publicId, field));
  const participation = submission && (await context.loaders.participations.byId.load(submission.participationId));
  const campaign = participation && (await context.loaders.campaigns.byId.load(participation.campaignId));
  const access = requireVisible(campaign ? participationAccess(viewer, participation!, campaign) : "none", "Submission", publicId);
  return { submission: submission!, participation: participation!, campaign: campaign!, access };
}

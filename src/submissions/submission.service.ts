// Submitting content (validated in the documented order (README, "Submit a post")) and the campaign owner's review.
import { and, eq, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import type { Tx } from "../db/client.js";
import { UNIQUE_VIOLATION, postgresErrorCode } from "../db/client.js";
import { requireAllowed } from "../auth/access.js";
import { Conflict, ValidationFailed } from "../shared/errors.js";
import { newPublicId } from "../shared/ids.js";
import { missingTags, normalizeTags } from "../shared/tags.js";
import type { ContentType, Platform, RejectionReason } from "../shared/enums.js";
import { effectiveStatus } from "../social-accounts/social-account.service.js";
import { hasApprovedNetwork } from "../social-accounts/network-approval.js";
import { OPEN_STATUSES, transitionParticipation } from "../participations/participation.service.js";
import { getParticipation } from "../participations/participation.access.js";
import type { ParticipationRow } from "../participations/participation.type.js";
import type { CampaignRow } from "../campaigns/campaign.type.js";
import { campaigns, participations, socialAccounts, submissions } from "../../schema/tables.js";
import { parseContentUrl } from "./content-url.js";
import { ReviewAction, type ReviewSubmissionInput, type SubmissionRow, type SubmitContentInput } from "./submission.type.js";
import { getSubmission } from "./submission.access.js";
import { submissionEvent } from "../webhooks/webhook.events.js";

export interface SubmissionResult {
  submission: SubmissionRow;
  participation: ParticipationRow;
}

interface CheckedSubmission {
  platform: Platform;
  contentUrl: string;
  externalMediaId: string;
  contentType: ContentType;
  postedAt: Date | null;
  hashtags: string[];
  mentions: string[];
}

/** Input checks that make a request malformed (VALIDATION_ERROR, nothing stored), before any rule runs. */
function checkSubmissionInput(input: SubmitContentInput): CheckedSubmission {
  const errors: Record<string, string> = {};
  const contentUrl = input.contentUrl.toString();
  const parsed = parseContentUrl(contentUrl);
  if (contentUrl.length > 2048) errors.contentUrl = "at most 2048 characters";
  else if (!parsed) errors.contentUrl = `is not a recognised ${input.platform} post URL`;
  else if (parsed.platform !== input.platform) errors.contentUrl = `is a ${parsed.platform} URL, not ${input.platform}`;
  if (input.postedAt && input.postedAt.getTime() > Date.now() + 5 * 60_000) errors.postedAt = "must not be in the future";
  const hashtags = normalizeTags(input.declaredHashtags ?? [], "#", "declaredHashtags", errors);
  const mentions = normalizeTags(input.declaredMentions ?? [], "@", "declaredMentions", errors);
  if (Object.keys(errors).length || !parsed) throw ValidationFailed("The submission is not valid", errors);
  return {
    platform: input.platform,
    contentUrl,
    externalMediaId: parsed.externalMediaId,
    contentType: input.contentType ?? parsed.contentType,
    postedAt: input.postedAt ?? null,
    hashtags,
    mentions,
  };
}

/** The first rule the submission breaks, in the documented order (README, "Submit a post"), or null when it passes. */
async function firstRejectionReason(
  tx: Tx,
  campaign: CampaignRow,
  participation: ParticipationRow,
  content: CheckedSubmission,
): Promise<RejectionReason | null> {
  if (campaign.status !== "CAMPAIGN_ACTIVE") return "CAMPAIGN_NOT_ACTIVE";
  const [live] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(submissions)
    .where(and(eq(submissions.participationId, participation.id), sql`${submissions.status} <> 'REJECTED'`));
  if (live!.count >= campaign.submissionLimit) return "SUBMISSION_LIMIT_REACHED";
  const platformAllowed = campaign.allowedPlatforms.length === 0 || campaign.allowedPlatforms.includes(content.platform);
  const typeAllowed = campaign.allowedContentTypes.length === 0 || campaign.allowedContentTypes.includes(content.contentType);
  if (!platformAllowed || !typeAllowed) return "CONTENT_TYPE_NOT_ALLOWED";
  if (missingTags(campaign.requiredHashtags, content.hashtags).length) return "MISSING_REQUIRED_HASHTAGS";
  if (missingTags(campaign.requiredMentions, content.mentions).length) return "MISSING_REQUIRED_MENTIONS";
  const accounts = await tx
    .select()
    .from(socialAccounts)
    .where(and(eq(socialAccounts.userId, participation.influencerId), eq(socialAccounts.platform, content.platform)));
  // A profile an admin approved by hand counts as a connected account (src/social-accounts/network-approval.ts).
  const eligible = accounts.some((account) => effectiveStatus(account) === "VALID") || (await hasApprovedNetwork(tx, participation.influencerId, content.platform));
  if (!eligible) return "INTEGRATION_NOT_ELIGIBLE";
  return null;
}

/** An earlier submission of exactly this content that validation rejected for `reason`, if any. */
async function sameRejectedRequest(tx: Tx, participationId: number, content: CheckedSubmission, reason: RejectionReason) {
  const candidates = await tx
    .select()
    .from(submissions)
    .where(
      and(
        eq(submissions.participationId, participationId),
        eq(submissions.platform, content.platform),
        eq(submissions.externalMediaId, content.externalMediaId),
        eq(submissions.rejectionReason, reason),
      ),
    );
  const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);
  return candidates.find(
    (candidate) =>
      candidate.contentUrl === content.contentUrl &&
      candidate.declaredContentType === content.contentType &&
      (candidate.postedAt?.getTime() ?? null) === (content.postedAt?.getTime() ?? null) &&
      sameList(candidate.declaredHashtags, content.hashtags) &&
      sameList(candidate.declaredMentions, content.mentions),
  );
}

/**
 * Stores a submission: PENDING when it passes every rule, REJECTED with the first failing reason otherwise.
 * The participation row is locked for the duration, so concurrent submits count each other and can never
 * exceed the submission limit.
 */
export async function submitContent(context: Context, input: SubmitContentInput): Promise<SubmissionResult> {
  const { participation, access } = await getParticipation(context, input.participationId, "participationId");
  requireAllowed(access, ["influencer"], "Only the participating influencer may submit content");
  const content = checkSubmissionInput(input);

  try {
    return await context.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(participations).where(eq(participations.id, participation.id)).for("update");
      if (!locked || !OPEN_STATUSES.includes(locked.status)) {
        throw Conflict(`Content cannot be submitted to a participation that is ${locked?.status}`);
      }
      const [duplicate] = await tx
        .select({ publicId: submissions.publicId })
        .from(submissions)
        .where(
          and(
            eq(submissions.participationId, locked.id),
            eq(submissions.platform, content.platform),
            eq(submissions.externalMediaId, content.externalMediaId),
            sql`${submissions.status} <> 'REJECTED'`,
          ),
        );
      if (duplicate) throw Conflict("This post is already submitted", { submissionId: duplicate.publicId });

      const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, locked.campaignId));
      const rejectionReason = await firstRejectionReason(tx, campaign!, locked, content);
      if (rejectionReason) {
        // The same request rejected for the same reason again: answer the first rejection, store nothing.
        const repeated = await sameRejectedRequest(tx, locked.id, content, rejectionReason);
        if (repeated) return { submission: repeated, participation: locked };
      }
      const [submission] = await tx
        .insert(submissions)
        .values({
          publicId: newPublicId("submission"),
          participationId: locked.id,
          platform: content.platform,
          contentUrl: content.contentUrl,
          externalMediaId: content.externalMediaId,
          postedAt: content.postedAt,
          declaredHashtags: content.hashtags,
          declaredMentions: content.mentions,
          declaredContentType: content.contentType,
          status: rejectionReason ? "REJECTED" : "PENDING",
          rejectionReason,
        })
        .returning();
      await submissionEvent(tx, "SUBMISSION_CREATED", submission!);
      const updated =
        !rejectionReason && locked.status === "PARTICIPATION_STATUS_PENDING"
          ? await transitionParticipation(tx, locked, ["PARTICIPATION_STATUS_PENDING"], "PARTICIPATION_STATUS_CONTENT_SUBMITTED")
          : locked;
      return { submission: submission!, participation: updated };
    });
  } catch (error) {
    if (postgresErrorCode(error) === UNIQUE_VIOLATION) throw Conflict("This post is already submitted");
    throw error;
  }
}

/**
 * The campaign owner accepts or rejects a PENDING submission. Accepting moves a CONTENT_SUBMITTED
 * participation to APPROVED; rejecting the last live submission moves it back to PENDING.
 */
export async function reviewSubmission(context: Context, input: ReviewSubmissionInput): Promise<SubmissionResult> {
  const { submission, participation, access } = await getSubmission(context, input.submissionId, "submissionId");
  requireAllowed(access, ["owner"], "Only the campaign's owner may review submissions");
  if (input.reason != null && input.reason.length > 2000) throw ValidationFailed("reason is too long", { reason: "at most 2000 characters" });
  const target = input.action === ReviewAction.APPROVE ? "ACCEPTED" : "REJECTED";

  return context.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(participations).where(eq(participations.id, participation.id)).for("update");
    const now = new Date();
    const [reviewed] = await tx
      .update(submissions)
      .set(
        target === "ACCEPTED"
          ? { status: "ACCEPTED", reviewedAt: now, updatedAt: now }
          : { status: "REJECTED", rejectionReason: "REJECTED_BY_REVIEWER", reviewerNote: input.reason ?? null, reviewedAt: now, updatedAt: now },
      )
      .where(and(eq(submissions.id, submission.id), eq(submissions.status, "PENDING")))
      .returning();
    if (!reviewed) {
      const [current] = await tx.select().from(submissions).where(eq(submissions.id, submission.id));
      if (current?.status === target) return { submission: current, participation: locked! };
      throw Conflict(`A ${current?.status} submission cannot be reviewed again`, { status: current?.status });
    }
    await submissionEvent(tx, "SUBMISSION_REVIEWED", reviewed);
    let updated = locked!;
    if (target === "ACCEPTED" && updated.status === "PARTICIPATION_STATUS_CONTENT_SUBMITTED") {
      updated = await transitionParticipation(tx, updated, ["PARTICIPATION_STATUS_CONTENT_SUBMITTED"], "PARTICIPATION_STATUS_APPROVED");
    }
    if (target === "REJECTED" && updated.status === "PARTICIPATION_STATUS_CONTENT_SUBMITTED") {
      const [live] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(submissions)
        .where(and(eq(submissions.participationId, updated.id), sql`${submissions.status} <> 'REJECTED'`));
      if (live!.count === 0) {
        updated = await transitionParticipation(tx, updated, ["PARTICIPATION_STATUS_CONTENT_SUBMITTED"], "PARTICIPATION_STATUS_PENDING");
      }
    }
    return { submission: reviewed, participation: updated };
  });
}

// GraphQL results → the documented participation bodies. The original documentation mixes casings on
// purpose: GET, /approve and /complete are camelCase (`participationId`, `createdAtTimestamp`), while
// /submissions and /review are snake_case (`submission_id`, `participation_status`), and GET's tracking
// blocks are snake_case inside a camelCase body. Keys the documentation elides are named in the casing of
// their neighbours; docs/rest-compat.md lists them.
import type {
  RestContentSubmissionFragment,
  RestParticipationFragment,
  RestParticipationQuery,
  RestReviewSubmissionMutation,
  RestSubmitContentMutation,
} from "../../generated/operations.js";
import { found } from "../../core/failure.js";

type CampaignNode = NonNullable<RestParticipationQuery["participation"]>["campaign"];

export function contentSubmission(node: RestContentSubmissionFragment) {
  return {
    submissionId: node.id,
    platform: node.platform,
    contentUrl: node.contentUrl,
    submittedAtTimestamp: node.submittedAt,
    postedAtTimestamp: node.postedAt,
    declaredHashtags: node.declaredHashtags,
    declaredMentions: node.declaredMentions,
    declaredContentType: node.contentType,
    submissionStatus: node.status,
    rejectionReason: node.rejectionReason,
  };
}

/** `participation` of GET /participations/{id}, /approve and /complete. */
export function participationBody(participation: RestParticipationFragment) {
  return {
    participationId: participation.id,
    campaignId: participation.campaign.id,
    influencerUserId: participation.influencer.id,
    participationStatus: participation.status,
    contentSubmissionList: participation.submissions.edges.map((edge) => contentSubmission(edge.node)),
    createdAtTimestamp: participation.createdAt,
    lastUpdatedAtTimestamp: participation.updatedAt,
  };
}

/** `campaign` of GET /participations/{id}: the documentation shows the first four keys and describes the rest. */
export function campaignBody(campaign: CampaignNode) {
  return {
    campaignId: campaign.id,
    campaignTitle: campaign.title,
    campaignDescription: campaign.description,
    campaignLifeCycleStatus: campaign.status,
    objectiveType: campaign.objectiveType,
    currency: campaign.currency,
    targetBudgetCents: campaign.targetBudgetCents,
    startDateTimestamp: campaign.startDate,
    endDateTimestamp: campaign.endDate,
    completedAtTimestamp: campaign.completedAt,
    requiredHashtags: campaign.requiredHashtags,
    requiredMentions: campaign.requiredMentions,
    allowedPlatforms: campaign.allowedPlatforms,
    allowedContentTypes: campaign.allowedContentTypes,
    submissionLimit: campaign.submissionLimit,
    createdAtTimestamp: campaign.createdAt,
  };
}

export function participationDetailsBody(data: RestParticipationQuery) {
  const participation = found(data.participation, "Participation");
  return {
    participation: participationBody(participation),
    campaign: campaignBody(participation.campaign),
    submission_tracking_summary: {
      submission_limit: participation.trackingSummary.submissionLimit,
      accepted_submission_count: participation.trackingSummary.acceptedSubmissionCount,
      tracked_submission_count: participation.trackingSummary.trackedSubmissionCount,
    },
    submission_tracking_list: participation.submissions.edges.map(({ node }) => ({
      submission_id: node.id,
      is_tracked: node.isTracked,
      tracking_reason: node.trackingReason,
    })),
  };
}

export function submitContentBody({ submitContent: { submission, participation } }: RestSubmitContentMutation) {
  return {
    submission: {
      submission_id: submission.id,
      participation_id: participation.id,
      content_url: submission.contentUrl,
      platform: submission.platform,
      submission_status: submission.status,
      rejection_reason: submission.rejectionReason,
      submitted_at_timestamp: submission.submittedAt,
    },
    participation: {
      participation_id: participation.id,
      participation_status: participation.status,
    },
  };
}

export function reviewSubmissionBody({ reviewSubmission: { submission, participation } }: RestReviewSubmissionMutation) {
  return {
    submission_id: submission.id,
    participation_id: participation.id,
    submission_status: submission.status,
    rejection_reason: submission.rejectionReason,
    participation_status: participation.status,
  };
}

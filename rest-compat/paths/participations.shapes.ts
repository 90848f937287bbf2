// GraphQL results → the bodies seed varmply-participations.txt documents. The seed mixes casings on
// purpose: GET, /approve and /complete are camelCase (`participationId`, `createdAtTimestamp`), while
// /submissions and /review are snake_case (`submission_id`, `participation_status`), and GET's tracking
// blocks are snake_case inside a camelCase body. Keys the seed elides are named in the casing of their
// neighbours (DESIGN §11); docs/rest-compat.md lists them.

/** The fields of fragment RestContentSubmission (operations/fragments.graphql). */
export interface SubmissionNode {
  id: string;
  platform: string;
  contentUrl: string;
  postedAt: string | null;
  declaredHashtags: string[];
  declaredMentions: string[];
  contentType: string;
  status: string;
  rejectionReason: string | null;
  submittedAt: string;
}

/** The fields of fragment RestParticipation. */
export interface ParticipationNode {
  id: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  campaign: { id: string };
  influencer: { id: string };
  submissions: { edges: { node: SubmissionNode }[] };
}

export interface CampaignNode {
  id: string;
  title: string;
  description: string | null;
  objectiveType: string | null;
  currency: string;
  targetBudgetCents: number | null;
  status: string;
  startDate: string | null;
  endDate: string | null;
  completedAt: string | null;
  requiredHashtags: string[];
  requiredMentions: string[];
  allowedPlatforms: string[];
  allowedContentTypes: string[];
  submissionLimit: number;
  createdAt: string;
}

export interface ParticipationDetailsData {
  participation: Omit<ParticipationNode, "campaign" | "submissions"> & {
    campaign: CampaignNode;
    submissions: { edges: { node: SubmissionNode & { isTracked: boolean; trackingReason: string } }[] };
    trackingSummary: { submissionLimit: number; acceptedSubmissionCount: number; trackedSubmissionCount: number };
  };
}

export interface SubmitContentData {
  submitContent: {
    submission: { id: string; contentUrl: string; platform: string; status: string; rejectionReason: string | null; submittedAt: string };
    participation: { id: string; status: string };
  };
}

export interface ReviewSubmissionData {
  reviewSubmission: {
    submission: { id: string; status: string; rejectionReason: string | null };
    participation: { id: string; status: string };
  };
}

export function contentSubmission(node: SubmissionNode) {
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
export function participationBody(participation: ParticipationNode) {
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

/** `campaign` of GET /participations/{id}: the seed shows the first four keys and describes the rest. */
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

export function participationDetailsBody({ participation }: ParticipationDetailsData) {
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

export function submitContentBody({ submitContent: { submission, participation } }: SubmitContentData) {
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

export function reviewSubmissionBody({ reviewSubmission: { submission, participation } }: ReviewSubmissionData) {
  return {
    submission_id: submission.id,
    participation_id: participation.id,
    submission_status: submission.status,
    rejection_reason: submission.rejectionReason,
    participation_status: participation.status,
  };
}

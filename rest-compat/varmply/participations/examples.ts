// The documentation's examples for the participations paths, with its elisions filled in (docs/rest-compat.md), as
// /openapi.json shows them. The route-cost measure reports them apart: they are the documentation's data.
import { REVIEWED, SUBMITTED, snake } from "./schemas.js";

const exampleSubmission = (id: string, status: string, reason: string | null) => ({
  submissionId: id,
  platform: "INSTAGRAM",
  contentUrl: "https://instagram.com/p/abc123",
  submittedAtTimestamp: "2024-01-01T12:00:00Z",
  postedAtTimestamp: "2024-01-01T12:00:00Z",
  declaredHashtags: ["#summer", "#productlaunch"],
  declaredMentions: ["@brand"],
  declaredContentType: "POST",
  submissionStatus: status,
  rejectionReason: reason,
});

const exampleParticipation = (status: string, updatedAt: string, submissions: unknown[]) => ({
  participationId: "participation_xyz789",
  campaignId: "campaign_abc123",
  influencerUserId: "user_123",
  participationStatus: status,
  contentSubmissionList: submissions,
  createdAtTimestamp: "2024-01-01T00:00:00Z",
  lastUpdatedAtTimestamp: updatedAt,
});

export const participationDetailsExample = {
  participation: exampleParticipation("PARTICIPATION_STATUS_CONTENT_SUBMITTED", "2024-01-01T12:00:00Z", []),
  campaign: {
    campaignId: "campaign_abc123",
    campaignTitle: "Summer Campaign",
    campaignDescription: "Summer product launch",
    campaignLifeCycleStatus: "CAMPAIGN_ACTIVE",
    objectiveType: "AWARENESS",
    currency: "USD",
    targetBudgetCents: 500000,
    startDateTimestamp: "2024-01-01T00:00:00Z",
    endDateTimestamp: "2024-02-01T00:00:00Z",
    completedAtTimestamp: null,
    requiredHashtags: ["#summer"],
    requiredMentions: ["@brand"],
    allowedPlatforms: ["INSTAGRAM", "TIKTOK"],
    allowedContentTypes: [],
    submissionLimit: 3,
    createdAtTimestamp: "2023-12-15T00:00:00Z",
  },
  submission_tracking_summary: { submission_limit: 3, accepted_submission_count: 5, tracked_submission_count: 3 },
  submission_tracking_list: [
    { submission_id: "submission_aaa111", is_tracked: true, tracking_reason: "WITHIN_SUBMISSION_LIMIT" },
    { submission_id: "submission_fff666", is_tracked: false, tracking_reason: "OVER_SUBMISSION_LIMIT" },
  ],
};

/** The submission the /submissions and /review examples show, in the camelCase of FIELDS; then reviewed. */
const submitted = {
  ...exampleSubmission("submission_xyz789", "PENDING", null),
  participationId: "participation_xyz789",
  // The documentation shows PARTICIPATION_STATUS_PENDING here; the server answers CONTENT_SUBMITTED (docs/rest-compat.md).
  participationStatus: "PARTICIPATION_STATUS_CONTENT_SUBMITTED",
};
const reviewed = { ...submitted, submissionStatus: "ACCEPTED", participationStatus: "PARTICIPATION_STATUS_APPROVED" };

export const submitContentExample = {
  request: snake(submitted, ["contentUrl", "platform", "postedAtTimestamp", "declaredHashtags", "declaredMentions"]),
  response: { submission: snake(submitted, SUBMITTED), participation: snake(submitted, ["participationId", "participationStatus"]) },
};

export const reviewSubmissionExample = { request: { action: "APPROVE" }, response: snake(reviewed, REVIEWED) };

const acceptedParticipation = (status: string, updatedAt: string) => ({
  participation: exampleParticipation(status, updatedAt, [exampleSubmission("submission_xyz789", "ACCEPTED", null)]),
});

export const approveParticipationExample = acceptedParticipation("PARTICIPATION_STATUS_APPROVED", "2024-01-01T13:00:00Z");

export const completeParticipationExample = acceptedParticipation("PARTICIPATION_STATUS_COMPLETED", "2024-01-01T14:00:00Z");

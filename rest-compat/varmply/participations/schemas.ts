// JSON Schemas and examples for the participation paths. Descriptions are the original API documentation's
// own sentences; the examples are its examples, with their elisions (`{ … }`, `[ … ]`) filled in and their ids
// kept, so /openapi.json shows what the documentation shows.
import { CampaignStatus, ContentType, ParticipationStatus, RejectionReason, SubmissionStatus } from "../../../src/shared/enums.js";
import { TrackingReason } from "../../../src/submissions/submission.type.js";
import { PLATFORMS } from "../../../src/platforms/platforms.js";
import { arrayOf, boolean, enumOf, integer, nullable, object, requestObject, string, timestamp } from "../../core/json-schema.js";

const values = (enumObject: Record<string, string>) => Object.keys(enumObject);

// ---- request bodies -------------------------------------------------------------------------------------

const tagList = (description: string) => arrayOf(string(description, { maxLength: 101 }), description, { maxItems: 50 });

export const submitContentRequest = requestObject(
  {
    content_url: string("URL to the content", { format: "uri", maxLength: 2048 }),
    platform: enumOf(PLATFORMS, "Platform where the content was posted"),
    posted_at_timestamp: timestamp("When the content was posted (optional)"),
    declared_hashtags: tagList("Array of hashtags declared in the content submission"),
    declared_mentions: tagList("Array of mentions declared in the content submission"),
    declared_content_type: enumOf(
      values(ContentType),
      "Content type declared by the influencer during submission (optional: inferred from the URL when absent)",
    ),
  },
  ["content_url", "platform"],
);

export const reviewSubmissionRequest = requestObject(
  {
    action: enumOf(["APPROVE", "REJECT"], "APPROVE accepts the pending submission; REJECT rejects it (rejection_reason REJECTED_BY_REVIEWER)"),
    reason: string("Optional free text kept with a rejection", { maxLength: 2000 }),
  },
  ["action"],
);

// ---- response bodies ------------------------------------------------------------------------------------

const submissionStatus = enumOf(
  values(SubmissionStatus),
  "Status of the submission. Submissions start as PENDING and transition to ACCEPTED or REJECTED based on campaign requirements validation.",
);
const rejectionReason = nullable(
  enumOf(
    values(RejectionReason),
    "Reason for rejection if submissionStatus is REJECTED. Possible values: CAMPAIGN_NOT_ACTIVE, SUBMISSION_LIMIT_REACHED, CONTENT_TYPE_NOT_ALLOWED, MISSING_REQUIRED_HASHTAGS, MISSING_REQUIRED_MENTIONS, INTEGRATION_NOT_ELIGIBLE (and REJECTED_BY_REVIEWER after a manual rejection)",
  ),
);
const participationStatus = enumOf(values(ParticipationStatus), "Current status of the participation");

const contentSubmission = object({
  submissionId: string("Unique identifier for the submission"),
  platform: enumOf(PLATFORMS, "Platform where the content was posted"),
  contentUrl: string("URL to the content"),
  submittedAtTimestamp: timestamp("When the content was submitted"),
  postedAtTimestamp: nullable(timestamp("When the content was posted (null if not yet posted)")),
  declaredHashtags: arrayOf(string("A hashtag"), "Array of hashtags declared in the content submission"),
  declaredMentions: arrayOf(string("A mention"), "Array of mentions declared in the content submission"),
  declaredContentType: enumOf(values(ContentType), "Content type declared by the influencer during submission"),
  submissionStatus,
  rejectionReason,
});

export const participationSchema = object({
  participationId: string("Unique identifier for the participation"),
  campaignId: string("Unique identifier for the campaign"),
  influencerUserId: string("Unique identifier for the influencer user"),
  participationStatus,
  contentSubmissionList: arrayOf(contentSubmission, "List of content submissions for this participation (oldest first, at most 100)"),
  createdAtTimestamp: timestamp("When the participation was created"),
  lastUpdatedAtTimestamp: timestamp("When the participation last changed"),
});

const campaignSchema = object({
  campaignId: string("Unique identifier for the campaign"),
  campaignTitle: string("Title of the campaign"),
  campaignDescription: nullable(string("Description of the campaign")),
  campaignLifeCycleStatus: enumOf(values(CampaignStatus), "Current lifecycle status of the campaign"),
  objectiveType: nullable(string("Objective type for the campaign")),
  currency: string("Currency code for the campaign", { examples: ["USD"] }),
  targetBudgetCents: nullable(integer("Target budget in cents (null if no target set)")),
  startDateTimestamp: nullable(timestamp("Campaign start date (null if not set)")),
  endDateTimestamp: nullable(timestamp("Campaign end date (null if not set)")),
  completedAtTimestamp: nullable(timestamp("When the campaign was completed (null if not yet completed)")),
  requiredHashtags: arrayOf(string("A hashtag"), "Array of required hashtags for submissions"),
  requiredMentions: arrayOf(string("A mention"), "Array of required mentions for submissions"),
  allowedPlatforms: arrayOf(enumOf(PLATFORMS, "A platform"), "Array of allowed content platform types (empty: every platform)"),
  allowedContentTypes: arrayOf(enumOf(values(ContentType), "A content type"), "Array of allowed content types (empty: every type)"),
  submissionLimit: integer("Maximum number of live submissions per participation, and of tracked ones"),
  createdAtTimestamp: timestamp("When the campaign was created"),
});

export const participationDetailsResponse = object({
  participation: participationSchema,
  campaign: campaignSchema,
  submission_tracking_summary: object({
    submission_limit: integer("Maximum number of submissions that can be tracked for metrics"),
    accepted_submission_count: integer("Total number of accepted submissions"),
    tracked_submission_count: integer("Number of accepted submissions tracked for metrics"),
  }),
  submission_tracking_list: arrayOf(
    object({
      submission_id: string("Unique identifier for the submission"),
      is_tracked: boolean("Whether this submission is being tracked for metrics"),
      tracking_reason: enumOf(values(TrackingReason), "Reason for the tracking status"),
    }),
    "Every submission of the participation with its tracking status (same order as contentSubmissionList)",
  ),
});

export const participationResponse = object({ participation: participationSchema });

export const submitContentResponse = object({
  submission: object({
    submission_id: string("Unique identifier for the submission"),
    participation_id: string("Unique identifier for the participation"),
    content_url: string("URL to the content"),
    platform: enumOf(PLATFORMS, "Platform where the content was posted"),
    submission_status: submissionStatus,
    rejection_reason: rejectionReason,
    submitted_at_timestamp: timestamp("When the content was submitted"),
  }),
  participation: object({
    participation_id: string("Unique identifier for the participation"),
    participation_status: participationStatus,
  }),
});

export const reviewSubmissionResponse = object({
  submission_id: string("Unique identifier for the submission"),
  participation_id: string("Unique identifier for the participation"),
  submission_status: submissionStatus,
  rejection_reason: rejectionReason,
  participation_status: participationStatus,
});

// ---- examples (the documentation's) ---------------------------------------------------------------------

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

export const submitContentExample = {
  request: {
    content_url: "https://instagram.com/p/abc123",
    platform: "INSTAGRAM",
    posted_at_timestamp: "2024-01-01T12:00:00Z",
    declared_hashtags: ["#summer", "#productlaunch"],
    declared_mentions: ["@brand"],
  },
  response: {
    submission: {
      submission_id: "submission_xyz789",
      participation_id: "participation_xyz789",
      content_url: "https://instagram.com/p/abc123",
      platform: "INSTAGRAM",
      submission_status: "PENDING",
      rejection_reason: null,
      submitted_at_timestamp: "2024-01-01T12:00:00Z",
    },
    // The documentation shows PARTICIPATION_STATUS_PENDING here; the server answers CONTENT_SUBMITTED (docs/rest-compat.md).
    participation: { participation_id: "participation_xyz789", participation_status: "PARTICIPATION_STATUS_CONTENT_SUBMITTED" },
  },
};

export const reviewSubmissionExample = {
  request: { action: "APPROVE" },
  response: {
    submission_id: "submission_xyz789",
    participation_id: "participation_xyz789",
    submission_status: "ACCEPTED",
    rejection_reason: null,
    participation_status: "PARTICIPATION_STATUS_APPROVED",
  },
};

export const approveParticipationExample = {
  participation: exampleParticipation("PARTICIPATION_STATUS_APPROVED", "2024-01-01T13:00:00Z", [exampleSubmission("submission_xyz789", "ACCEPTED", null)]),
};

export const completeParticipationExample = {
  participation: exampleParticipation("PARTICIPATION_STATUS_COMPLETED", "2024-01-01T14:00:00Z", [exampleSubmission("submission_xyz789", "ACCEPTED", null)]),
};

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

/** A submission's and a participation's keys, as the camelCase paths name them. */
const FIELDS = {
  submissionId: string("Unique identifier for the submission"),
  participationId: string("Unique identifier for the participation"),
  platform: enumOf(PLATFORMS, "Platform where the content was posted"),
  contentUrl: string("URL to the content"),
  submittedAtTimestamp: timestamp("When the content was submitted"),
  submissionStatus,
  rejectionReason,
  participationStatus,
};

/** The snake_case paths (/submissions, /review) show the same fields: `submission_status` is `submissionStatus`. */
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
export const snake = <T>(from: Record<string, T>, names: string[]) => Object.fromEntries(names.map((name) => [snakeCase(name), from[name]!]));
export const SUBMITTED = ["submissionId", "participationId", "contentUrl", "platform", "submissionStatus", "rejectionReason", "submittedAtTimestamp"];
export const REVIEWED = ["submissionId", "participationId", "submissionStatus", "rejectionReason", "participationStatus"];

const contentSubmission = object({
  submissionId: FIELDS.submissionId,
  platform: FIELDS.platform,
  contentUrl: FIELDS.contentUrl,
  submittedAtTimestamp: FIELDS.submittedAtTimestamp,
  postedAtTimestamp: nullable(timestamp("When the content was posted (null if not yet posted)")),
  declaredHashtags: arrayOf(string("A hashtag"), "Array of hashtags declared in the content submission"),
  declaredMentions: arrayOf(string("A mention"), "Array of mentions declared in the content submission"),
  declaredContentType: enumOf(values(ContentType), "Content type declared by the influencer during submission"),
  submissionStatus,
  rejectionReason,
});

export const participationSchema = object({
  participationId: FIELDS.participationId,
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
  submission: object(snake(FIELDS, SUBMITTED)),
  participation: object(snake(FIELDS, ["participationId", "participationStatus"])),
});

export const reviewSubmissionResponse = object(snake(FIELDS, REVIEWED));

// The participation and submission paths (docs/rest-compat.md), each running the operation in the
// `.graphql` file of the same name beside it. The dialect adds the id parameter, 401, 413/415 and the
// id's 400 ("The participation id is malformed") and 404 ("No such participation, or the caller may not see it").
import { defineRoute } from "../../core/route.js";
import { inputFrom, unwrap } from "../../core/shaping.js";
import * as documents from "../../generated/operations.js";
import * as examples from "./examples.js";
import * as schemas from "./schemas.js";
import { participationDetailsBody, reviewSubmissionBody } from "./shapes.js";

const TAG = "Participations";

/** The operations take the participation as argument `id`; the client knows it as `participationId`. */
const byParticipationId = {
  variables: ({ params }: { params: Record<string, string> }) => ({ id: params.participationId }),
  fieldNames: { id: "participationId" },
};

export const getParticipation = defineRoute({
  method: "GET",
  path: "/participations/{participationId}",
  tag: TAG,
  summary: "Get participation details",
  description:
    "Returns the participation, its campaign, its content submissions and which of them are tracked for metrics. " +
    "Visible to the participating influencer, the campaign owner and admins.",
  operation: documents.RestParticipationDocument,
  ...byParticipationId,
  respond: participationDetailsBody,
  success: {
    status: 200,
    response: { description: "Participation details retrieved successfully", schema: schemas.participationDetailsResponse, example: examples.participationDetailsExample },
  },
});

/** The submitted post: GraphQL input field → the body key the client sends. */
const SUBMISSION_FIELDS = {
  platform: "platform",
  contentUrl: "content_url",
  postedAt: "posted_at_timestamp",
  declaredHashtags: "declared_hashtags",
  declaredMentions: "declared_mentions",
  contentType: "declared_content_type",
};

export const submitContent = defineRoute({
  method: "POST",
  path: "/participations/{participationId}/submissions",
  tag: TAG,
  summary: "Submit content",
  description:
    "The participating influencer submits a post. A malformed request is 400 and stores nothing; a well-formed one is stored " +
    "(201) as PENDING, or as REJECTED with the first campaign requirement it fails: CAMPAIGN_NOT_ACTIVE, SUBMISSION_LIMIT_REACHED, " +
    "CONTENT_TYPE_NOT_ALLOWED, MISSING_REQUIRED_HASHTAGS, MISSING_REQUIRED_MENTIONS, INTEGRATION_NOT_ELIGIBLE. " +
    "`declared_content_type` is inferred from the URL when absent.",
  request: { body: schemas.submitContentRequest, bodyExample: examples.submitContentExample.request },
  operation: documents.RestSubmitContentDocument,
  variables: ({ params, body }) => ({ input: { participationId: params.participationId, ...inputFrom(body, SUBMISSION_FIELDS) } }),
  fieldNames: SUBMISSION_FIELDS,
  respond: (data) => unwrap(data.submitContent),
  success: {
    status: 201,
    response: { description: "Submission stored (PENDING, or REJECTED with its rejection_reason)", schema: schemas.submitContentResponse, example: examples.submitContentExample.response },
  },
  errors: {
    400: "Malformed body or id: a missing or mistyped field, a URL that is not a post of `platform`, a post time in the future",
    403: "The caller sees the participation (its campaign owner) but is not the participating influencer",
    409: "The participation is final (left, rejected, completed) or the post is already submitted",
  },
});

export const reviewSubmission = defineRoute({
  method: "POST",
  path: "/submissions/{submissionId}/review",
  tag: "Submissions",
  summary: "Review a submission",
  description:
    "The campaign owner accepts or rejects a PENDING submission. Accepting moves a CONTENT_SUBMITTED participation to APPROVED. " +
    "Sending the same review again answers the same result; reviewing a submission the other way is 409.",
  request: { body: schemas.reviewSubmissionRequest, bodyExample: examples.reviewSubmissionExample.request },
  operation: documents.RestReviewSubmissionDocument,
  variables: ({ params, body }) => ({ input: { submissionId: params.submissionId, action: body.action, reason: body.reason } }),
  respond: reviewSubmissionBody,
  success: {
    status: 200,
    response: { description: "Submission reviewed", schema: schemas.reviewSubmissionResponse, example: examples.reviewSubmissionExample.response },
  },
  errors: {
    400: "Malformed body or id, or an unknown action",
    403: "The caller sees the submission (its influencer) but does not own the campaign",
    409: "The submission was already reviewed the other way",
  },
});

/** /approve and /complete: an owner-only transition each, answering the participation. */
const transition = (verb: "approve" | "complete", summary: string, description: string, success: string, example: unknown, conflict: string) => ({
  method: "POST" as const,
  path: `/participations/{participationId}/${verb}`,
  tag: TAG,
  summary,
  description,
  ...byParticipationId,
  success: { status: 200 as const, response: { description: success, schema: schemas.participationResponse, example } },
  errors: { 403: "The caller sees the participation (its influencer) but does not own the campaign", 409: conflict },
});

export const approveParticipation = defineRoute({
  ...transition(
    "approve",
    "Approve content (legacy)",
    "Legacy endpoint for approving submitted content for a participation: accepts its pending submissions and moves it from " +
      "CONTENT_SUBMITTED to APPROVED. Only the campaign owner can approve content. New implementations should use " +
      "POST /submissions/{submissionId}/review instead.",
    "Content approved successfully",
    examples.approveParticipationExample,
    "The participation has no submitted content to approve, or is final",
  ),
  operation: documents.RestApproveParticipationDocument,
  respond: (data) => unwrap(data.approveParticipation),
});

export const completeParticipation = defineRoute({
  ...transition(
    "complete",
    "Complete a participation",
    "The campaign owner marks an APPROVED participation COMPLETED. Completing it again answers the same result.",
    "Participation marked as completed successfully",
    examples.completeParticipationExample,
    "The participation is not APPROVED",
  ),
  operation: documents.RestCompleteParticipationDocument,
  respond: (data) => unwrap(data.completeParticipation),
});

export const participationRoutes = [getParticipation, submitContent, reviewSubmission, approveParticipation, completeParticipation];

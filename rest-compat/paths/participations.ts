// The paths of seed varmply-participations.txt, each mapped onto one GraphQL operation.
import { defineRoute, type GraphQLRoute } from "../route.js";
import * as schemas from "./participations.schemas.js";
import {
  participationDetailsBody,
  participationBody,
  reviewSubmissionBody,
  submitContentBody,
  type ParticipationNode,
  type ParticipationDetailsData,
  type ReviewSubmissionData,
  type SubmitContentData,
} from "./participations.shapes.js";

const TAG = "Participations";

/** The operations take the participation as argument `id`; the client knows it as `participationId`. */
const PARTICIPATION_ID_FIELD = { id: "participationId" };

export const getParticipation = defineRoute<ParticipationDetailsData>({
  kind: "graphql",
  method: "GET",
  path: "/participations/{participationId}",
  auth: "bearer",
  tag: TAG,
  summary: "Get participation details",
  description:
    "Returns the participation, its campaign, its content submissions and which of them are tracked for metrics. " +
    "Visible to the participating influencer, the campaign owner and admins.",
  request: { params: schemas.participationIdParam },
  operation: "participation",
  variables: ({ params }) => ({ id: params.participationId }),
  fieldNames: PARTICIPATION_ID_FIELD,
  respond: participationDetailsBody,
  success: {
    status: 200,
    response: {
      description: "Participation details retrieved successfully",
      schema: schemas.participationDetailsResponse,
      example: schemas.participationDetailsExample,
    },
  },
  errors: {
    400: "The participation id is malformed",
    401: "No valid access token",
    404: "No such participation, or the caller may not see it",
  },
});

export const submitContent = defineRoute<SubmitContentData>({
  kind: "graphql",
  method: "POST",
  path: "/participations/{participationId}/submissions",
  auth: "bearer",
  tag: TAG,
  summary: "Submit content",
  description:
    "The participating influencer submits a post. A malformed request is 400 and stores nothing; a well-formed one is stored " +
    "(201) as PENDING, or as REJECTED with the first campaign requirement it fails: CAMPAIGN_NOT_ACTIVE, SUBMISSION_LIMIT_REACHED, " +
    "CONTENT_TYPE_NOT_ALLOWED, MISSING_REQUIRED_HASHTAGS, MISSING_REQUIRED_MENTIONS, INTEGRATION_NOT_ELIGIBLE. " +
    "`declared_content_type` is inferred from the URL when absent.",
  request: {
    params: schemas.participationIdParam,
    body: schemas.submitContentRequest,
    bodyExample: schemas.submitContentExample.request,
  },
  operation: "submit-content",
  variables: ({ params, body }) => ({
    input: {
      participationId: params.participationId,
      platform: body.platform,
      contentUrl: body.content_url,
      postedAt: body.posted_at_timestamp,
      declaredHashtags: body.declared_hashtags,
      declaredMentions: body.declared_mentions,
      contentType: body.declared_content_type,
    },
  }),
  fieldNames: {
    contentUrl: "content_url",
    postedAt: "posted_at_timestamp",
    declaredHashtags: "declared_hashtags",
    declaredMentions: "declared_mentions",
    contentType: "declared_content_type",
  },
  respond: submitContentBody,
  success: {
    status: 201,
    response: {
      description: "Submission stored (PENDING, or REJECTED with its rejection_reason)",
      schema: schemas.submitContentResponse,
      example: schemas.submitContentExample.response,
    },
  },
  errors: {
    400: "Malformed body or id: a missing or mistyped field, a URL that is not a post of `platform`, a post time in the future",
    401: "No valid access token",
    403: "The caller sees the participation (its campaign owner) but is not the participating influencer",
    404: "No such participation, or the caller may not see it",
    409: "The participation is final (left, rejected, completed) or the post is already submitted",
    413: "The body is larger than the limit",
    415: "The body is not JSON",
  },
});

export const reviewSubmission = defineRoute<ReviewSubmissionData>({
  kind: "graphql",
  method: "POST",
  path: "/submissions/{submissionId}/review",
  auth: "bearer",
  tag: "Submissions",
  summary: "Review a submission",
  description:
    "The campaign owner accepts or rejects a PENDING submission. Accepting moves a CONTENT_SUBMITTED participation to APPROVED. " +
    "Sending the same review again answers the same result; reviewing a submission the other way is 409.",
  request: {
    params: schemas.submissionIdParam,
    body: schemas.reviewSubmissionRequest,
    bodyExample: schemas.reviewSubmissionExample.request,
  },
  operation: "review-submission",
  variables: ({ params, body }) => ({ input: { submissionId: params.submissionId, action: body.action, reason: body.reason } }),
  respond: reviewSubmissionBody,
  success: {
    status: 200,
    response: {
      description: "Submission reviewed",
      schema: schemas.reviewSubmissionResponse,
      example: schemas.reviewSubmissionExample.response,
    },
  },
  errors: {
    400: "Malformed body or id, or an unknown action",
    401: "No valid access token",
    403: "The caller sees the submission (its influencer) but does not own the campaign",
    404: "No such submission, or the caller may not see it",
    409: "The submission was already reviewed the other way",
    413: "The body is larger than the limit",
    415: "The body is not JSON",
  },
});

/** /approve and /complete: same shape, an owner-only transition each. */
function participationTransition(options: {
  verb: "approve" | "complete";
  operation: string;
  summary: string;
  description: string;
  successDescription: string;
  example: unknown;
  conflict: string;
  payload: (data: any) => ParticipationNode;
}): GraphQLRoute {
  return defineRoute({
    kind: "graphql",
    method: "POST",
    path: `/participations/{participationId}/${options.verb}`,
    auth: "bearer",
    tag: TAG,
    summary: options.summary,
    description: options.description,
    request: { params: schemas.participationIdParam },
    operation: options.operation,
    variables: ({ params }) => ({ id: params.participationId }),
    fieldNames: PARTICIPATION_ID_FIELD,
    respond: (data) => ({ participation: participationBody(options.payload(data)) }),
    success: {
      status: 200,
      response: { description: options.successDescription, schema: schemas.participationResponse, example: options.example },
    },
    errors: {
      400: "The participation id is malformed",
      401: "No valid access token",
      403: "The caller sees the participation (its influencer) but does not own the campaign",
      404: "No such participation, or the caller may not see it",
      409: options.conflict,
      413: "The body is larger than the limit (the path takes no body)",
      415: "A body was sent that is not JSON (the path takes no body)",
    },
  });
}

export const approveParticipation = participationTransition({
  verb: "approve",
  operation: "approve-participation",
  summary: "Approve content (legacy)",
  description:
    "Legacy endpoint for approving submitted content for a participation: accepts its pending submissions and moves it from " +
    "CONTENT_SUBMITTED to APPROVED. Only the campaign owner can approve content. New implementations should use " +
    "POST /submissions/{submissionId}/review instead.",
  successDescription: "Content approved successfully",
  example: schemas.approveParticipationExample,
  conflict: "The participation has no submitted content to approve, or is final",
  payload: (data) => data.approveParticipation.participation,
});

export const completeParticipation = participationTransition({
  verb: "complete",
  operation: "complete-participation",
  summary: "Complete a participation",
  description: "The campaign owner marks an APPROVED participation COMPLETED. Completing it again answers the same result.",
  successDescription: "Participation marked as completed successfully",
  example: schemas.completeParticipationExample,
  conflict: "The participation is not APPROVED",
  payload: (data) => data.completeParticipation.participation,
});

export const participationRoutes = [getParticipation, submitContent, reviewSubmission, approveParticipation, completeParticipation];

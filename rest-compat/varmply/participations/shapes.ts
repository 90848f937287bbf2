// GraphQL results → the documented participation bodies. The operations' aliases already name the keys in
// the documentation's mixed casings (camelCase for GET, /approve and /complete; snake_case for /submissions,
// /review and GET's tracking blocks; docs/rest-compat.md); what is left here is moving blocks around.
import type { RestParticipationQuery, RestReviewSubmissionMutation } from "../../generated/operations.js";
import { found } from "../../core/failure.js";
import { unwrap } from "../../core/shaping.js";

/** GET: the participation's campaign and tracking blocks sit beside it in the body, not inside it. */
export function participationDetailsBody(data: RestParticipationQuery) {
  const body = unwrap(found(data.participation, "Participation"));
  const { campaign, submission_tracking_summary, submission_tracking_list, ...participation } = body;
  return { participation, campaign, submission_tracking_summary, submission_tracking_list };
}

/** /review answers one flat object: the submission's keys, then the participation's status. */
export function reviewSubmissionBody({ reviewSubmission: { submission, participation } }: RestReviewSubmissionMutation) {
  return { ...unwrap(submission), participation_status: participation.status };
}

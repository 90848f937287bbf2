// The metrics refresh paths (docs/rest-compat.md), each mapped onto one GraphQL mutation. The dialect adds the
// id's 400 and 404, 401 and 413/415.
import { defineRoute } from "../../core/route.js";
import * as documents from "../../generated/operations.js";
import * as examples from "./examples.js";
import * as schemas from "./schemas.js";
import { unwrap } from "../../core/shaping.js";
import { refreshParticipationBody } from "./shapes.js";

const TAG = "Metrics";

export const refreshParticipationMetrics = defineRoute({
  method: "POST",
  path: "/metrics/participations/{participationId}/refresh",
  tag: TAG,
  summary: "Refresh participation metrics",
  description:
    "Fetches the latest metrics of the participation's tracked submissions from the platforms with the influencer's connected " +
    "account and stores a snapshot per submission. `snapshot` is the earliest tracked submission's; `snapshots` lists all. " +
    "The participating influencer, the campaign owner and admins may refresh. Every attempt is recorded.",
  operation: documents.RefreshParticipationMetricsDocument,
  variables: ({ params }) => ({ id: params.participationId }),
  respond: refreshParticipationBody,
  success: {
    status: 200,
    response: { description: "Metrics refreshed successfully", schema: schemas.refreshParticipationResponse, example: examples.refreshParticipationExample },
  },
  errors: {
    409: "No tracked (accepted) submission, or no valid connected account for a tracked submission's platform",
    429: "Too many manual refreshes by this user, or the platform's call budget for this minute is spent; see `Retry-After`",
    503: "The platform failed; `details.failureReason` is RATE_LIMIT, PERMISSION, INVALID_MEDIA or UNKNOWN",
  },
});

export const refreshCampaignMetrics = defineRoute({
  method: "POST",
  path: "/metrics/campaigns/{campaignId}/refresh",
  tag: TAG,
  summary: "Refresh campaign metrics",
  description:
    "Refreshes every eligible participation (APPROVED or COMPLETED, with at least one submission) one after another; one " +
    "failing participation does not stop the others. Only the campaign owner (and admins).",
  operation: documents.RefreshCampaignMetricsDocument,
  variables: ({ params }) => ({ id: params.campaignId }),
  respond: (data) => unwrap(data.refreshCampaignMetrics),
  success: {
    status: 200,
    response: { description: "Refresh summary", schema: schemas.refreshCampaignResponse, example: examples.refreshCampaignExample },
  },
  errors: {
    403: "The caller sees the campaign but does not own it",
    429: "Too many manual refreshes by this user, or nothing could be refreshed because the platforms' call budgets are spent; see `Retry-After`",
  },
});

export const metricsRoutes = [refreshParticipationMetrics, refreshCampaignMetrics];

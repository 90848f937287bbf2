// The paths of seed varmply-metrics-refresh.txt, each mapped onto one GraphQL mutation.
import { defineRoute } from "../route.js";
import * as schemas from "./metrics.schemas.js";
import { refreshCampaignBody, refreshParticipationBody, type RefreshCampaignData, type RefreshParticipationData } from "./metrics.shapes.js";

const TAG = "Metrics";

export const refreshParticipationMetrics = defineRoute<RefreshParticipationData>({
  kind: "graphql",
  method: "POST",
  path: "/metrics/participations/{participationId}/refresh",
  auth: "bearer",
  tag: TAG,
  summary: "Refresh participation metrics",
  description:
    "Fetches the latest metrics of the participation's tracked submissions from the platforms with the influencer's connected " +
    "account and stores a snapshot per submission. `snapshot` is the earliest tracked submission's; `snapshots` lists all. " +
    "The participating influencer, the campaign owner and admins may refresh. Every attempt is recorded.",
  request: { params: schemas.participationIdParam },
  operation: "refresh-participation-metrics",
  variables: ({ params }) => ({ id: params.participationId }),
  fieldNames: { participationId: "participationId" },
  respond: refreshParticipationBody,
  success: {
    status: 200,
    response: {
      description: "Metrics refreshed successfully",
      schema: schemas.refreshParticipationResponse,
      example: schemas.refreshParticipationExample,
    },
  },
  errors: {
    400: "The participation id is malformed",
    401: "No valid access token",
    404: "No such participation, or the caller may not see it",
    409: "No tracked (accepted) submission, or no valid connected account for a tracked submission's platform",
    429: "Too many manual refreshes by this user, or the platform's call budget for this minute is spent; see `Retry-After`",
    503: "The platform failed; `details.failureReason` is RATE_LIMIT, PERMISSION, INVALID_MEDIA or UNKNOWN",
  },
});

export const refreshCampaignMetrics = defineRoute<RefreshCampaignData>({
  kind: "graphql",
  method: "POST",
  path: "/metrics/campaigns/{campaignId}/refresh",
  auth: "bearer",
  tag: TAG,
  summary: "Refresh campaign metrics",
  description:
    "Refreshes every eligible participation (APPROVED or COMPLETED, with at least one submission) one after another; one " +
    "failing participation does not stop the others. Only the campaign owner (and admins).",
  request: { params: schemas.campaignIdParam },
  operation: "refresh-campaign-metrics",
  variables: ({ params }) => ({ id: params.campaignId }),
  fieldNames: { campaignId: "campaignId" },
  respond: refreshCampaignBody,
  success: {
    status: 200,
    response: {
      description: "Refresh summary",
      schema: schemas.refreshCampaignResponse,
      example: schemas.refreshCampaignExample,
    },
  },
  errors: {
    400: "The campaign id is malformed",
    401: "No valid access token",
    403: "The caller sees the campaign but does not own it",
    404: "No such campaign, or the caller may not see it",
    429: "Too many manual refreshes by this user, or nothing could be refreshed because the platforms' call budgets are spent; see `Retry-After`",
  },
});

export const metricsRoutes = [refreshParticipationMetrics, refreshCampaignMetrics];

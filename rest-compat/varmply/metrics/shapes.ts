// GraphQL results → the documented metrics refresh bodies (camelCase, `…Timestamp` times).
import type { RefreshCampaignMetricsMutation, RefreshParticipationMetricsMutation, RestSnapshotFragment } from "../../generated/operations.js";

/** The documented `externalMediaId` is "the ID from the social platform": the resolved one where known. */
function snapshotBody(snapshot: RestSnapshotFragment, participationId: string) {
  return {
    snapshotId: snapshot.id,
    participationId,
    submissionId: snapshot.submission.id,
    externalMediaId: snapshot.submission.platformMediaId ?? snapshot.submission.externalMediaId,
    impressions: snapshot.impressions,
    reach: snapshot.reach,
    likes: snapshot.likes,
    comments: snapshot.comments,
    saves: snapshot.saves,
    shares: snapshot.shares,
    views: snapshot.views,
    fetchedAtTimestamp: snapshot.fetchedAt,
    createdAtTimestamp: snapshot.createdAt,
    lastUpdatedAtTimestamp: snapshot.createdAt,
  };
}

export function refreshParticipationBody({ refreshParticipationMetrics: result }: RefreshParticipationMetricsMutation) {
  const participationId = result.participation.id;
  return {
    snapshot: snapshotBody(result.snapshot, participationId),
    snapshots: result.snapshots.map((snapshot) => snapshotBody(snapshot, participationId)),
  };
}

export function refreshCampaignBody({ refreshCampaignMetrics: result }: RefreshCampaignMetricsMutation) {
  return {
    campaignId: result.campaign.id,
    totalEligibleParticipationCount: result.totalEligibleParticipationCount,
    successfulCount: result.successfulCount,
    failedCount: result.failedCount,
    failedParticipationIdList: result.failedParticipations.map((participation) => participation.id),
  };
}

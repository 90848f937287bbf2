// GraphQL results → the bodies seed varmply-metrics-refresh.txt documents (camelCase, `…Timestamp` times).

interface SnapshotNode {
  id: string;
  fetchedAt: string;
  createdAt: string;
  impressions: number | null;
  reach: number | null;
  likes: number | null;
  comments: number | null;
  saves: number | null;
  shares: number | null;
  views: number | null;
  submission: { id: string; externalMediaId: string; platformMediaId: string | null };
}

export interface RefreshParticipationData {
  refreshParticipationMetrics: { participation: { id: string }; snapshot: SnapshotNode; snapshots: SnapshotNode[] };
}

export interface RefreshCampaignData {
  refreshCampaignMetrics: {
    campaign: { id: string };
    totalEligibleParticipationCount: number;
    successfulCount: number;
    failedCount: number;
    failedParticipations: { id: string }[];
  };
}

/** The seed's `externalMediaId` is "the ID from the social platform": the resolved one where known. */
function snapshotBody(snapshot: SnapshotNode, participationId: string) {
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

export function refreshParticipationBody({ refreshParticipationMetrics: result }: RefreshParticipationData) {
  const participationId = result.participation.id;
  return {
    snapshot: snapshotBody(result.snapshot, participationId),
    snapshots: result.snapshots.map((snapshot) => snapshotBody(snapshot, participationId)),
  };
}

export function refreshCampaignBody({ refreshCampaignMetrics: result }: RefreshCampaignData) {
  return {
    campaignId: result.campaign.id,
    totalEligibleParticipationCount: result.totalEligibleParticipationCount,
    successfulCount: result.successfulCount,
    failedCount: result.failedCount,
    failedParticipationIdList: result.failedParticipations.map((participation) => participation.id),
  };
}

// The documentation's examples for the metrics paths, with its elisions filled in (docs/rest-compat.md), as
// /openapi.json shows them. The route-cost measure reports them apart: they are the documentation's data.

const exampleSnapshot = {
  snapshotId: "snapshot_abc123",
  participationId: "participation_xyz789",
  submissionId: "submission_xyz789",
  externalMediaId: "ABC123",
  impressions: 1000,
  reach: 850,
  likes: 100,
  comments: 20,
  saves: 50,
  shares: 10,
  views: 1200,
  fetchedAtTimestamp: "2024-01-01T12:00:00Z",
  createdAtTimestamp: "2024-01-01T12:00:00Z",
  lastUpdatedAtTimestamp: "2024-01-01T12:00:00Z",
};

export const refreshParticipationExample = { snapshot: exampleSnapshot, snapshots: [exampleSnapshot] };

export const refreshCampaignExample = {
  campaignId: "campaign_abc123",
  totalEligibleParticipationCount: 5,
  successfulCount: 4,
  failedCount: 1,
  failedParticipationIdList: ["participation_xyz789"],
};

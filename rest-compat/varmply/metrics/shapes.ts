// GraphQL results → the documented metrics refresh bodies (camelCase, `…Timestamp` times, named by the
// operations' aliases).
import type { RefreshParticipationMetricsMutation, RestSnapshotFragment } from "../../generated/operations.js";

/** The documented `externalMediaId` is "the ID from the social platform": the resolved one where known. */
function snapshotBody({ snapshotId, submission, ...counts }: RestSnapshotFragment, participationId: string) {
  const externalMediaId = submission.platformMediaId ?? submission.externalMediaId;
  return { snapshotId, participationId, submissionId: submission.submissionId, externalMediaId, ...counts };
}

export function refreshParticipationBody({ refreshParticipationMetrics: result }: RefreshParticipationMetricsMutation) {
  const participationId = result.participation.id;
  return {
    snapshot: snapshotBody(result.snapshot, participationId),
    snapshots: result.snapshots.map((snapshot) => snapshotBody(snapshot, participationId)),
  };
}

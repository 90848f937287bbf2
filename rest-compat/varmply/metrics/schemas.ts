// JSON Schemas and examples for the metrics refresh paths. The snapshot is the documented one, plus
// `submissionId` and `views` (docs/rest-compat.md); `snapshots` lists every snapshot one refresh wrote.
import { arrayOf, integer, nullable, object, string, timestamp } from "../../core/json-schema.js";

const count = (description: string) => nullable(integer(description));

const snapshotSchema = object({
  snapshotId: string("Unique identifier for the metrics snapshot"),
  participationId: string("Unique identifier for the participation"),
  submissionId: string("Unique identifier of the submission the counts belong to"),
  externalMediaId: string("External media ID from the social platform (e.g., Instagram post ID, TikTok video ID)"),
  impressions: count("Number of impressions (null for TikTok if unavailable)"),
  reach: count("Number of unique users reached (null for TikTok if unavailable)"),
  likes: count("Number of likes"),
  comments: count("Number of comments"),
  saves: count("Number of saves"),
  shares: count("Number of shares"),
  views: count("Number of views"),
  fetchedAtTimestamp: timestamp("When the metrics were fetched from the platform API"),
  createdAtTimestamp: timestamp("When the snapshot was created"),
  lastUpdatedAtTimestamp: timestamp("When the snapshot last changed (snapshots never change: its creation time)"),
});

export const refreshParticipationResponse = object({
  snapshot: snapshotSchema,
  snapshots: arrayOf(snapshotSchema, "Every snapshot this refresh wrote, one per tracked submission, earliest submission first"),
});

export const refreshCampaignResponse = object({
  campaignId: string("Unique identifier for the campaign"),
  totalEligibleParticipationCount: integer("Participations APPROVED or COMPLETED with at least one submission"),
  successfulCount: integer("Participations refreshed successfully"),
  failedCount: integer("Participations whose refresh failed"),
  failedParticipationIdList: arrayOf(string("A participation id"), "The participations whose refresh failed"),
});

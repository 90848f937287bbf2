import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import type { metricsSnapshots } from "../../schema/tables.js";
import { Campaign, type CampaignRow } from "../campaigns/campaign.type.js";
import { Participation, type ParticipationRow } from "../participations/participation.type.js";

export type SnapshotRow = typeof metricsSnapshots.$inferSelect;

export enum IngestionFailureReason {
  RATE_LIMIT = "RATE_LIMIT",
  PERMISSION = "PERMISSION",
  INVALID_MEDIA = "INVALID_MEDIA",
  UNKNOWN = "UNKNOWN",
}
registerEnumType(IngestionFailureReason, { name: "IngestionFailureReason", description: "Why a platform refused or failed a metrics request." });

@ObjectType("MetricsSnapshot", { description: "A submission's cumulative platform counts at `fetchedAt`. A null count is not reported by the platform." })
export class MetricsSnapshot {
  @Field(() => String, { name: "id" }) publicId!: string;
  @Field(() => Date) fetchedAt!: Date;
  @Field(() => SafeIntResolver, { nullable: true }) impressions!: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) reach!: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) likes!: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) comments!: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) saves!: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) shares!: number | null;
  @Field(() => SafeIntResolver, { nullable: true }) views!: number | null;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType("RefreshParticipationMetricsPayload")
export class RefreshParticipationMetricsPayload {
  @Field(() => MetricsSnapshot, { description: "The snapshot of the earliest tracked submission." }) snapshot!: SnapshotRow;
  @Field(() => [MetricsSnapshot], { description: "Every snapshot this refresh wrote, one per tracked submission." })
  snapshots!: SnapshotRow[];
  @Field(() => Participation) participation!: ParticipationRow;
}

@ObjectType("RefreshCampaignMetricsPayload")
export class RefreshCampaignMetricsPayload {
  @Field(() => Campaign) campaign!: CampaignRow;
  @Field(() => Int, { description: "Participations APPROVED or COMPLETED with at least one submission." })
  totalEligibleParticipationCount!: number;
  @Field(() => Int) successfulCount!: number;
  @Field(() => Int) failedCount!: number;
  @Field(() => [Participation]) failedParticipations!: ParticipationRow[];
}

import { Field, Int, ObjectType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import type { metricsSnapshots } from "../../schema/tables.js";
import { METRIC_NAMES, type MetricCounts } from "../platforms/platforms.js";
import { Campaign, type CampaignRow } from "../campaigns/campaign.type.js";
import { Participation, type ParticipationRow } from "../participations/participation.type.js";

export type SnapshotRow = typeof metricsSnapshots.$inferSelect;

/**
 * Declares a nullable SafeInt field for each metric of src/platforms/platforms.ts on an object type (null:
 * the platform does not report it). Pair it with `interface <Type> extends MetricCounts {}` for TypeScript.
 */
export function declareMetricCountFields(type: abstract new (...args: never[]) => unknown): void {
  for (const metric of METRIC_NAMES) Field(() => SafeIntResolver, { nullable: true })(type.prototype as object, metric);
}

@ObjectType("MetricsSnapshot", { description: "A submission's cumulative platform counts at `fetchedAt`. A null count is not reported by the platform." })
export class MetricsSnapshot {
  @Field(() => String, { name: "id" }) publicId!: string;
  @Field(() => Date) fetchedAt!: Date;
  @Field(() => Date) createdAt!: Date;
}
export interface MetricsSnapshot extends MetricCounts {}
declareMetricCountFields(MetricsSnapshot);

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

import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { participations } from "../../schema/tables.js";
import { LEGACY_ID_DESCRIPTION, Node } from "../shared/node.type.js";
import { ConnectionType } from "../shared/connection.js";
import { ParticipationStatus } from "../shared/enums.js";
import { TaskStatus } from "./participation.task.js";

export type ParticipationRow = typeof participations.$inferSelect;

@ObjectType("Participation", { implements: Node, description: "An influencer taking part in a campaign." })
export class Participation extends Node {
  @Field(() => Int, { name: "legacyId", description: LEGACY_ID_DESCRIPTION }) id!: number;
  @Field(() => ParticipationStatus) status!: ParticipationStatus;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType("SubmissionTrackingSummary", { description: "How many submissions are accepted and how many of those are tracked." })
export class SubmissionTrackingSummary {
  @Field(() => Int) submissionLimit!: number;
  @Field(() => Int) acceptedSubmissionCount!: number;
  @Field(() => Int) trackedSubmissionCount!: number;
}

export const ParticipationConnection = ConnectionType("Participation", Participation);

@InputType("ParticipationFilter")
export class ParticipationFilter {
  @Field(() => [ParticipationStatus], { nullable: true }) statuses?: ParticipationStatus[] | null;
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => [TaskStatus], { nullable: true, description: "Participations whose `taskStatus` is one of these." })
  taskStatuses?: TaskStatus[] | null;
  @Field(() => ID, {
    nullable: true,
    description: "Participations in this brand's campaigns (a user id). A brand may name only itself; admins anyone.",
  })
  advertiserId?: string | null;
}

@ObjectType("ParticipationPayload")
export class ParticipationPayload {
  @Field(() => Participation) participation!: ParticipationRow;
}

@ObjectType("JoinCampaignPayload")
export class JoinCampaignPayload {
  @Field(() => Participation) participation!: ParticipationRow;
  @Field(() => Boolean, { description: "False when the viewer had already joined: the existing participation is returned." })
  created!: boolean;
}


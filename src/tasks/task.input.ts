import { Field, ID, InputType, ObjectType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import { graphqlEnum } from "../shared/enums.js";
import { Participation, type ParticipationRow } from "../participations/participation.type.js";

export const TaskAction = graphqlEnum(
  ["APPROVE", "REJECT", "COMPLETE", "PAY"] as const,
  "TaskAction",
  "What a campaign's owner does to a task (a participation): APPROVE accepts its submitted content (approveParticipation), " +
    "REJECT rejects it (rejectParticipation), COMPLETE marks an approved one completed (completeParticipation), PAY pays out " +
    "what it accrued (payOut for its influencer).",
);
export type TaskAction = keyof typeof TaskAction;

@InputType("ActOnTaskInput")
export class ActOnTaskInput {
  @Field(() => ID, { description: "The participation (its public id or legacy integer id)." }) participationId!: string;
  @Field(() => TaskAction) action!: TaskAction;
}

@ObjectType("ActOnTaskPayload")
export class ActOnTaskPayload {
  @Field(() => TaskAction) action!: TaskAction;
  @Field(() => Participation, { description: "The participation after the action." }) participation!: ParticipationRow;
  @Field(() => SafeIntResolver, { description: "PAY: the cents this action paid out (0 when it was already paid); 0 for the other actions." })
  paidCents!: number;
}

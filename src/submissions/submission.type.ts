import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { URLResolver } from "graphql-scalars";
import type { submissions } from "../../schema/tables.js";
import { Node } from "../shared/node.type.js";
import { ContentType, Platform, RejectionReason, SubmissionStatus } from "../shared/enums.js";
import { Participation, type ParticipationRow } from "../participations/participation.type.js";
import { ConnectionType } from "../shared/connection.js";

export type SubmissionRow = typeof submissions.$inferSelect;

export enum TrackingReason {
  WITHIN_SUBMISSION_LIMIT = "WITHIN_SUBMISSION_LIMIT",
  OVER_SUBMISSION_LIMIT = "OVER_SUBMISSION_LIMIT",
  NOT_ACCEPTED = "NOT_ACCEPTED",
}
registerEnumType(TrackingReason, {
  name: "TrackingReason",
  description: "Why a submission is or is not tracked: the first `submissionLimit` accepted ones are.",
});

export enum ReviewAction {
  APPROVE = "APPROVE",
  REJECT = "REJECT",
}
registerEnumType(ReviewAction, { name: "ReviewAction" });

@ObjectType("Submission", { implements: Node, description: "A post an influencer submitted for a participation." })
export class Submission extends Node {
  @Field(() => Platform) platform!: Platform;
  @Field(() => String) contentUrl!: string;
  @Field(() => String, { description: "The media id parsed from the content URL." }) externalMediaId!: string;
  @Field(() => String, { nullable: true, description: "The platform's own media id, once resolved." })
  platformMediaId!: string | null;
  @Field(() => Date, { nullable: true }) postedAt!: Date | null;
  @Field(() => [String]) declaredHashtags!: string[];
  @Field(() => [String]) declaredMentions!: string[];
  @Field(() => ContentType, { name: "contentType" }) declaredContentType!: ContentType;
  @Field(() => SubmissionStatus) status!: SubmissionStatus;
  @Field(() => RejectionReason, { nullable: true }) rejectionReason!: RejectionReason | null;
  @Field(() => String, { nullable: true, description: "The reviewer's own words, on a manual rejection." })
  reviewerNote!: string | null;
  @Field(() => Date) submittedAt!: Date;
  @Field(() => Date, { nullable: true }) reviewedAt!: Date | null;
  @Field(() => Date) updatedAt!: Date;
}

export const SubmissionConnection = ConnectionType("Submission", Submission);

@InputType("SubmitContentInput")
export class SubmitContentInput {
  @Field(() => ID) participationId!: string;
  @Field(() => Platform) platform!: Platform;
  @Field(() => URLResolver) contentUrl!: URL;
  @Field(() => Date, { nullable: true }) postedAt?: Date | null;
  @Field(() => [String], { nullable: true }) declaredHashtags?: string[] | null;
  @Field(() => [String], { nullable: true }) declaredMentions?: string[] | null;
  @Field(() => ContentType, { nullable: true, description: "Inferred from the URL when absent." })
  contentType?: ContentType | null;
}

@InputType("ReviewSubmissionInput")
export class ReviewSubmissionInput {
  @Field(() => ID) submissionId!: string;
  @Field(() => ReviewAction) action!: ReviewAction;
  @Field(() => String, { nullable: true, description: "Free text kept with a rejection." }) reason?: string | null;
}

@ObjectType("SubmissionPayload")
export class SubmissionPayload {
  @Field(() => Submission) submission!: SubmissionRow;
  @Field(() => Participation) participation!: ParticipationRow;
}

import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Participation } from "../participations/participation.type.js";
import {
  ReviewSubmissionInput,
  Submission,
  SubmissionPayload,
  SubmitContentInput,
  TrackingReason,
  type SubmissionRow,
} from "./submission.type.js";
import * as service from "./submission.service.js";

@Resolver(() => Submission)
export class SubmissionResolver {
  @Query(() => Submission, { description: "One submission, visible as its participation is." })
  async submission(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return (await service.getSubmission(context, id)).submission;
  }

  @Mutation(() => SubmissionPayload, {
    description:
      "Influencer: submits a post. A malformed request is VALIDATION_ERROR; a well-formed one is stored, PENDING or REJECTED with the first failing rule.",
  })
  submitContent(@Arg("input", () => SubmitContentInput) input: SubmitContentInput, @Ctx() context: Context) {
    return service.submitContent(context, input);
  }

  @Mutation(() => SubmissionPayload, { description: "Owner: accepts or rejects a pending submission." })
  reviewSubmission(@Arg("input", () => ReviewSubmissionInput) input: ReviewSubmissionInput, @Ctx() context: Context) {
    return service.reviewSubmission(context, input);
  }

  @FieldResolver(() => Participation)
  participation(@Root() submission: SubmissionRow, @Ctx() context: Context) {
    return context.loaders.participationById.load(submission.participationId);
  }

  @FieldResolver(() => Boolean, { description: "Whether metrics are pulled for it: the first `submissionLimit` accepted ones are." })
  async isTracked(@Root() submission: SubmissionRow, @Ctx() context: Context) {
    const tracking = await context.loaders.trackingByParticipationId.load(submission.participationId);
    return tracking.trackedSubmissionIds.has(submission.id);
  }

  @FieldResolver(() => TrackingReason)
  async trackingReason(@Root() submission: SubmissionRow, @Ctx() context: Context): Promise<TrackingReason> {
    if (submission.status !== "ACCEPTED") return TrackingReason.NOT_ACCEPTED;
    const tracking = await context.loaders.trackingByParticipationId.load(submission.participationId);
    return tracking.trackedSubmissionIds.has(submission.id) ? TrackingReason.WITHIN_SUBMISSION_LIMIT : TrackingReason.OVER_SUBMISSION_LIMIT;
  }
}

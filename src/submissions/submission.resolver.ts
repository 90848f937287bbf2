import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgs, connectionComplexity, listCursors, parsePageArgs, toConnection } from "../shared/connection.js";
import { Participation, type ParticipationRow } from "../participations/participation.type.js";
import {
  ReviewSubmissionInput,
  Submission,
  SubmissionConnection,
  SubmissionPayload,
  SubmitContentInput,
  TrackingReason,
  type SubmissionRow,
} from "./submission.type.js";
import * as service from "./submission.service.js";
import { getSubmission } from "./submission.access.js";
import { trackingReasonOf } from "../participations/participation.tracking.js";

@Resolver(() => Submission)
export class SubmissionResolver {
  @Authorized()
  @Query(() => Submission, {
    nullable: true,
    description: "One submission, visible as its participation is. Null, with NOT_FOUND in `errors`, otherwise.",
  })
  async submission(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return (await getSubmission(context, id)).submission;
  }

  @Authorized()
  @Mutation(() => SubmissionPayload, {
    description:
      "Influencer: submits a post. A malformed request is VALIDATION_ERROR; a well-formed one is stored, PENDING or REJECTED with the first failing rule.",
  })
  submitContent(@Arg("input", () => SubmitContentInput) input: SubmitContentInput, @Ctx() context: Context) {
    return service.submitContent(context, input);
  }

  @Authorized()
  @Mutation(() => SubmissionPayload, { description: "Owner: accepts or rejects a pending submission." })
  reviewSubmission(@Arg("input", () => ReviewSubmissionInput) input: ReviewSubmissionInput, @Ctx() context: Context) {
    return service.reviewSubmission(context, input);
  }

  @FieldResolver(() => Participation)
  participation(@Root() submission: SubmissionRow, @Ctx() context: Context) {
    return context.loaders.participations.byId.load(submission.participationId);
  }

  @FieldResolver(() => Boolean, { description: "Whether metrics are pulled for it: the first `submissionLimit` accepted ones are." })
  async isTracked(@Root() submission: SubmissionRow, @Ctx() context: Context) {
    const tracking = await context.loaders.participations.trackingById.load(submission.participationId);
    return tracking.trackedSubmissionIds.has(submission.id);
  }

  @FieldResolver(() => TrackingReason)
  async trackingReason(@Root() submission: SubmissionRow, @Ctx() context: Context): Promise<TrackingReason> {
    if (submission.status !== "ACCEPTED") return TrackingReason.NOT_ACCEPTED;
    const tracking = await context.loaders.participations.trackingById.load(submission.participationId);
    return TrackingReason[trackingReasonOf(submission, tracking)];
  }
}

/** A participation's submissions: resolved here, so that participations do not depend on submissions. */
@Resolver(() => Participation)
export class ParticipationSubmissionsResolver {
  @FieldResolver(() => SubmissionConnection, { description: "Oldest first.", complexity: connectionComplexity })
  async submissions(@Root() participation: ParticipationRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: Context) {
    const cursors = listCursors(context, "Participation.submissions");
    const page = parsePageArgs(args, cursors);
    return toConnection(await context.loaders.submissions.pageByParticipationId(page).load(participation.id), page, cursors);
  }
}

import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Submission, type SubmissionRow } from "../submissions/submission.type.js";
import { MetricsSnapshot, RefreshCampaignMetricsPayload, RefreshParticipationMetricsPayload, type SnapshotRow } from "./metrics.type.js";
import * as service from "./metrics.service.js";

@Resolver()
export class MetricsResolver {
  @Authorized()
  @Mutation(() => RefreshParticipationMetricsPayload, {
    description: "Pulls fresh metrics for a participation's tracked submissions. Influencer, campaign owner or admin.",
  })
  refreshParticipationMetrics(@Arg("participationId", () => ID) participationId: string, @Ctx() context: Context) {
    return service.refreshParticipationMetrics(context, participationId);
  }

  @Authorized()
  @Mutation(() => RefreshCampaignMetricsPayload, {
    description: "Refreshes every eligible participation (APPROVED or COMPLETED, with a submission) in turn. Owner or admin.",
  })
  refreshCampaignMetrics(@Arg("campaignId", () => ID) campaignId: string, @Ctx() context: Context) {
    return service.refreshCampaignMetrics(context, campaignId);
  }
}

@Resolver(() => MetricsSnapshot)
export class MetricsSnapshotResolver {
  @FieldResolver(() => Submission, { description: "The submission whose counts these are." })
  submission(@Root() snapshot: SnapshotRow, @Ctx() context: Context) {
    return context.loaders.submissions.byId.load(snapshot.submissionId);
  }
}

@Resolver(() => Submission)
export class SubmissionMetricsResolver {
  @FieldResolver(() => MetricsSnapshot, { nullable: true, description: "The newest metrics snapshot, if any." })
  latestSnapshot(@Root() submission: SubmissionRow, @Ctx() context: Context) {
    return context.loaders.metrics.latestSnapshotBySubmissionId.load(submission.id);
  }
}

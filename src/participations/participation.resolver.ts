import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgs, connectionComplexity, parsePageArgs, toConnection } from "../shared/connection.js";
import { Campaign } from "../campaigns/campaign.type.js";
import { User } from "../users/user.type.js";
import { SubmissionConnection } from "../submissions/submission.type.js";
import {
  JoinCampaignPayload,
  Participation,
  ParticipationConnection,
  ParticipationFilter,
  ParticipationPayload,
  SubmissionTrackingSummary,
  type ParticipationRow,
} from "./participation.type.js";
import * as service from "./participation.service.js";

@Resolver(() => Participation)
export class ParticipationResolver {
  @Query(() => Participation, { description: "One participation: visible to its influencer, the campaign owner and admins." })
  async participation(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return (await service.getParticipation(context, id)).participation;
  }

  @Query(() => ParticipationConnection, {
    description: "Influencer: its own; brand: those in its campaigns; admin: all. Newest first.",
    complexity: connectionComplexity,
  })
  async participations(
    @Arg("filter", () => ParticipationFilter, { nullable: true }) filter: ParticipationFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: Context,
  ) {
    const page = parsePageArgs(args);
    return toConnection(await service.listParticipations(context, filter, page), page.afterId !== null);
  }

  @Mutation(() => JoinCampaignPayload, { description: "Influencer: joins an active campaign (idempotent)." })
  joinCampaign(@Arg("campaignId", () => ID) campaignId: string, @Ctx() context: Context) {
    return service.joinCampaign(context, campaignId);
  }

  @Mutation(() => ParticipationPayload, { description: "Owner: approves submitted content, accepting its pending submissions." })
  async approveParticipation(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { participation: await service.approveParticipation(context, id) };
  }

  @Mutation(() => ParticipationPayload, { description: "Owner: marks an approved participation completed." })
  async completeParticipation(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { participation: await service.completeParticipation(context, id) };
  }

  @Mutation(() => ParticipationPayload, { description: "Owner: rejects a participation (final)." })
  async rejectParticipation(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { participation: await service.rejectParticipation(context, id) };
  }

  @Mutation(() => ParticipationPayload, { description: "Influencer: leaves a campaign (final)." })
  async leaveParticipation(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { participation: await service.leaveParticipation(context, id) };
  }

  @FieldResolver(() => Campaign)
  campaign(@Root() participation: ParticipationRow, @Ctx() context: Context) {
    return context.loaders.campaignById.load(participation.campaignId);
  }

  @FieldResolver(() => User)
  influencer(@Root() participation: ParticipationRow, @Ctx() context: Context) {
    return context.loaders.userById.load(participation.influencerId);
  }

  @FieldResolver(() => SubmissionConnection, { description: "Oldest first.", complexity: connectionComplexity })
  async submissions(@Root() participation: ParticipationRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: Context) {
    const page = parsePageArgs(args);
    return toConnection(await context.loaders.submissionsPageByParticipationId(page).load(participation.id), page.afterId !== null);
  }

  @FieldResolver(() => SubmissionTrackingSummary)
  async trackingSummary(@Root() participation: ParticipationRow, @Ctx() context: Context): Promise<SubmissionTrackingSummary> {
    const tracking = await context.loaders.trackingByParticipationId.load(participation.id);
    return {
      submissionLimit: tracking.submissionLimit,
      acceptedSubmissionCount: tracking.acceptedSubmissionCount,
      trackedSubmissionCount: tracking.trackedSubmissionIds.size,
    };
  }
}

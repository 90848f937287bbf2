import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgs, connectionComplexity, listCursors, parsePageArgs, toConnection } from "../shared/connection.js";
import type { UserRole } from "../shared/enums.js";
import { Campaign, CampaignTask, type CampaignRow } from "../campaigns/campaign.type.js";
import { canManageCampaign } from "../campaigns/campaign.access.js";
import { User } from "../users/user.type.js";
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
import { getParticipation } from "./participation.access.js";
import { TaskStatus } from "./participation.task.js";

@Resolver(() => Participation)
export class ParticipationResolver {
  @Authorized()
  @Query(() => Participation, {
    nullable: true,
    description: "One participation: visible to its influencer, the campaign owner and admins. Null, with NOT_FOUND in `errors`, otherwise.",
  })
  async participation(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return (await getParticipation(context, id)).participation;
  }

  @Authorized()
  @Query(() => ParticipationConnection, {
    description: "Influencer: its own; brand: those in its campaigns; admin: all. Newest first.",
    complexity: connectionComplexity,
  })
  async participations(
    @Arg("filter", () => ParticipationFilter, { nullable: true }) filter: ParticipationFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: Context,
  ) {
    const cursors = listCursors(context, "Query.participations");
    const page = parsePageArgs(args, cursors);
    return toConnection(await service.listParticipations(context, filter, page), page, cursors);
  }

  @Authorized<UserRole>("INFLUENCER")
  @Mutation(() => JoinCampaignPayload, { description: "Influencer: joins an active campaign (idempotent)." })
  joinCampaign(@Arg("campaignId", () => ID) campaignId: string, @Ctx() context: Context) {
    return service.joinCampaign(context, campaignId);
  }

  @Authorized()
  @Mutation(() => ParticipationPayload, { description: "Owner: approves submitted content, accepting its pending submissions." })
  async approveParticipation(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { participation: await service.approveParticipation(context, id) };
  }

  @Authorized()
  @Mutation(() => ParticipationPayload, { description: "Owner: marks an approved participation completed." })
  async completeParticipation(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { participation: await service.completeParticipation(context, id) };
  }

  @Authorized()
  @Mutation(() => ParticipationPayload, { description: "Owner: rejects a participation (final)." })
  async rejectParticipation(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { participation: await service.rejectParticipation(context, id) };
  }

  @Authorized()
  @Mutation(() => ParticipationPayload, { description: "Influencer: leaves a campaign (final)." })
  async leaveParticipation(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { participation: await service.leaveParticipation(context, id) };
  }

  @FieldResolver(() => Campaign)
  campaign(@Root() participation: ParticipationRow, @Ctx() context: Context) {
    return context.loaders.campaigns.byId.load(participation.campaignId);
  }

  @FieldResolver(() => User)
  influencer(@Root() participation: ParticipationRow, @Ctx() context: Context) {
    return context.loaders.users.byId.load(participation.influencerId);
  }

  @FieldResolver(() => TaskStatus, { description: "The participation as a legacy task (docs/legacy-api.md, \"The task model\")." })
  async taskStatus(@Root() participation: ParticipationRow, @Ctx() context: Context): Promise<TaskStatus> {
    return (await context.loaders.participations.taskStatusById.load(participation.id))!.taskStatus;
  }

  @FieldResolver(() => CampaignTask, {
    nullable: true,
    description: "The brief this participation answers: the campaign's newest brief when the influencer joined; null for the implicit brief (the campaign itself).",
  })
  brief(@Root() participation: ParticipationRow, @Ctx() context: Context) {
    return participation.briefId === null ? null : context.loaders.campaigns.tasks.byId.load(participation.briefId);
  }

  @FieldResolver(() => SubmissionTrackingSummary)
  async trackingSummary(@Root() participation: ParticipationRow, @Ctx() context: Context): Promise<SubmissionTrackingSummary> {
    const tracking = await context.loaders.participations.trackingById.load(participation.id);
    return {
      submissionLimit: tracking.submissionLimit,
      acceptedSubmissionCount: tracking.acceptedSubmissionCount,
      trackedSubmissionCount: tracking.trackedSubmissionIds.size,
    };
  }
}

/** A campaign's participations: resolved here, so that campaigns do not depend on participations. */
@Resolver(() => Campaign)
export class CampaignParticipationsResolver {
  @FieldResolver(() => ParticipationConnection, {
    description: "Owner and admins: every participation; an influencer: only its own.",
    complexity: connectionComplexity,
  })
  async participations(@Root() campaign: CampaignRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: Context) {
    const cursors = listCursors(context, "Campaign.participations");
    const page = parsePageArgs(args, cursors);
    const own = !canManageCampaign(context.viewer, campaign);
    const result = await context.loaders.participations.pageByCampaignId({ page, own }).load(campaign.id);
    for (const participation of result.nodes) context.loaders.participations.byId.prime(participation.id, participation);
    return toConnection(result, page, cursors);
  }

  @FieldResolver(() => Participation, { nullable: true, description: "The viewer's own participation, if it joined." })
  viewerParticipation(@Root() campaign: CampaignRow, @Ctx() context: Context) {
    return context.loaders.participations.ofViewerByCampaignId.load(campaign.id);
  }
}

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgs, ConnectionType, connectionComplexity, listCursors, parsePageArgs, toConnection } from "../shared/connection.js";
import { CampaignStatus, type UserRole } from "../shared/enums.js";
import { User } from "../users/user.type.js";
import { Campaign, CampaignTask, RateCard, type CampaignRow } from "./campaign.type.js";
import {
  CampaignFilter,
  CampaignPayload,
  CampaignTaskPayload,
  CreateCampaignInput,
  CreateCampaignTaskInput,
  UpdateCampaignInput,
} from "./campaign.input.js";
import * as service from "./campaign.service.js";
import { getCampaign } from "./campaign.access.js";
import { rateCardOf } from "./rate-card.js";

const CampaignConnection = ConnectionType("Campaign", Campaign);

@Resolver(() => Campaign)
export class CampaignResolver {
  @Authorized()
  @Query(() => Campaign, {
    nullable: true,
    description: "One campaign the viewer may see. Null, with NOT_FOUND in `errors`, when it does not exist or is not visible.",
  })
  campaign(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return getCampaign(context, id);
  }

  @Authorized()
  @Query(() => CampaignConnection, {
    description: "Brand: its own campaigns; influencer: active campaigns it may join; admin: all. Newest first.",
    complexity: connectionComplexity,
  })
  async campaigns(
    @Arg("filter", () => CampaignFilter, { nullable: true }) filter: CampaignFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: Context,
  ) {
    const cursors = listCursors(context, "Query.campaigns");
    const page = parsePageArgs(args, cursors);
    return toConnection(await service.listCampaigns(context, filter, page), page, cursors);
  }

  @Authorized<UserRole>("BRAND", "ADMIN")
  @Mutation(() => CampaignPayload, { description: "Brand: creates a DRAFT campaign. Only title and currency are required." })
  async createCampaign(@Arg("input", () => CreateCampaignInput) input: CreateCampaignInput, @Ctx() context: Context) {
    return { campaign: await service.createCampaign(context, input) };
  }

  @Authorized()
  @Mutation(() => CampaignPayload, { description: "Owner: changes the given fields of a campaign that is not final." })
  async updateCampaign(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateCampaignInput) input: UpdateCampaignInput,
    @Ctx() context: Context,
  ) {
    return { campaign: await service.updateCampaign(context, id, input) };
  }

  @Authorized()
  @Mutation(() => CampaignPayload, { description: "Owner: moves the campaign along its lifecycle; an illegal move is CONFLICT." })
  async setCampaignStatus(
    @Arg("id", () => ID) id: string,
    @Arg("status", () => CampaignStatus) status: CampaignStatus,
    @Ctx() context: Context,
  ) {
    return { campaign: await service.setCampaignStatus(context, id, status) };
  }

  @Authorized()
  @Mutation(() => CampaignTaskPayload, { description: "Owner: adds a brief (task) to a campaign." })
  async createCampaignTask(@Arg("input", () => CreateCampaignTaskInput) input: CreateCampaignTaskInput, @Ctx() context: Context) {
    return { task: await service.createCampaignTask(context, input) };
  }

  @FieldResolver(() => User)
  owner(@Root() campaign: CampaignRow, @Ctx() context: Context) {
    return context.loaders.users.byId.load(campaign.ownerId);
  }

  @FieldResolver(() => RateCard)
  rateCard(@Root() campaign: CampaignRow): RateCard {
    return rateCardOf(campaign);
  }

  @FieldResolver(() => [CampaignTask])
  tasks(@Root() campaign: CampaignRow, @Ctx() context: Context) {
    return context.loaders.campaigns.tasksByCampaignId.load(campaign.id);
  }
}

@Resolver(() => CampaignTask)
export class CampaignTaskResolver {
  @FieldResolver(() => Campaign)
  campaign(@Root() task: { campaignId: number }, @Ctx() context: Context) {
    return context.loaders.campaigns.byId.load(task.campaignId);
  }
}

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from "type-graphql";
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import type { Context } from "../context.js";
import { Participation } from "../participations/participation.type.js";
import { User } from "../users/user.type.js";
import { AnalyticsWindowInput } from "./analytics.input.js";
import {
  AnalyticsTimeseries,
  CampaignAnalytics,
  CampaignInfluencerBreakdown,
  CampaignSubmissionBreakdown,
  ParticipationAnalytics,
  SubmissionAnalytics,
} from "./analytics.type.js";
import { campaignCsv } from "./analytics.csv.js";
import * as service from "./analytics.service.js";

@Resolver()
export class AnalyticsResolver {
  @Authorized()
  @Query(() => SubmissionAnalytics, {
    description: "Totals, DAY/WEEK time series, money and freshness of one submission. Its influencer, the campaign owner and admins.",
  })
  submissionAnalytics(
    @Arg("submissionId", () => ID) submissionId: string,
    @Args(() => AnalyticsWindowInput) window: AnalyticsWindowInput,
    @Ctx() context: Context,
  ) {
    return service.submissionAnalytics(context, submissionId, window);
  }

  @Authorized()
  @Query(() => ParticipationAnalytics, {
    description: "A participation's ACCEPTED submissions aggregated per platform and overall. Its influencer, the campaign owner and admins.",
  })
  participationAnalytics(
    @Arg("participationId", () => ID) participationId: string,
    @Args(() => AnalyticsWindowInput) window: AnalyticsWindowInput,
    @Ctx() context: Context,
  ) {
    return service.participationAnalytics(context, participationId, window);
  }

  @Authorized()
  @Query(() => CampaignAnalytics, { description: "The brand's campaign dashboard. The campaign owner and admins." })
  campaignAnalytics(
    @Arg("campaignId", () => ID) campaignId: string,
    @Args(() => AnalyticsWindowInput) window: AnalyticsWindowInput,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    // byInfluencer and csv read with the dashboard's numbers (one statement) when the request selects them
    const asked = selectedFields(info);
    return service.campaignAnalytics(context, campaignId, window, { influencers: asked.has("byInfluencer"), rows: asked.has("csv") });
  }
}

/** The field names selected on the resolved field, through fragments (directives ignored: a skipped field is read anyway). */
function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

@Resolver(() => CampaignAnalytics)
export class CampaignAnalyticsResolver {
  @FieldResolver(() => AnalyticsTimeseries, { description: "Counted submissions summed per bucket." })
  timeseries(@Root() analytics: CampaignAnalytics, @Ctx() context: Context) {
    return service.campaignTimeseries(context, analytics);
  }

  @FieldResolver(() => [CampaignInfluencerBreakdown], { description: "Influencers with counted submissions, most delivered impressions first." })
  byInfluencer(
    @Root() analytics: CampaignAnalytics,
    @Arg("first", () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
    @Ctx() context: Context,
  ) {
    return service.influencerBreakdowns(context, analytics, first);
  }

  @FieldResolver(() => [CampaignSubmissionBreakdown], { description: "Counted submissions, most delivered impressions first." })
  topSubmissions(
    @Root() analytics: CampaignAnalytics,
    @Arg("first", () => Int, { nullable: true, defaultValue: 10 }) first: number | null,
    @Ctx() context: Context,
  ) {
    return service.topSubmissionBreakdowns(context, analytics, first);
  }

  @FieldResolver(() => String, {
    description: "Every counted submission as CSV (RFC 4180, header row, CRLF); docs/analytics.md lists the columns.",
  })
  async csv(@Root() analytics: CampaignAnalytics, @Ctx() context: Context) {
    return campaignCsv(await service.campaignCsvRows(context, analytics));
  }
}

@Resolver(() => CampaignInfluencerBreakdown)
export class CampaignInfluencerBreakdownResolver {
  @FieldResolver(() => Participation)
  participation(@Root() breakdown: CampaignInfluencerBreakdown, @Ctx() context: Context) {
    return context.loaders.participations.byId.load(breakdown.participationId);
  }

  @FieldResolver(() => User)
  influencer(@Root() breakdown: CampaignInfluencerBreakdown, @Ctx() context: Context) {
    return context.loaders.users.byId.load(breakdown.influencerId);
  }
}

@Resolver(() => CampaignSubmissionBreakdown)
export class CampaignSubmissionBreakdownResolver {
  @FieldResolver(() => Participation)
  participation(@Root() breakdown: CampaignSubmissionBreakdown, @Ctx() context: Context) {
    return context.loaders.participations.byId.load(breakdown.participationId);
  }

  @FieldResolver(() => User)
  influencer(@Root() breakdown: CampaignSubmissionBreakdown, @Ctx() context: Context) {
    return context.loaders.users.byId.load(breakdown.influencerId);
  }
}

export const analyticsResolvers = [
  AnalyticsResolver,
  CampaignAnalyticsResolver,
  CampaignInfluencerBreakdownResolver,
  CampaignSubmissionBreakdownResolver,
] as const;

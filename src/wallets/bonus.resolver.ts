import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Campaign, type CampaignRow } from "../campaigns/campaign.type.js";
import { canManageCampaign } from "../campaigns/campaign.access.js";
import { Participation, type ParticipationRow } from "../participations/participation.type.js";
import { Submission, type SubmissionRow } from "../submissions/submission.type.js";
import { BonusAward, type BonusAwardRef } from "./bonus.type.js";
// Loading the service registers the award on completion (campaign.service.ts, onCampaignCompleted).
import "./bonus.service.js";

@Resolver(() => Participation)
export class ParticipationBonusesResolver {
  @FieldResolver(() => [BonusAward], { description: "The promo bonuses this participation won (awarded when its campaign completed)." })
  bonuses(@Root() participation: ParticipationRow, @Ctx() context: Context) {
    return context.loaders.wallets.bonusesByParticipationId.load(participation.id);
  }
}

@Resolver(() => Submission)
export class SubmissionBonusesResolver {
  @FieldResolver(() => [BonusAward], { description: "The promo bonuses accrued on this submission's earnings (included in its accrued money)." })
  bonuses(@Root() submission: SubmissionRow, @Ctx() context: Context) {
    return context.loaders.wallets.bonusesBySubmissionId.load(submission.id);
  }
}

@Resolver(() => Campaign)
export class CampaignBonusesResolver {
  @FieldResolver(() => [BonusAward], { description: "The promo bonuses the campaign awarded; the owner and admins only (empty for others)." })
  bonusAwards(@Root() campaign: CampaignRow, @Ctx() context: Context) {
    if (!canManageCampaign(context.viewer, campaign)) return [];
    return context.loaders.wallets.bonusesByCampaignId.load(campaign.id);
  }
}

@Resolver(() => BonusAward)
export class BonusAwardResolver {
  @FieldResolver(() => Participation, { description: "The winning participation." })
  participation(@Root() award: BonusAwardRef, @Ctx() context: Context) {
    return context.loaders.participations.byId.load(award.participationId);
  }

  @FieldResolver(() => Submission, { description: "The submission whose earnings carry the bonus." })
  submission(@Root() award: BonusAwardRef, @Ctx() context: Context) {
    return context.loaders.submissions.byId.load(award.submissionId);
  }
}

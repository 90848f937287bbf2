import { Arg, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { NotFound } from "../shared/errors.js";
import { prefixOf } from "../shared/ids.js";
import { getCampaign } from "../campaigns/campaign.access.js";
import { getCampaignTask } from "../campaigns/campaign.service.js";
import { getParticipation } from "../participations/participation.access.js";
import { getSubmission } from "../submissions/submission.access.js";
import { getSocialAccount } from "../social-accounts/social-account.access.js";
import { getUser } from "../users/user.access.js";
import { Node } from "../shared/node.type.js";

@Resolver()
export class NodeResolver {
  @Authorized()
  @Query(() => Node, { nullable: true, description: "Any object by its global id, with the same access checks as its own query." })
  async node(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    switch (prefixOf(id)) {
      case "campaign":
        return getCampaign(context, id);
      case "task":
        return getCampaignTask(context, id);
      case "participation":
        return (await getParticipation(context, id)).participation;
      case "submission":
        return (await getSubmission(context, id)).submission;
      case "user":
        // Users are visible to themselves and admins; others see users through the objects that link them.
        return getUser(context, id);
      case "account":
        // Admins see every account (as through User.socialAccounts), not only their own.
        return (await getSocialAccount(context, id)).account;
      default:
        throw NotFound("Object", id);
    }
  }
}

import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { requireViewer, isAdmin } from "../auth/access.js";
import { NotFound } from "../shared/errors.js";
import { prefixOf } from "../shared/ids.js";
import { getCampaign, getCampaignTask } from "../campaigns/campaign.service.js";
import { getParticipation } from "../participations/participation.service.js";
import { getSubmission } from "../submissions/submission.service.js";
import { getSocialAccount } from "../social-accounts/social-account.service.js";
import { Node } from "./node.type.js";

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global id, with the same access checks as its own query." })
  async node(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    const viewer = requireViewer(context);
    switch (prefixOf(id)) {
      case "campaign":
        return getCampaign(context, id);
      case "task":
        return getCampaignTask(context, id);
      case "participation":
        return (await getParticipation(context, id)).participation;
      case "submission":
        return (await getSubmission(context, id)).submission;
      case "user": {
        // Users are visible to themselves and admins; others see users through the objects that link them.
        const user = await context.loaders.userByPublicId.load(id);
        if (user && (user.id === viewer.id || isAdmin(viewer))) return user;
        throw NotFound("User", id);
      }
      case "account":
        // Admins see every account (as through User.socialAccounts), not only their own.
        return getSocialAccount(context, id);
      default:
        throw NotFound("Object", id);
    }
  }
}

import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import type { UserRole } from "../shared/enums.js";
import { SocialAccountStatus } from "../shared/enums.js";
import { User, type UserRow } from "../users/user.type.js";
import { userAccess } from "../users/user.access.js";
import {
  ConnectSocialAccountInput,
  ConnectSocialAccountPayload,
  DisconnectSocialAccountPayload,
  SocialAccount,
  type SocialAccountRow,
} from "./social-account.type.js";
import * as service from "./social-account.service.js";

@Resolver(() => SocialAccount)
export class SocialAccountResolver {
  @Authorized<UserRole>("INFLUENCER", "ADMIN")
  @Mutation(() => ConnectSocialAccountPayload, {
    description:
      "Connects (or reconnects) a platform account from pasted tokens: administrators for an influencer (userId), influencers only where the server allows it. Users connect with startSocialConnection.",
  })
  async connectSocialAccount(
    @Arg("input", () => ConnectSocialAccountInput) input: ConnectSocialAccountInput,
    @Ctx() context: Context,
  ) {
    return { socialAccount: await service.connectSocialAccount(context, input) };
  }

  @Authorized()
  @Mutation(() => DisconnectSocialAccountPayload, { description: "Influencer: revokes a connected account." })
  async disconnectSocialAccount(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { socialAccount: await service.disconnectSocialAccount(context, id) };
  }

  @FieldResolver(() => SocialAccountStatus)
  status(@Root() account: SocialAccountRow): SocialAccountStatus {
    return service.effectiveStatus(account);
  }
}

@Resolver(() => User)
export class UserSocialAccountsResolver {
  @FieldResolver(() => [SocialAccount], {
    description: "Connected platform accounts; visible to the user and administrators only (empty for others).",
  })
  async socialAccounts(@Root() user: UserRow, @Ctx() context: Context) {
    if (userAccess(context.viewer, user.id) === "none") return [];
    return context.loaders.socialAccounts.byUserId.load(user.id);
  }
}

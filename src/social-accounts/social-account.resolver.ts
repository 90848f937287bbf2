import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { SocialAccountStatus } from "../shared/enums.js";
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
  @Mutation(() => ConnectSocialAccountPayload, { description: "Influencer: connects (or reconnects) a platform account." })
  async connectSocialAccount(
    @Arg("input", () => ConnectSocialAccountInput) input: ConnectSocialAccountInput,
    @Ctx() context: Context,
  ) {
    return { socialAccount: await service.connectSocialAccount(context, input) };
  }

  @Mutation(() => DisconnectSocialAccountPayload, { description: "Influencer: revokes a connected account." })
  async disconnectSocialAccount(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { socialAccount: await service.disconnectSocialAccount(context, id) };
  }

  @FieldResolver(() => SocialAccountStatus)
  status(@Root() account: SocialAccountRow): SocialAccountStatus {
    return service.effectiveStatus(account);
  }
}

import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { Platform, type UserRole } from "../shared/enums.js";
import { SocialConnectionStart } from "./connection.type.js";
import * as service from "./connection.service.js";

@Resolver(() => SocialConnectionStart)
export class SocialConnectionResolver {
  @Authorized<UserRole>("INFLUENCER")
  @Mutation(() => SocialConnectionStart, {
    description:
      "Influencer: starts connecting a platform account through the platform's own consent page (OAuth). `redirectUri` must be on the server's allow-list; it receives `status=connected&platform&accountId` or `status=error&error`.",
  })
  async startSocialConnection(
    @Arg("platform", () => Platform) platform: Platform,
    @Arg("redirectUri", () => String) redirectUri: string,
    @Ctx() context: Context,
  ): Promise<SocialConnectionStart> {
    return service.startSocialConnection(context, platform, redirectUri);
  }
}

import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { isAdmin, requireViewer } from "../auth/access.js";
import { SocialAccount } from "../social-accounts/social-account.type.js";
import { User, type UserRow } from "./user.type.js";

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { description: "The signed-in user." })
  async viewer(@Ctx() context: Context) {
    return context.loaders.userById.load(requireViewer(context).id);
  }

  @FieldResolver(() => String, { nullable: true, description: "Visible to the user and administrators only." })
  email(@Root() user: UserRow, @Ctx() context: Context): string | null {
    return context.viewer?.id === user.id || isAdmin(context.viewer) ? user.email : null;
  }

  @FieldResolver(() => [SocialAccount], {
    description: "Connected platform accounts; visible to the user and administrators only (empty for others).",
  })
  async socialAccounts(@Root() user: UserRow, @Ctx() context: Context) {
    if (context.viewer?.id !== user.id && !isAdmin(context.viewer)) return [];
    return context.loaders.socialAccountsByUserId.load(user.id);
  }
}

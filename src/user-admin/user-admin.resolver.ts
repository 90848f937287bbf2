import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import type { UserRole } from "../shared/enums.js";
import { User, type UserRow } from "../users/user.type.js";
import { userAccess } from "../users/user.access.js";
import {
  AddCustomSocialWallInput,
  AddCustomSocialWallPayload,
  CustomSocialWall,
  ForceLogoutInput,
  SetUserBanInput,
  UserAdministrationPayload,
  UserStatusReport,
} from "./user-admin.type.js";
import * as service from "./user-admin.service.js";

@Authorized<UserRole>("ADMIN")
@Resolver()
export class UserAdministrationResolver {
  @Query(() => UserStatusReport, { description: "Admin: an account's status, joined date and campaign count; `exists: false` for an unknown id." })
  userStatus(@Arg("userId", () => ID) userId: string, @Ctx() context: Context) {
    return service.userStatusReport(context, userId);
  }

  @Mutation(() => UserAdministrationPayload, {
    description: "Admin: bans a user (with a reason; every session ends at once) or lifts the ban. Not oneself, nor another administrator.",
  })
  async setUserBan(@Arg("input", () => SetUserBanInput) input: SetUserBanInput, @Ctx() context: Context) {
    return { user: await service.setUserBan(context, input) };
  }

  @Mutation(() => UserAdministrationPayload, {
    description: "Admin: ends every session of a user now (access tokens fail on their next request, refresh tokens are revoked). Not oneself.",
  })
  async forceLogout(@Arg("input", () => ForceLogoutInput) input: ForceLogoutInput, @Ctx() context: Context) {
    return { user: await service.forceLogout(context, input.userId) };
  }

  @Mutation(() => AddCustomSocialWallPayload, { description: "Admin: adds a custom social wall to a user's profile; adding the same one again adds nothing." })
  addCustomSocialWall(@Arg("input", () => AddCustomSocialWallInput) input: AddCustomSocialWallInput, @Ctx() context: Context) {
    return service.addCustomSocialWall(context, input);
  }
}

@Resolver(() => User)
export class UserCustomSocialWallsResolver {
  @FieldResolver(() => [CustomSocialWall], { nullable: true, description: "Custom social walls, oldest first. The user and administrators only (null for anyone else)." })
  customSocialWalls(@Root() user: UserRow, @Ctx() context: Context) {
    if (userAccess(context.viewer, user.id) === "none") return null;
    return context.loaders.users.customSocialWallsByUserId.load(user.id);
  }
}

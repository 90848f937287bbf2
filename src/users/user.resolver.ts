import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { requireViewer } from "../auth/access.js";
import { AuthPayload } from "../auth/auth.types.js";
import type { Session } from "../auth/auth.service.js";
import { User, type UserRow } from "./user.type.js";
import { userAccess } from "./user.access.js";

@Resolver(() => User)
export class UserResolver {
  @Authorized()
  @Query(() => User, { description: "The signed-in user." })
  async viewer(@Ctx() context: Context) {
    return context.loaders.users.byId.load(requireViewer(context).id);
  }

  @FieldResolver(() => String, { nullable: true, description: "Visible to the user and administrators only." })
  email(@Root() user: UserRow, @Ctx() context: Context): string | null {
    return userAccess(context.viewer, user.id) === "none" ? null : user.email;
  }
}

/** The session's user: resolved here, so that auth (below users) does not import users. */
@Resolver(() => AuthPayload)
export class AuthPayloadUserResolver {
  @FieldResolver(() => User)
  user(@Root() session: Session): UserRow {
    return session.user;
  }
}

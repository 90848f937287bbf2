// The viewer edits their profile; sex and birth date are personal data, shown to the user themself and to
// administrators only (the same rule as the email, src/users/user.access.ts), null to everyone else.
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Sex } from "../shared/enums.js";
import { BoundedLocalDate } from "../shared/scalars.js";
import { User, type UserRow } from "./user.type.js";
import { userAccess } from "./user.access.js";
import { UpdateProfileInput, UpdateProfilePayload } from "./profile.input.js";
import { updateProfile } from "./profile.service.js";

@Resolver(() => User)
export class UserProfileResolver {
  @Authorized()
  @Mutation(() => UpdateProfilePayload, { description: "The viewer changes their own profile; fields left out stay as they are." })
  async updateProfile(@Arg("input", () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() context: Context) {
    return { user: await updateProfile(context, input) };
  }

  @FieldResolver(() => Sex, { nullable: true, description: "Visible to the user and administrators only." })
  sex(@Root() user: UserRow, @Ctx() context: Context): Sex | null {
    return userAccess(context.viewer, user.id) === "none" ? null : user.sex;
  }

  @FieldResolver(() => BoundedLocalDate, { nullable: true, description: "YYYY-MM-DD. Visible to the user and administrators only." })
  birthDate(@Root() user: UserRow, @Ctx() context: Context): string | null {
    return userAccess(context.viewer, user.id) === "none" ? null : user.birthDate;
  }
}

import { Field, InputType, ObjectType } from "type-graphql";
import { UserRole } from "../shared/enums.js";

@InputType("SignUpInput")
export class SignUpInput {
  @Field(() => String) email!: string;
  @Field(() => String, { description: "At least 10 characters." }) password!: string;
  @Field(() => UserRole, { description: "BRAND or INFLUENCER; administrators come from ADMIN_EMAIL." }) role!: UserRole;
  @Field(() => String) displayName!: string;
}

@InputType("SignInInput")
export class SignInInput {
  @Field(() => String) email!: string;
  @Field(() => String) password!: string;
}

@InputType("ChangePasswordInput")
export class ChangePasswordInput {
  @Field(() => String) currentPassword!: string;
  @Field(() => String, { description: "At least 10 characters." }) newPassword!: string;
}

@ObjectType("AuthPayload", { description: "A new session: a short-lived access token and a rotating refresh token." })
export class AuthPayload {
  @Field(() => String, { description: "Send as `Authorization: Bearer <accessToken>`." }) accessToken!: string;
  @Field(() => Date) accessTokenExpiresAt!: Date;
  @Field(() => String, { description: "Single use: `refreshSession` returns a new one." }) refreshToken!: string;
  // `user` is resolved in src/users/user.resolver.ts: users depend on auth, not the reverse.
}

@ObjectType("SignOutPayload")
export class SignOutPayload {
  @Field(() => Boolean) success!: boolean;
}

import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Platform, UserStatus } from "../shared/enums.js";
import { BoundedLocalDate } from "../shared/scalars.js";
import { User, type UserRow } from "../users/user.type.js";
import type { CustomSocialWallRow } from "../users/user.loaders.js";

export type { CustomSocialWallRow };

@ObjectType("UserStatusReport", { description: "Admin: an account's standing (legacy /api/user/status/ and /api/general/tools/check-user/)." })
export class UserStatusReport {
  @Field(() => Boolean, { description: "False when no user has the id: every other field is then null." }) exists!: boolean;
  @Field(() => User, { nullable: true }) user!: UserRow | null;
  @Field(() => UserStatus, { nullable: true }) status!: UserStatus | null;
  @Field(() => String, { nullable: true, description: "Why the account is banned; null unless it is." }) banReason!: string | null;
  @Field(() => BoundedLocalDate, { nullable: true, description: "The day the account was created (UTC)." }) joinedDate!: string | null;
  @Field(() => Int, {
    nullable: true,
    description: "Campaigns the user took part in: an influencer's distinct campaigns with a participation (any status), a brand's or admin's own campaigns.",
  })
  totalCampaigns!: number | null;
}

@ObjectType("CustomSocialWall", { description: "An http(s) page on one network that an administrator added to a user's profile." })
export class CustomSocialWall {
  @Field(() => String) url!: string;
  @Field(() => Platform) platform!: Platform;
  @Field(() => Date) createdAt!: Date;
}

@InputType("SetUserBanInput")
export class SetUserBanInput {
  @Field(() => ID, { description: "A user id, or its legacy integer id." }) userId!: string;
  @Field(() => Boolean, { description: "true bans (and ends every session), false lifts a ban." }) banned!: boolean;
  @Field(() => String, { nullable: true, description: "Required to ban: 1 to 500 characters. Ignored when lifting a ban, which clears it." })
  reason?: string | null;
}

@InputType("ForceLogoutInput")
export class ForceLogoutInput {
  @Field(() => ID, { description: "A user id, or its legacy integer id." }) userId!: string;
}

@InputType("AddCustomSocialWallInput")
export class AddCustomSocialWallInput {
  @Field(() => ID, { description: "A user id, or its legacy integer id." }) userId!: string;
  @Field(() => String, { description: "An http or https URL with a host, at most 2000 characters." }) url!: string;
  @Field(() => Platform) platform!: Platform;
}

@ObjectType("UserAdministrationPayload")
export class UserAdministrationPayload {
  @Field(() => User) user!: UserRow;
}

@ObjectType("AddCustomSocialWallPayload")
export class AddCustomSocialWallPayload {
  @Field(() => CustomSocialWall) wall!: CustomSocialWallRow;
  @Field(() => Boolean, { description: "False when the user already had this wall: nothing was added." }) created!: boolean;
  @Field(() => User) user!: UserRow;
}

import { Field, InputType, ObjectType } from "type-graphql";
import type { socialAccounts } from "../../schema/tables.js";
import { Node } from "../shared/node.type.js";
import { Platform, SocialAccountKind } from "../shared/enums.js";

export type SocialAccountRow = typeof socialAccounts.$inferSelect;

@ObjectType("SocialAccount", {
  implements: Node,
  description: "An influencer's connected platform account. Its OAuth tokens are stored encrypted and never returned.",
})
export class SocialAccount extends Node {
  @Field(() => Platform) platform!: Platform;
  @Field(() => SocialAccountKind) kind!: SocialAccountKind;
  @Field(() => String) externalAccountId!: string;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field(() => Date, { nullable: true, description: "When the access token expires." }) expiresAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
}

@InputType("ConnectSocialAccountInput")
export class ConnectSocialAccountInput {
  @Field(() => Platform) platform!: Platform;
  @Field(() => String) externalAccountId!: string;
  @Field(() => String, { nullable: true }) username?: string | null;
  @Field(() => SocialAccountKind, { nullable: true, defaultValue: "USER" }) kind?: SocialAccountKind;
  @Field(() => String) accessToken!: string;
  @Field(() => String, { nullable: true }) refreshToken?: string | null;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
}

@ObjectType("ConnectSocialAccountPayload")
export class ConnectSocialAccountPayload {
  @Field(() => SocialAccount) socialAccount!: SocialAccountRow;
}

@ObjectType("DisconnectSocialAccountPayload")
export class DisconnectSocialAccountPayload {
  @Field(() => SocialAccount) socialAccount!: SocialAccountRow;
}

import { Field, ID, InputType, ObjectType } from "type-graphql";
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

@InputType("ConnectSocialAccountInput", {
  description: "Pasted tokens: for administrators (and influencers where ALLOW_TOKEN_PASTE is on); users connect with startSocialConnection.",
})
export class ConnectSocialAccountInput {
  @Field(() => ID, { nullable: true, description: "Administrators: the influencer the account is connected for." }) userId?: string | null;
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

import { Field, Int, ObjectType } from "type-graphql";
import type { users } from "../../schema/tables.js";
import { LEGACY_ID_DESCRIPTION, Node } from "../shared/node.type.js";
import { UserRole, UserStatus } from "../shared/enums.js";

export type UserRow = typeof users.$inferSelect;

@ObjectType("User", { implements: Node, description: "A brand, an influencer or an administrator." })
export class User extends Node {
  @Field(() => Int, { name: "legacyId", description: LEGACY_ID_DESCRIPTION }) id!: number;
  @Field(() => UserRole) role!: UserRole;
  @Field(() => UserStatus) status!: UserStatus;
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code." }) countryCode!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => [String]) interestCategories!: string[];
  @Field(() => Date) createdAt!: Date;
}

import { Field, ID, Int, ObjectType } from "type-graphql";
import type { applications } from "../../schema/tables.js";
import { LEGACY_ID_DESCRIPTION } from "../shared/node.type.js";

export type ApplicationRow = typeof applications.$inferSelect;

@ObjectType("Application", {
  description: "A partner application registered by an administrator: it gets users' access tokens at POST /oauth/token (docs/oauth.md).",
})
export class Application {
  @Field(() => ID, { name: "id", description: "Opaque id: `app_<random>`." })
  publicId!: string;

  @Field(() => Int, { name: "legacyId", description: LEGACY_ID_DESCRIPTION })
  id!: number;

  @Field(() => String) name!: string;

  @Field(() => String, { description: "The OAuth 2 client id, sent with the client secret to /oauth/token." })
  clientId!: string;

  @Field(() => Date) createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was revoked: its tokens and its secret no longer work." })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When its secret was last replaced (rotateApplicationSecret)." })
  secretRotatedAt!: Date | null;
}

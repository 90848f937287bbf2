import { Field, InputType, ObjectType } from "type-graphql";
import { Sex } from "../shared/enums.js";
import { BoundedLocalDate } from "../shared/scalars.js";
import { User, type UserRow } from "./user.type.js";

/** A field left out stays as it is; `null` clears an optional one (displayName cannot be cleared). */
@InputType("UpdateProfileInput", { description: "The viewer's profile: a field left out is unchanged, null clears it." })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: "1 to 200 characters; cannot be cleared." }) displayName?: string | null;
  @Field(() => String, { nullable: true, description: "3 to 30 letters, digits, dots and underscores. Not unique: it is a handle shown beside the display name." })
  username?: string | null;
  @Field(() => Sex, { nullable: true }) sex?: Sex | null;
  @Field(() => BoundedLocalDate, { nullable: true, description: "YYYY-MM-DD; the user must be 18 or older on today's UTC date." })
  birthDate?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "ISO 3166-1 alpha-2 code of a listed country (`countries`). Changing it without giving `city` clears the city.",
  })
  countryCode?: string | null;
  @Field(() => String, { nullable: true, description: "A city of the profile's country (`Country.cities`), by name in any letter case." }) city?: string | null;
  @Field(() => [String], { nullable: true, description: "Category slugs (`categories`), at most 10, duplicates dropped; null clears them." })
  interestCategories?: string[] | null;
}

@ObjectType("UpdateProfilePayload")
export class UpdateProfilePayload {
  @Field(() => User) user!: UserRow;
}

// The Relay Node interface. Resolvers return database rows; a row's `publicId` is its GraphQL `id`, and
// the id's prefix names its type.
import { Field, ID, InterfaceType } from "type-graphql";
import { prefixOf, type IdPrefix } from "./ids.js";

export const TYPE_BY_PREFIX: Partial<Record<IdPrefix, string>> = {
  user: "User",
  campaign: "Campaign",
  task: "CampaignTask",
  participation: "Participation",
  submission: "Submission",
  account: "SocialAccount",
};

@InterfaceType("Node", {
  description: "An object with a global id, fetchable with `node(id)`.",
  resolveType: (value: { publicId: string }) => TYPE_BY_PREFIX[prefixOf(value.publicId)!],
})
export abstract class Node {
  @Field(() => ID, { name: "id", description: "Global, opaque id: `<type>_<random>`." })
  publicId!: string;
}

/** The description of `legacyId` on the types the legacy API addresses by their integer keys. */
export const LEGACY_ID_DESCRIPTION =
  "The row's integer key, by which the legacy API (`/api/...`) names it. ID arguments accept it in decimal too.";

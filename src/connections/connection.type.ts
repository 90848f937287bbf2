import { Field, ObjectType } from "type-graphql";

@ObjectType("SocialConnectionStart", {
  description:
    "A connect flow, started: send the browser to `authorizationUrl`; the platform comes back to the server, which stores the account and sends the browser to the `redirectUri` with the outcome.",
})
export class SocialConnectionStart {
  @Field(() => String, { description: "The platform's consent page, for this flow." }) authorizationUrl!: string;
  @Field(() => String, { description: "The flow's single-use `state` (also in the URL): the outcome carries no other proof." }) state!: string;
  @Field(() => Date, { description: "After this the flow can no longer complete: start a new one." }) expiresAt!: Date;
}

import { Field, ID, InputType, ObjectType } from "type-graphql";
import { WebhookDelivery, WebhookEndpoint, WebhookEvent, type WebhookDeliveryView, type WebhookEndpointRow } from "./webhook.type.js";

@InputType("CreateWebhookEndpointInput")
export class CreateWebhookEndpointInput {
  @Field(() => String, { description: "http(s) URL on a public address (docs/webhooks.md, \"Which URLs\")." }) url!: string;
  @Field(() => [WebhookEvent], { description: "At least one." }) events!: WebhookEvent[];
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType("UpdateWebhookEndpointInput", { description: "Only the given fields change." })
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => [WebhookEvent], { nullable: true }) events?: WebhookEvent[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Boolean, { nullable: true, description: "true re-enables a disabled endpoint (and resets its failure count); false disables it." })
  enabled?: boolean | null;
}

@InputType("RedeliverWebhookEventInput", { description: "Exactly one of deliveryId or eventId." })
export class RedeliverWebhookEventInput {
  @Field(() => ID, { nullable: true, description: "Sends this delivery's event again to its endpoint." }) deliveryId?: string | null;
  @Field(() => ID, { nullable: true, description: "Sends the event again to each of the viewer's endpoints that received it." })
  eventId?: string | null;
}

@ObjectType("WebhookEndpointPayload")
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpoint) endpoint!: WebhookEndpointRow;
}

@ObjectType("WebhookEndpointSecretPayload", { description: "The endpoint and its signing secret, shown this once." })
export class WebhookEndpointSecretPayload {
  @Field(() => WebhookEndpoint) endpoint!: WebhookEndpointRow;
  @Field(() => String, { description: "Signs every request (Webhook-Signature); the server never shows it again." }) secret!: string;
}

@ObjectType("DeleteWebhookEndpointPayload")
export class DeleteWebhookEndpointPayload {
  @Field(() => ID) deletedId!: string;
}

@ObjectType("RedeliverWebhookEventPayload")
export class RedeliverWebhookEventPayload {
  @Field(() => [WebhookDelivery], { description: "The new deliveries, PENDING and due now." }) deliveries!: WebhookDeliveryView[];
}

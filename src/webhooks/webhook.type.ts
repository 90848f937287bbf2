import { Field, ID, Int, ObjectType } from "type-graphql";
import { URLResolver } from "graphql-scalars";
import { graphqlEnum } from "../shared/enums.js";
import * as tables from "../../schema/tables.js";

export type WebhookEndpointRow = typeof tables.webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof tables.webhookDeliveries.$inferSelect;
export type WebhookDeliveryAttemptRow = typeof tables.webhookDeliveryAttempts.$inferSelect;
export type WebhookEventRow = typeof tables.webhookEvents.$inferSelect;

export const WebhookEvent = graphqlEnum(
  tables.webhookEventType.enumValues,
  "WebhookEvent",
  "What a webhook endpoint can subscribe to; payloads are described in docs/webhooks.md.",
);
export type WebhookEvent = (typeof tables.webhookEventType.enumValues)[number];

export const WebhookEndpointStatus = graphqlEnum(
  tables.webhookEndpointStatus.enumValues,
  "WebhookEndpointStatus",
  "ENABLED endpoints receive events; DISABLED ones (by their owner, or after repeated failure) receive none until enabled again.",
);
export type WebhookEndpointStatus = (typeof tables.webhookEndpointStatus.enumValues)[number];

export const WebhookDeliveryStatus = graphqlEnum(
  tables.webhookDeliveryStatus.enumValues,
  "WebhookDeliveryStatus",
  "PENDING: due or waiting for a retry; SUCCEEDED: a 2xx answer; FAILED: every attempt failed.",
);
export type WebhookDeliveryStatus = (typeof tables.webhookDeliveryStatus.enumValues)[number];

@ObjectType("WebhookEndpoint", { description: "Where a brand (events of its campaigns) or an admin (every event) receives signed events." })
export class WebhookEndpoint {
  @Field(() => ID, { name: "id" }) publicId!: string;
  @Field(() => URLResolver) url!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [WebhookEvent]) events!: WebhookEvent[];
  @Field(() => WebhookEndpointStatus) status!: WebhookEndpointStatus;
  @Field(() => Int, { description: "Events in a row that failed every attempt; any success resets it." }) consecutiveFailures!: number;
  @Field(() => Date, { nullable: true }) disabledAt!: Date | null;
  @Field(() => String, { nullable: true, description: "Why the server disabled the endpoint; null when its owner did, or when enabled." })
  disabledReason!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType("WebhookDeliveryAttempt", { description: "One HTTP attempt of a delivery." })
export class WebhookDeliveryAttempt {
  @Field(() => Int, { description: "1 for the first attempt of this delivery." }) attemptNumber!: number;
  @Field(() => Int, { nullable: true, description: "The endpoint's HTTP status; null when no answer came." }) statusCode!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) durationMs!: number;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date) finishedAt!: Date;
}

/** A delivery row joined with its event's public fields. */
export type WebhookDeliveryView = WebhookDeliveryRow & { eventPublicId: string; eventType: WebhookEvent; eventBody: string; eventCreatedAt: Date; endpointPublicId: string };

@ObjectType("WebhookDelivery", { description: "One event to one endpoint: its retry state and the log of its attempts." })
export class WebhookDelivery {
  @Field(() => ID, { name: "id" }) publicId!: string;
  @Field(() => ID, { name: "eventId", description: "The event's id, sent as Webhook-Id: the same for every attempt and redelivery." }) eventPublicId!: string;
  @Field(() => WebhookEvent) eventType!: WebhookEvent;
  @Field(() => String, { name: "payload", description: "The exact JSON body sent." }) eventBody!: string;
  @Field(() => Date) eventCreatedAt!: Date;
  @Field(() => ID, { name: "endpointId" }) endpointPublicId!: string;
  @Field(() => WebhookDeliveryStatus) status!: WebhookDeliveryStatus;
  @Field(() => Int) attemptCount!: number;
  @Field(() => Int, { nullable: true }) lastStatusCode!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Date, { nullable: true }) deliveredAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

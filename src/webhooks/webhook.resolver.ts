import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import type { UserRole } from "../shared/enums.js";
import { ConnectionArgs, ConnectionType, connectionComplexity, listCursors, parsePageArgs, toConnection } from "../shared/connection.js";
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookEndpoint, type WebhookDeliveryView } from "./webhook.type.js";
import {
  CreateWebhookEndpointInput,
  DeleteWebhookEndpointPayload,
  RedeliverWebhookEventInput,
  RedeliverWebhookEventPayload,
  UpdateWebhookEndpointInput,
  WebhookEndpointPayload,
  WebhookEndpointSecretPayload,
} from "./webhook.input.js";
import { getWebhookEndpoint } from "./webhook.access.js";
import * as service from "./webhook.service.js";

const WebhookEndpointConnection = ConnectionType("WebhookEndpoint", WebhookEndpoint);
const WebhookDeliveryConnection = ConnectionType("WebhookDelivery", WebhookDelivery);

@Authorized<UserRole>("BRAND", "ADMIN")
@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Query(() => WebhookEndpoint, { nullable: true, description: "One of the viewer's webhook endpoints (an admin: anyone's)." })
  webhookEndpoint(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return getWebhookEndpoint(context, id);
  }

  @Query(() => WebhookEndpointConnection, { description: "The viewer's webhook endpoints (an admin: everyone's), newest first.", complexity: connectionComplexity })
  async webhookEndpoints(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: Context) {
    const cursors = listCursors(context, "Query.webhookEndpoints");
    const page = parsePageArgs(args, cursors);
    return toConnection(await service.listWebhookEndpoints(context, page), page, cursors);
  }

  @Query(() => WebhookDeliveryConnection, { description: "The delivery log of one of the viewer's endpoints, newest first.", complexity: connectionComplexity })
  async webhookDeliveries(@Arg("endpointId", () => ID) endpointId: string, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: Context) {
    const cursors = listCursors(context, "Query.webhookDeliveries");
    const page = parsePageArgs(args, cursors);
    return toConnection(await service.listWebhookDeliveries(context, endpointId, page), page, cursors);
  }

  @Mutation(() => WebhookEndpointSecretPayload, { description: "Registers an endpoint; the answer carries its signing secret, shown this once." })
  createWebhookEndpoint(@Arg("input", () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput, @Ctx() context: Context) {
    return service.createWebhookEndpoint(context, input);
  }

  @Mutation(() => WebhookEndpointPayload, { description: "Changes the given fields; `enabled: true` re-enables a disabled endpoint." })
  async updateWebhookEndpoint(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput,
    @Ctx() context: Context,
  ) {
    return { endpoint: await service.updateWebhookEndpoint(context, id, input) };
  }

  @Mutation(() => DeleteWebhookEndpointPayload, { description: "Deletes an endpoint with its pending deliveries and its log." })
  async deleteWebhookEndpoint(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { deletedId: await service.deleteWebhookEndpoint(context, id) };
  }

  @Mutation(() => WebhookEndpointSecretPayload, { description: "Replaces the signing secret; the new one is shown this once." })
  rotateWebhookSecret(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return service.rotateWebhookSecret(context, id);
  }

  @Mutation(() => RedeliverWebhookEventPayload, { description: "Sends an event again (same Webhook-Id and body), as a new delivery due now." })
  async redeliverWebhookEvent(@Arg("input", () => RedeliverWebhookEventInput) input: RedeliverWebhookEventInput, @Ctx() context: Context) {
    return { deliveries: await service.redeliverWebhookEvent(context, input) };
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => [WebhookDeliveryAttempt], { description: "Every HTTP attempt of this delivery, oldest first." })
  attempts(@Root() delivery: WebhookDeliveryView, @Ctx() context: Context) {
    return context.loaders.webhooks.attemptsByDeliveryId.load(delivery.id);
  }

  @FieldResolver(() => Date, { nullable: true, description: "When the next attempt is due; null once SUCCEEDED or FAILED." })
  nextAttemptAt(@Root() delivery: WebhookDeliveryView): Date | null {
    return delivery.status === "PENDING" ? delivery.nextAttemptAt : null;
  }
}

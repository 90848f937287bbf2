// Operations and helpers shared by the webhook tests.
import { ok, type Actor } from "../../support/factories.js";
import type { TestServer } from "../../support/server.js";
import type { Receiver } from "./receiver.js";

export const CREATE = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url events status description consecutiveFailures createdAt } }
}`;
export const DELIVERIES = `query($id: ID!, $first: Int, $after: String) {
  webhookDeliveries(endpointId: $id, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id eventId eventType payload endpointId status attemptCount nextAttemptAt lastStatusCode lastError deliveredAt
      attempts { attemptNumber statusCode error durationMs startedAt finishedAt } } }
  }
}`;
export const ALL_EVENTS = ["SUBMISSION_CREATED", "SUBMISSION_REVIEWED", "PARTICIPATION_STATUS_CHANGED", "METRICS_REFRESHED", "ACCRUAL", "PAYOUT", "CAMPAIGN_STATUS_CHANGED"];

export async function register(target: TestServer, rx: Receiver, actor: Actor, path: string, events = ALL_EVENTS) {
  const data = await ok(target, CREATE, { input: { url: rx.url(path), events, description: `test ${path}` } }, actor.token);
  rx.setSecret(path, data.createWebhookEndpoint.secret);
  return data.createWebhookEndpoint as { secret: string; endpoint: { id: string; status: string; events: string[] } };
}

export async function deliveries(target: TestServer, actor: Actor, endpointId: string) {
  const data = await ok(target, DELIVERIES, { id: endpointId, first: 100 }, actor.token);
  return data.webhookDeliveries.edges.map((edge: any) => edge.node) as any[];
}

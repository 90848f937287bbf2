// Registering, changing and listing webhook endpoints, reading their delivery log, and redelivering events.
// Who sees what: webhook.access.ts. Sending: dispatcher.ts; what is sent: webhook.events.ts.
import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import type { Context } from "../context.js";
import { isAdmin, requireViewer } from "../auth/access.js";
import { Conflict, NotFound, ValidationFailed } from "../shared/errors.js";
import { isPublicId, newPublicId } from "../shared/ids.js";
import type { Page, PageRequest } from "../shared/connection.js";
import { arrayParam } from "../db/array-param.js";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "../../schema/tables.js";
import { getWebhookEndpoint } from "./webhook.access.js";
import { AddressPolicy, webhookUrlProblem } from "./url-policy.js";
import { newWebhookSecret } from "./signature.js";
import type { CreateWebhookEndpointInput, RedeliverWebhookEventInput, UpdateWebhookEndpointInput } from "./webhook.input.js";
import type { WebhookDeliveryView, WebhookEndpointRow, WebhookEvent } from "./webhook.type.js";

/** Endpoints one user may register: each costs a POST per event. */
export const MAX_ENDPOINTS_PER_OWNER = 20;
const MAX_DESCRIPTION_LENGTH = 500;

const policies = new WeakMap<object, AddressPolicy>();
function policyOf(context: Context): AddressPolicy {
  const settings = context.app.config.webhooks;
  let policy = policies.get(settings);
  if (!policy) policies.set(settings, (policy = new AddressPolicy(settings)));
  return policy;
}

async function checkedFields(
  context: Context,
  input: { url?: string | null; events?: WebhookEvent[] | null; description?: string | null },
): Promise<{ url?: string; events?: WebhookEvent[]; description?: string | null }> {
  const errors: Record<string, string> = {};
  const values: { url?: string; events?: WebhookEvent[]; description?: string | null } = {};
  if (input.url != null) {
    const problem = await webhookUrlProblem(input.url, policyOf(context));
    if (problem) errors.url = problem;
    else values.url = input.url;
  }
  if (input.events != null) {
    if (input.events.length === 0) errors.events = "at least one event";
    values.events = [...new Set(input.events)];
  }
  if (input.description !== undefined) {
    if (input.description != null && input.description.length > MAX_DESCRIPTION_LENGTH) errors.description = `at most ${MAX_DESCRIPTION_LENGTH} characters`;
    values.description = input.description || null;
  }
  if (Object.keys(errors).length) throw ValidationFailed("The webhook endpoint is not valid", errors);
  return values;
}

/** BRAND or ADMIN, as the resolver declares. Answers the secret, which is never shown again. */
export async function createWebhookEndpoint(context: Context, input: CreateWebhookEndpointInput): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const viewer = requireViewer(context);
  const values = await checkedFields(context, input);
  const [owned] = await context.db
    .select({ count: sql<number>`count(*)::int` })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.ownerId, viewer.id));
  if (owned!.count >= MAX_ENDPOINTS_PER_OWNER) throw Conflict(`At most ${MAX_ENDPOINTS_PER_OWNER} webhook endpoints per account`, { limit: MAX_ENDPOINTS_PER_OWNER });
  const secret = newWebhookSecret();
  const [endpoint] = await context.db
    .insert(webhookEndpoints)
    .values({
      publicId: newPublicId("webhook"),
      ownerId: viewer.id,
      url: values.url!,
      events: values.events!,
      description: values.description ?? null,
      secretEncrypted: context.app.encryption.encrypt(secret),
    })
    .returning();
  return { endpoint: endpoint!, secret };
}

export async function updateWebhookEndpoint(context: Context, id: string, input: UpdateWebhookEndpointInput): Promise<WebhookEndpointRow> {
  const endpoint = await getWebhookEndpoint(context, id);
  const values = await checkedFields(context, input);
  const now = new Date();
  const status =
    input.enabled === true
      ? { status: "ENABLED" as const, consecutiveFailures: 0, disabledAt: null, disabledReason: null }
      : input.enabled === false && endpoint.status === "ENABLED"
        ? { status: "DISABLED" as const, disabledAt: now, disabledReason: null }
        : {};
  const [updated] = await context.db
    .update(webhookEndpoints)
    .set({ ...values, ...status, updatedAt: now })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning();
  return updated!;
}

/** Deletes the endpoint with its deliveries and their log. */
export async function deleteWebhookEndpoint(context: Context, id: string): Promise<string> {
  const endpoint = await getWebhookEndpoint(context, id);
  await context.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
  return endpoint.publicId;
}

/** A new secret signs every request from now on, retries of earlier events included. */
export async function rotateWebhookSecret(context: Context, id: string): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const endpoint = await getWebhookEndpoint(context, id);
  const secret = newWebhookSecret();
  const [updated] = await context.db
    .update(webhookEndpoints)
    .set({ secretEncrypted: context.app.encryption.encrypt(secret), updatedAt: new Date() })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning();
  return { endpoint: updated!, secret };
}

async function pageOf<T extends { id: number }>(rows: Promise<T[]>, count: Promise<{ count: number }[]>, page: PageRequest): Promise<Page<T>> {
  const [nodes, [total]] = await Promise.all([rows, count]);
  return { nodes: nodes.slice(0, page.first), hasNextPage: nodes.length > page.first, totalCount: total!.count };
}

/** The viewer's own endpoints (an admin's: everyone's), newest first. */
export async function listWebhookEndpoints(context: Context, page: PageRequest): Promise<Page<WebhookEndpointRow>> {
  const viewer = requireViewer(context);
  const scope: SQL | undefined = isAdmin(viewer) ? undefined : eq(webhookEndpoints.ownerId, viewer.id);
  return pageOf(
    context.db
      .select()
      .from(webhookEndpoints)
      .where(and(scope, page.afterId === null ? undefined : lt(webhookEndpoints.id, page.afterId)))
      .orderBy(desc(webhookEndpoints.id))
      .limit(page.first + 1),
    context.db.select({ count: sql<number>`count(*)::int` }).from(webhookEndpoints).where(scope),
    page,
  );
}

const deliveryView = {
  id: webhookDeliveries.id,
  publicId: webhookDeliveries.publicId,
  eventId: webhookDeliveries.eventId,
  endpointId: webhookDeliveries.endpointId,
  status: webhookDeliveries.status,
  attemptCount: webhookDeliveries.attemptCount,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  leaseUntil: webhookDeliveries.leaseUntil,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastError: webhookDeliveries.lastError,
  deliveredAt: webhookDeliveries.deliveredAt,
  createdAt: webhookDeliveries.createdAt,
  updatedAt: webhookDeliveries.updatedAt,
  eventPublicId: webhookEvents.publicId,
  eventType: webhookEvents.type,
  eventBody: webhookEvents.body,
  eventCreatedAt: webhookEvents.createdAt,
  endpointPublicId: webhookEndpoints.publicId,
};

function deliveriesWhere(context: Context, where: SQL | undefined) {
  return context.db
    .select(deliveryView)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(where);
}

/** The delivery log of one endpoint the viewer manages, newest first. */
export async function listWebhookDeliveries(context: Context, endpointId: string, page: PageRequest): Promise<Page<WebhookDeliveryView>> {
  const endpoint = await getWebhookEndpoint(context, endpointId, "endpointId");
  const ofEndpoint = eq(webhookDeliveries.endpointId, endpoint.id);
  return pageOf(
    deliveriesWhere(context, and(ofEndpoint, page.afterId === null ? undefined : lt(webhookDeliveries.id, page.afterId)))
      .orderBy(desc(webhookDeliveries.id))
      .limit(page.first + 1),
    context.db.select({ count: sql<number>`count(*)::int` }).from(webhookDeliveries).where(ofEndpoint),
    page,
  );
}

/**
 * Sends an event again: a new PENDING delivery, due now, with attempts of its own. The receiver sees the same
 * Webhook-Id and body as before (deduplicating receivers ignore it). A disabled endpoint must be enabled first.
 */
export async function redeliverWebhookEvent(context: Context, input: RedeliverWebhookEventInput): Promise<WebhookDeliveryView[]> {
  const viewer = requireViewer(context);
  if ((input.deliveryId == null) === (input.eventId == null)) {
    throw ValidationFailed("Give exactly one of deliveryId or eventId", { deliveryId: "exactly one of deliveryId or eventId" });
  }
  let sources: { eventId: number; endpointId: number; endpointStatus: string; ownerId: number }[];
  const mine = isAdmin(viewer) ? undefined : eq(webhookEndpoints.ownerId, viewer.id);
  const columns = {
    eventId: webhookDeliveries.eventId,
    endpointId: webhookDeliveries.endpointId,
    endpointStatus: webhookEndpoints.status,
    ownerId: webhookEndpoints.ownerId,
  };
  if (input.deliveryId != null) {
    if (!isPublicId(input.deliveryId, "delivery")) throw ValidationFailed("deliveryId is not a delivery id", { deliveryId: "malformed delivery id" });
    sources = await context.db
      .select(columns)
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.publicId, input.deliveryId), mine));
    if (sources.length === 0) throw NotFound("Webhook delivery", input.deliveryId);
  } else {
    if (!isPublicId(input.eventId!, "evt")) throw ValidationFailed("eventId is not an event id", { eventId: "malformed event id" });
    sources = await context.db
      .selectDistinct(columns)
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(and(eq(webhookEvents.publicId, input.eventId!), mine));
    if (sources.length === 0) throw NotFound("Webhook event", input.eventId!);
  }
  if (sources.some((source) => source.endpointStatus !== "ENABLED")) {
    throw Conflict("The endpoint is disabled: enable it (updateWebhookEndpoint, enabled: true) before redelivering");
  }
  const inserted = await context.db
    .insert(webhookDeliveries)
    .values(sources.map((source) => ({ publicId: newPublicId("delivery"), eventId: source.eventId, endpointId: source.endpointId })))
    .returning({ id: webhookDeliveries.id });
  return deliveriesWhere(context, sql`${webhookDeliveries.id} = any(${arrayParam(inserted.map((row) => row.id), "int")})`).orderBy(webhookDeliveries.id);
}

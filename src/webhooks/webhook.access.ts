// Who may see and manage a webhook endpoint: its owner and admins. For anyone else it does not exist.
import { eq } from "drizzle-orm";
import type { Context, Viewer } from "../context.js";
import { isAdmin, requireViewer, requireVisible } from "../auth/access.js";
import { ValidationFailed } from "../shared/errors.js";
import { isPublicId } from "../shared/ids.js";
import { webhookEndpoints } from "../../schema/tables.js";
import type { WebhookEndpointRow } from "./webhook.type.js";

export type WebhookEndpointAccess = "none" | "manage";

export function webhookEndpointAccess(viewer: Viewer | null, endpoint: WebhookEndpointRow): WebhookEndpointAccess {
  if (!viewer) return "none";
  return endpoint.ownerId === viewer.id || isAdmin(viewer) ? "manage" : "none";
}

/** The endpoint `id` names, when the viewer may manage it; NOT_FOUND otherwise (existence does not leak). */
export async function getWebhookEndpoint(context: Context, id: string, field = "id"): Promise<WebhookEndpointRow> {
  const viewer = requireViewer(context);
  if (!isPublicId(id, "webhook")) throw ValidationFailed(`${field} is not a webhook endpoint id`, { [field]: "malformed webhook endpoint id" });
  const [endpoint] = await context.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.publicId, id));
  requireVisible(endpoint ? webhookEndpointAccess(viewer, endpoint) : "none", "Webhook endpoint", id);
  return endpoint!;
}

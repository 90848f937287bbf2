// Notifications: administrators send a message to one user, who reads them in `User.notifications` and marks
// them read. Stored rows only; nothing is pushed.
import { sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { requireViewer } from "../auth/access.js";
import { NotFound, ValidationFailed } from "../shared/errors.js";
import { isPublicId, newPublicId } from "../shared/ids.js";
import { loadByAnyId } from "../shared/loader.js";
import { arrayParam } from "../db/array-param.js";
import { queryRows } from "../db/client.js";
import { notifications } from "../../schema/tables.js";
import type { MarkNotificationsReadPayload, NotificationRow, SendNotificationInput } from "./notification.type.js";

const NOTIFICATION_TYPE = /^[a-z0-9_-]{1,40}$/;
const MAX_MESSAGE_LENGTH = 2_000;
const MAX_IDS = 100;

export async function sendNotification(context: Context, input: SendNotificationInput): Promise<NotificationRow> {
  const sender = requireViewer(context);
  const fields: Record<string, string> = {};
  if (!input.message.trim() || input.message.length > MAX_MESSAGE_LENGTH) fields.message = `must be 1 to ${MAX_MESSAGE_LENGTH} characters, not only spaces`;
  if (!NOTIFICATION_TYPE.test(input.type)) fields.type = "must be 1 to 40 of a-z, 0-9, _ and -";
  if (Object.keys(fields).length) throw ValidationFailed("The notification is not valid", fields);
  const user = await loadByAnyId(context.loaders.users, input.userId, "user", "userId");
  if (!user) throw NotFound("User", input.userId);
  const [row] = await context.db
    .insert(notifications)
    .values({ publicId: newPublicId("notification"), userId: user.id, message: input.message, type: input.type, createdById: sender.id })
    .returning();
  return row!;
}

/**
 * Marks the viewer's notifications read (`ids` null: all of them; read ones keep their first `readAt`). An id
 * that is not one of the viewer's notifications is NOT_FOUND and nothing is marked.
 */
export async function markNotificationsRead(context: Context, ids: readonly string[] | null | undefined): Promise<MarkNotificationsReadPayload> {
  const viewer = requireViewer(context);
  const wanted = ids == null ? null : [...new Set(ids)];
  if (wanted && (wanted.length > MAX_IDS || wanted.some((id) => !isPublicId(id, "notification")))) {
    throw ValidationFailed("ids are not notification ids", { ids: `at most ${MAX_IDS} notification ids` });
  }
  const chosen = wanted === null ? sql`true` : sql`${notifications.publicId} = any(${arrayParam(wanted, "text")})`;
  return context.db.transaction(async (tx) => {
    // One statement: the chosen rows, the update of the unread ones, and what stays unread (the outer select
    // sees the rows as they were before the update, hence the subtraction).
    const [counts] = await queryRows<{ found: number; marked: number; unread: number }>(
      tx,
      sql`with chosen as (
          select ${notifications.id} as id, ${notifications.readAt} as read_at from ${notifications}
          where ${notifications.userId} = ${viewer.id} and ${chosen}
        ), marked as (
          update ${notifications} set read_at = now() from chosen
          where ${notifications.id} = chosen.id and chosen.read_at is null returning ${notifications.id}
        )
        select (select count(*) from chosen)::int as found, (select count(*) from marked)::int as marked,
          ((select count(*) from ${notifications} where ${notifications.userId} = ${viewer.id} and ${notifications.readAt} is null)
            - (select count(*) from marked))::int as unread`,
    );
    if (wanted && counts!.found < wanted.length) throw NotFound("One of the notifications");
    return { markedCount: counts!.marked, unreadCount: counts!.unread };
  });
}

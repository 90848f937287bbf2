import DataLoader from "dataloader";
import { sql, type SQL } from "drizzle-orm";
import type { LoaderSource } from "../shared/loader.js";
import { loaderByKey, loaderFamily, loaderGroupedByKey } from "../shared/loader.js";
import { pagesByParent, type PageRequest } from "../shared/connection.js";
import { arrayParam } from "../db/array-param.js";
import { oncePerDatabase } from "../db/client.js";
import { customSocialWalls, notifications, users } from "../../schema/tables.js";

export type NotificationRow = typeof notifications.$inferSelect;
export type CustomSocialWallRow = typeof customSocialWalls.$inferSelect;

/**
 * Users, and the per-user lists of src/notifications/ and src/user-admin/ (a user's notifications and custom
 * social walls): kept here, keyed by user, because they are the user's own lists.
 */
export function createUserLoaders({ db }: LoaderSource) {
  const select = (where: SQL, name: string) => oncePerDatabase(db, name, () => db.select().from(users).where(where).prepare(name));
  const byIdStatement = select(sql`${users.id} = any(${sql.placeholder("keys")}::int[])`, "users_by_id");
  const byPublicIdStatement = select(sql`${users.publicId} = any(${sql.placeholder("keys")}::text[])`, "users_by_public_id");
  const byId = loaderByKey((ids: number[]) => byIdStatement.execute({ keys: ids }), (row) => row.id);
  /** src/context.ts loads the viewer's row with it on every authenticated request (status and sessionsValidAfter included). */
  const byPublicId = loaderByKey((ids: string[]) => byPublicIdStatement.execute({ keys: ids }), (row) => row.publicId);
  /** One page of each user's notifications, newest first. */
  const notificationPageByUserId = loaderFamily(
    (page: PageRequest) =>
      new DataLoader((userIds: readonly number[]) =>
        pagesByParent<NotificationRow>(db, notifications, notifications.userId, userIds, page, { order: "desc" }),
      ),
  );
  /** Each user's custom social walls, oldest first. */
  const customSocialWallsByUserId = loaderGroupedByKey(
    (ids: number[]) =>
      db.select().from(customSocialWalls).where(sql`${customSocialWalls.userId} = any(${arrayParam(ids, "int")})`).orderBy(customSocialWalls.id),
    (row) => row.userId,
  );
  return { byId, byPublicId, notificationPageByUserId, customSocialWallsByUserId };
}

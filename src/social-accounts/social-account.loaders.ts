import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { loaderGroupedByKey } from "../shared/loader.js";
import { socialAccounts } from "../../schema/tables.js";

export function createSocialAccountLoaders(db: Db) {
  const socialAccountsByUserId = loaderGroupedByKey(
    (userIds: number[]) =>
      db
        .select()
        .from(socialAccounts)
        .where(sql`${socialAccounts.userId} = any(${sql.param(userIds)}::int[])`)
        .orderBy(socialAccounts.id),
    (row) => row.userId,
  );
  return { socialAccountsByUserId };
}

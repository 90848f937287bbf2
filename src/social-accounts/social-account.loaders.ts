import { sql } from "drizzle-orm";
import type { LoaderSource } from "../shared/loader.js";
import { loaderGroupedByKey } from "../shared/loader.js";
import { arrayParam } from "../db/array-param.js";
import { socialAccounts } from "../../schema/tables.js";

export function createSocialAccountLoaders({ db }: LoaderSource) {
  const byUserId = loaderGroupedByKey(
    (userIds: number[]) =>
      db
        .select()
        .from(socialAccounts)
        .where(sql`${socialAccounts.userId} = any(${arrayParam(userIds, "int")})`)
        .orderBy(socialAccounts.id),
    (row) => row.userId,
  );
  return { byUserId };
}

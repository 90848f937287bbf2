import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { loaderByKey } from "../shared/loader.js";
import { users } from "../../schema/tables.js";

export function createUserLoaders(db: Db) {
  const userById = loaderByKey(
    (ids: number[]) => db.select().from(users).where(sql`${users.id} = any(${sql.param(ids)}::int[])`),
    (row) => row.id,
  );
  const userByPublicId = loaderByKey(
    (ids: string[]) => db.select().from(users).where(sql`${users.publicId} = any(${sql.param(ids)}::text[])`),
    (row) => row.publicId,
  );
  return { userById, userByPublicId };
}

import { sql } from "drizzle-orm";
import type { LoaderSource } from "../shared/loader.js";
import { loaderByKey } from "../shared/loader.js";
import { arrayParam } from "../db/array-param.js";
import { users } from "../../schema/tables.js";

export function createUserLoaders({ db }: LoaderSource) {
  const byId = loaderByKey(
    (ids: number[]) => db.select().from(users).where(sql`${users.id} = any(${arrayParam(ids, "int")})`),
    (row) => row.id,
  );
  const byPublicId = loaderByKey(
    (ids: string[]) => db.select().from(users).where(sql`${users.publicId} = any(${arrayParam(ids, "text")})`),
    (row) => row.publicId,
  );
  return { byId, byPublicId };
}

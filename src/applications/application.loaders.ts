import { sql } from "drizzle-orm";
import type { LoaderSource } from "../shared/loader.js";
import { loaderByKey } from "../shared/loader.js";
import { arrayParam } from "../db/array-param.js";
import { applications } from "../../schema/tables.js";

export function createApplicationLoaders({ db }: LoaderSource) {
  const byId = loaderByKey(
    (ids: number[]) => db.select().from(applications).where(sql`${applications.id} = any(${arrayParam(ids, "int")})`),
    (row) => row.id,
  );
  const byPublicId = loaderByKey(
    (ids: string[]) => db.select().from(applications).where(sql`${applications.publicId} = any(${arrayParam(ids, "text")})`),
    (row) => row.publicId,
  );
  /** The application an access token names (its `client_id`); src/context.ts reads it on every application request. */
  const byClientId = loaderByKey(
    (ids: string[]) => db.select().from(applications).where(sql`${applications.clientId} = any(${arrayParam(ids, "text")})`),
    (row) => row.clientId,
  );
  return { byId, byPublicId, byClientId };
}

import { sql } from "drizzle-orm";
import type { LoaderSource } from "../shared/loader.js";
import { loaderByKey, loaderGroupedByKey } from "../shared/loader.js";
import { arrayParam } from "../db/array-param.js";
import { campaigns, campaignTasks } from "../../schema/tables.js";

export function createCampaignLoaders({ db }: LoaderSource) {
  const byId = loaderByKey(
    (ids: number[]) => db.select().from(campaigns).where(sql`${campaigns.id} = any(${arrayParam(ids, "int")})`),
    (row) => row.id,
  );
  const byPublicId = loaderByKey(
    (ids: string[]) => db.select().from(campaigns).where(sql`${campaigns.publicId} = any(${arrayParam(ids, "text")})`),
    (row) => row.publicId,
  );
  const tasksByCampaignId = loaderGroupedByKey(
    (ids: number[]) =>
      db
        .select()
        .from(campaignTasks)
        .where(sql`${campaignTasks.campaignId} = any(${arrayParam(ids, "int")})`)
        .orderBy(campaignTasks.id),
    (row) => row.campaignId,
  );
  const taskById = loaderByKey(
    (ids: number[]) => db.select().from(campaignTasks).where(sql`${campaignTasks.id} = any(${arrayParam(ids, "int")})`),
    (row) => row.id,
  );
  const taskByPublicId = loaderByKey(
    (ids: string[]) => db.select().from(campaignTasks).where(sql`${campaignTasks.publicId} = any(${arrayParam(ids, "text")})`),
    (row) => row.publicId,
  );
  return { byId, byPublicId, tasksByCampaignId, tasks: { byId: taskById, byPublicId: taskByPublicId } };
}

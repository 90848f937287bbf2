import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import type { Viewer } from "../context.js";
import { loaderByKey, loaderGroupedByKey } from "../shared/loader.js";
import { campaigns, campaignTasks, participations } from "../../schema/tables.js";

export function createCampaignLoaders(db: Db, viewer: () => Viewer | null) {
  const campaignById = loaderByKey(
    (ids: number[]) => db.select().from(campaigns).where(sql`${campaigns.id} = any(${sql.param(ids)}::int[])`),
    (row) => row.id,
  );
  const campaignByPublicId = loaderByKey(
    (ids: string[]) => db.select().from(campaigns).where(sql`${campaigns.publicId} = any(${sql.param(ids)}::text[])`),
    (row) => row.publicId,
  );
  const tasksByCampaignId = loaderGroupedByKey(
    (ids: number[]) =>
      db
        .select()
        .from(campaignTasks)
        .where(sql`${campaignTasks.campaignId} = any(${sql.param(ids)}::int[])`)
        .orderBy(campaignTasks.id),
    (row) => row.campaignId,
  );
  /** The viewer's own participation in each campaign, if any. */
  const viewerParticipationByCampaignId = loaderByKey(
    (ids: number[]) =>
      db
        .select()
        .from(participations)
        .where(
          and(
            sql`${participations.campaignId} = any(${sql.param(ids)}::int[])`,
            eq(participations.influencerId, viewer()?.id ?? -1),
          ),
        ),
    (row) => row.campaignId,
  );
  return { campaignById, campaignByPublicId, tasksByCampaignId, viewerParticipationByCampaignId };
}

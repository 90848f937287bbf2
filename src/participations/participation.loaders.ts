import DataLoader from "dataloader";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { LoaderSource } from "../shared/loader.js";
import { loaderByKey, loaderFamily } from "../shared/loader.js";
import { pagesByParent, type PageRequest } from "../shared/connection.js";
import { arrayParam } from "../db/array-param.js";
import { campaigns, participations } from "../../schema/tables.js";
import type { CampaignRow } from "../campaigns/campaign.type.js";
import type { ParticipationRow } from "./participation.type.js";
import { trackingOfParticipations } from "./participation.tracking.js";
import { taskStatusSql, type TaskStatus } from "./participation.task.js";
import { oncePerDatabase, queryRows, type Db } from "../db/client.js";

/** The participation-with-campaign statements, built once per database handle (`oncePerDatabase`). */
function prepareWithCampaign(db: Db) {
  const select = (where: SQL, name: string) =>
    db
      .select({ participation: participations, campaign: campaigns })
      .from(participations)
      .innerJoin(campaigns, eq(campaigns.id, participations.campaignId))
      .where(where)
      .prepare(name);
  return {
    byId: select(sql`${participations.id} = any(${sql.placeholder("keys")}::int[])`, "participation_with_campaign_by_id"),
    byPublicId: select(sql`${participations.publicId} = any(${sql.placeholder("keys")}::text[])`, "participation_with_campaign_by_public_id"),
  };
}

export function createParticipationLoaders({ db, viewer }: LoaderSource) {
  const byId = loaderByKey(
    (ids: number[]) => db.select().from(participations).where(sql`${participations.id} = any(${arrayParam(ids, "int")})`),
    (row) => row.id,
  );
  const byPublicId = loaderByKey(
    (ids: string[]) => db.select().from(participations).where(sql`${participations.publicId} = any(${arrayParam(ids, "text")})`),
    (row) => row.publicId,
  );

  /**
   * A participation with its campaign in one statement, by either key: the access rule (participation.access.ts)
   * needs both. Not cached: it primes byId, byPublicId and the campaigns' byId, which remain the cache.
   */
  const statements = oncePerDatabase(db, "participation_with_campaign", () => prepareWithCampaign(db));
  const withCampaignBy = <K,>(statement: (typeof statements)["byId"], keyOf: (row: ParticipationRow) => K) =>
    new DataLoader<K, { participation: ParticipationRow; campaign: CampaignRow } | undefined>(
      async (keys) => {
        const rows = await statement.execute({ keys: [...keys] });
        const byKey = new Map(rows.map((row) => [keyOf(row.participation), row]));
        return keys.map((key) => byKey.get(key));
      },
      { cache: false },
    );
  const withCampaign = {
    byId: withCampaignBy(statements.byId, (row): number => row.id),
    byPublicId: withCampaignBy(statements.byPublicId, (row): string => row.publicId),
  };

  /** A campaign's participations, page by page; `own` limits them to the viewer's (an influencer's view). */
  const pageByCampaignId = loaderFamily(
    ({ page, own }: { page: PageRequest; own: boolean }) =>
      new DataLoader((campaignIds: readonly number[]) =>
        pagesByParent<ParticipationRow>(db, participations, participations.campaignId, campaignIds, page, {
          order: "asc",
          filter: own ? { column: participations.influencerId, equals: viewer()?.id ?? -1 } : undefined,
        }),
      ),
  );

  /** The viewer's own participation in each campaign, if any. */
  const ofViewerByCampaignId = loaderByKey(
    (ids: number[]) =>
      db
        .select()
        .from(participations)
        .where(and(sql`${participations.campaignId} = any(${arrayParam(ids, "int")})`, eq(participations.influencerId, viewer()?.id ?? -1))),
    (row) => row.campaignId,
  );

  /**
   * Which submissions are tracked: the first `submission_limit` ACCEPTED ones by submission time
   * (participation.tracking.ts). Computed, not stored, so lowering the limit later changes tracking at once.
   */
  const trackingById = new DataLoader((ids: readonly number[]) => trackingOfParticipations(db, ids));

  /** Each participation's legacy task status (participation.task.ts), one statement per batch. */
  const taskStatusById = loaderByKey(
    (ids: number[]) =>
      queryRows<{ id: number; taskStatus: TaskStatus }>(
        db,
        sql`select p.id, ${taskStatusSql("p")} as "taskStatus" from participations p where p.id = any(${arrayParam(ids, "int")})`,
      ),
    (row) => Number(row.id),
  );

  return { byId, byPublicId, withCampaign, pageByCampaignId, ofViewerByCampaignId, trackingById, taskStatusById };
}

import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import type { Viewer } from "../context.js";
import { pagesByParent, type PageRequest } from "../shared/connection.js";
import { loaderByKey, loaderFamily } from "../shared/loader.js";
import { queryRows } from "../db/client.js";
import DataLoader from "dataloader";
import { participations, submissions } from "../../schema/tables.js";
import type { ParticipationRow } from "./participation.type.js";
import { rankedAcceptedSubmissions } from "./participation.tracking.js";
import type { SubmissionRow } from "../submissions/submission.type.js";

export interface Tracking {
  submissionLimit: number;
  acceptedSubmissionCount: number;
  trackedSubmissionIds: Set<number>;
}

export function createParticipationLoaders(db: Db, viewer: () => Viewer | null) {
  const participationById = loaderByKey(
    (ids: number[]) => db.select().from(participations).where(sql`${participations.id} = any(${sql.param(ids)}::int[])`),
    (row) => row.id,
  );
  const participationByPublicId = loaderByKey(
    (ids: string[]) =>
      db.select().from(participations).where(sql`${participations.publicId} = any(${sql.param(ids)}::text[])`),
    (row) => row.publicId,
  );

  /** A campaign's participations, page by page; `own` limits them to the viewer's (an influencer's view). */
  const participationsPageByCampaignId = loaderFamily(
    ({ page, own }: { page: PageRequest; own: boolean }) =>
      new DataLoader((campaignIds: readonly number[]) =>
        pagesByParent<ParticipationRow>(db, participations, participations.campaignId, campaignIds, page, {
          order: "asc",
          where: own ? eq(participations.influencerId, viewer()?.id ?? -1) : undefined,
        }),
      ),
  );

  const submissionsPageByParticipationId = loaderFamily(
    (page: PageRequest) =>
      new DataLoader((participationIds: readonly number[]) =>
        pagesByParent<SubmissionRow>(db, submissions, submissions.participationId, participationIds, page, { order: "asc" }),
      ),
  );

  /**
   * Which submissions are tracked: the first `submission_limit` ACCEPTED ones by submission time
   * (participation.tracking.ts). Computed, not stored, so lowering the limit later changes tracking at once.
   */
  const trackingByParticipationId = new DataLoader(async (ids: readonly number[]) => {
    const rows = await queryRows<{ participation_id: number; submission_limit: number; submission_id: number | null; tracked: boolean | null }>(
      db,
      sql`select p.id as participation_id, c.submission_limit, s.id as submission_id, s.tracked
          from participations p
          join campaigns c on c.id = p.campaign_id
          left join (${rankedAcceptedSubmissions({ scope: sql`t.participation_id = any(${sql.param([...ids])}::int[])` })}) s
            on s.participation_id = p.id
          where p.id = any(${sql.param([...ids])}::int[])`,
    );
    const byId = new Map<number, Tracking>();
    for (const row of rows) {
      const entry = byId.get(row.participation_id) ?? {
        submissionLimit: row.submission_limit,
        acceptedSubmissionCount: 0,
        trackedSubmissionIds: new Set<number>(),
      };
      byId.set(row.participation_id, entry);
      if (row.submission_id === null) continue;
      entry.acceptedSubmissionCount++;
      if (row.tracked) entry.trackedSubmissionIds.add(row.submission_id);
    }
    return ids.map((id) => byId.get(id) ?? { submissionLimit: 0, acceptedSubmissionCount: 0, trackedSubmissionIds: new Set<number>() });
  });

  return {
    participationById,
    participationByPublicId,
    participationsPageByCampaignId,
    submissionsPageByParticipationId,
    trackingByParticipationId,
  };
}

import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { loaderByKey } from "../shared/loader.js";
import { metricsSnapshots } from "../../schema/tables.js";

export function createMetricsLoaders(db: Db) {
  /** The newest snapshot of each submission (one index scan per key via DISTINCT ON). */
  const latestSnapshotBySubmissionId = loaderByKey(
    (ids: number[]) =>
      db
        .selectDistinctOn([metricsSnapshots.submissionId])
        .from(metricsSnapshots)
        .where(sql`${metricsSnapshots.submissionId} = any(${sql.param(ids)}::int[])`)
        .orderBy(metricsSnapshots.submissionId, sql`${metricsSnapshots.fetchedAt} desc`),
    (row) => row.submissionId,
  );
  return { latestSnapshotBySubmissionId };
}

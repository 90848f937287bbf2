import { sql } from "drizzle-orm";
import type { LoaderSource } from "../shared/loader.js";
import { loaderByKey } from "../shared/loader.js";
import { arrayParam } from "../db/array-param.js";
import { metricsSnapshots } from "../../schema/tables.js";

export function createMetricsLoaders({ db }: LoaderSource) {
  /** The newest snapshot of each submission (one index scan per key via DISTINCT ON). */
  const latestSnapshotBySubmissionId = loaderByKey(
    (ids: number[]) =>
      db
        .selectDistinctOn([metricsSnapshots.submissionId])
        .from(metricsSnapshots)
        .where(sql`${metricsSnapshots.submissionId} = any(${arrayParam(ids, "int")})`)
        .orderBy(metricsSnapshots.submissionId, sql`${metricsSnapshots.fetchedAt} desc`),
    (row) => row.submissionId,
  );
  return { latestSnapshotBySubmissionId };
}

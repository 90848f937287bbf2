import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { loaderByKey } from "../shared/loader.js";
import { submissions } from "../../schema/tables.js";

export function createSubmissionLoaders(db: Db) {
  const submissionByPublicId = loaderByKey(
    (ids: string[]) => db.select().from(submissions).where(sql`${submissions.publicId} = any(${sql.param(ids)}::text[])`),
    (row) => row.publicId,
  );
  const submissionById = loaderByKey(
    (ids: number[]) => db.select().from(submissions).where(sql`${submissions.id} = any(${sql.param(ids)}::int[])`),
    (row) => row.id,
  );
  return { submissionByPublicId, submissionById };
}

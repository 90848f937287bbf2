import DataLoader from "dataloader";
import { sql } from "drizzle-orm";
import type { LoaderSource } from "../shared/loader.js";
import { loaderByKey, loaderFamily } from "../shared/loader.js";
import { pagesByParent, type PageRequest } from "../shared/connection.js";
import { arrayParam } from "../db/array-param.js";
import { submissions } from "../../schema/tables.js";
import type { SubmissionRow } from "./submission.type.js";

export function createSubmissionLoaders({ db }: LoaderSource) {
  const byPublicId = loaderByKey(
    (ids: string[]) => db.select().from(submissions).where(sql`${submissions.publicId} = any(${arrayParam(ids, "text")})`),
    (row) => row.publicId,
  );
  const byId = loaderByKey(
    (ids: number[]) => db.select().from(submissions).where(sql`${submissions.id} = any(${arrayParam(ids, "int")})`),
    (row) => row.id,
  );
  /** A participation's submissions, page by page. */
  const pageByParticipationId = loaderFamily(
    (page: PageRequest) =>
      new DataLoader((participationIds: readonly number[]) =>
        pagesByParent<SubmissionRow>(db, submissions, submissions.participationId, participationIds, page, { order: "asc" }),
      ),
  );
  return { byPublicId, byId, pageByParticipationId };
}

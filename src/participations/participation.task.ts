// A participation seen as a legacy task (docs/legacy-api.md, "The task model"): its task status, derived
// from the participation's status and its earnings, in one SQL expression that both the batched loader and
// the list filter use, so `Participation.taskStatus` and `participations(filter: { taskStatuses })` agree.
import { sql, type SQL } from "drizzle-orm";
import { graphqlEnum } from "../shared/enums.js";

export const TASK_STATUSES = ["PENDING", "UNDER_REVIEW", "ACCEPTED", "REJECTED", "PAID", "LEFT"] as const;

export const TaskStatus = graphqlEnum(
  TASK_STATUSES,
  "TaskStatus",
  "A participation as a legacy task: PENDING (joined, nothing submitted), UNDER_REVIEW (content submitted, not reviewed), " +
    "ACCEPTED (approved or completed), PAID (accepted, and everything accrued for it, bonuses included, paid out), " +
    "REJECTED (the owner rejected it), LEFT (the influencer left).",
);
export type TaskStatus = keyof typeof TaskStatus;

/**
 * The task status of the participation row `alias` (a table name or alias) as SQL text. PAID: something
 * accrued and every accrued cent paid (money.ts: payable = accrued − blocked − paid, so paid = accrued means
 * nothing is payable or blocked); bonuses are part of `accrued_cents` (submission_earnings.bonus_cents).
 */
export function taskStatusSql(alias: string): SQL<TaskStatus> {
  const p = sql.identifier(alias);
  return sql<TaskStatus>`case ${p}.status
      when 'PARTICIPATION_STATUS_PENDING' then 'PENDING'
      when 'PARTICIPATION_STATUS_CONTENT_SUBMITTED' then 'UNDER_REVIEW'
      when 'PARTICIPATION_STATUS_REJECTED' then 'REJECTED'
      when 'PARTICIPATION_STATUS_LEFT' then 'LEFT'
      else case when (select coalesce(sum(e.accrued_cents), 0) > 0 and coalesce(sum(e.paid_cents), 0) = coalesce(sum(e.accrued_cents), 0)
                      from submissions s join submission_earnings e on e.submission_id = s.id
                      where s.participation_id = ${p}.id)
                then 'PAID' else 'ACCEPTED' end
    end`;
}
